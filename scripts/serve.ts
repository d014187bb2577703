// npm start — prepares the store, starts the development IdPs when no issuer is configured, then
// starts the built portal. On a fresh machine the embedded store is migrated and seeded with the
// demo world on first run. With --build (what npm start passes), `astro build` runs in a child
// process while the store is prepared: on a fresh clone both take many seconds (PGlite's initdb and
// the demo seed; issue 15: startup under 30 s), and the built server is loaded once both are done.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { DEV_STAFF_CLIENT_SECRET } from '../src/auth/index.ts';
import { getConfig } from '../src/config.ts';
import { prepareStore } from '../src/db/prepare.ts';
import { startDevIdps, type DevIdps } from '../src/dev-idp/server.ts';
import { startDigitalPost } from '../src/digital-post/start.ts';
import type { RunningWorker } from '../src/digital-post/worker.ts';
import type { AstroHandler } from '../src/server/http/front-server.ts';
import { preparePortalProcess, startPortalServer } from '../src/server/http/start.ts';
import { loggerFor, routeConsoleToLog } from '../src/server/json-log.ts';
import { log } from '../src/server/log.ts';
import { getStore } from '../src/server/store.ts';

// Every line this process writes is one JSON object (src/server/json-log.ts), libraries' console calls too.
routeConsoleToLog();

// Outside production, a client key for private_key_jwt is made at start when none is configured.
// The portal reads it from the environment like a configured one and publishes its public half.
if (process.env['NODE_ENV'] !== 'production' && !process.env['OIDC_CLIENT_PRIVATE_KEY']) {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `dev-${randomBytes(4).toString('hex')}`;
  process.env['OIDC_CLIENT_PRIVATE_KEY'] = JSON.stringify({
    ...(await exportJWK(privateKey)),
    kid,
    alg: 'ES256',
    use: 'sig',
  });
}

/** `astro build` in a child process; resolves when it has succeeded, exits this process if it fails. */
function buildInBackground(): Promise<void> {
  const astro = new URL('../node_modules/astro/bin/astro.mjs', import.meta.url);
  const child = spawn(process.execPath, [astro.pathname, 'build'], { stdio: 'inherit' });
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else {
        console.error(`astro build failed (${signal ?? String(code)}); the portal is not started.`);
        process.exit(1);
      }
    });
  });
}

const built = process.argv.includes('--build') ? buildInBackground() : Promise.resolve();
const config = getConfig();
const started = Date.now();
// Before the store is first opened: our server drains requests on SIGTERM, then closes it.
preparePortalProcess(config);
if (config.env !== 'production') {
  // The embedded store is prepared through the portal's own handle: PGlite starts once.
  const { migrationsApplied, seed, rebuilt, checkpoint, checkpointError } = await prepareStore(
    config,
    config.store.kind === 'embedded' ? await getStore() : undefined,
  );
  if (migrationsApplied.length > 0) log.info('store migrated', { migrations: migrationsApplied });
  if (rebuilt) log.info('the embedded demo store predated sealed case headers; it was rebuilt');
  if (seed?.seeded) log.info('demo world seeded', { citizens: seed.citizens, elapsedMs: seed.elapsedMs });
  if (checkpoint) log.info('checkpoint signed', { checkpoint: checkpoint.id, cases: checkpoint.caseCount });
  if (checkpointError) log.warn('no checkpoint was signed', { error: checkpointError });
}
let idps: DevIdps | undefined;
if (config.env !== 'production' && (!config.citizenIssuer || !config.staffIssuer)) {
  idps = await startDevIdps({
    port: config.devIdpPort,
    portalBaseUrl: config.publicBaseUrl,
    citizenClient: {
      clientId: config.citizenClient.clientId,
      method: 'private_key_jwt',
      jwks: { uri: `${config.publicBaseUrl.origin}/.well-known/jwks.json` },
    },
    staffClient: {
      clientId: config.staffClient.clientId,
      secret: config.staffClient.clientSecret ?? DEV_STAFF_CLIENT_SECRET,
    },
    // Beside the embedded store, so letters survive a restart and go when the store is reset.
    digitalPostInboxDir: '.data/digital-post-inbox',
  });
  log.info('development IdPs started (test identities only)', {
    citizenIssuer: idps.citizenIssuer,
    staffIssuer: idps.staffIssuer,
    digitalPostInbox: `${idps.citizenIssuer}/digital-post`,
  });
}
// The Digital Post outbox worker runs in every portal process (several instances share the work through
// the database); the built server below reuses the same store handle (src/server/store.ts).
let worker: RunningWorker | null = null;
if (config.digitalPost.transport.kind === 'development' && !idps) {
  log.warn('Digital Post: no development inbox runs (an issuer is configured); letters wait in the outbox');
} else {
  worker = startDigitalPost(
    await getStore(),
    config.digitalPost,
    idps ? new URL(idps.digitalPostUrl) : undefined,
    (level, message, fields) => {
      log[level](message, fields);
    },
    config.publicBaseUrl,
  );
  if (worker) log.info('Digital Post worker started', { transport: config.digitalPost.transport.kind });
}
// Built by `astro build` (the adapter in middleware mode); a variable specifier keeps the type
// checker from following it. Our server (src/server/http/) runs around its handler, so that static
// files and the adapter's own answers carry the security headers too.
await built;
const entry = '../dist/server/entry.mjs';
const { handler } = (await import(entry)) as { handler: AstroHandler };
await startPortalServer(handler, config, new URL('../dist/client/', import.meta.url), {
  // On shutdown the worker finishes the letter in hand before the store closes.
  beforeStoreClose: () => worker?.stop() ?? Promise.resolve(),
});
// Written whatever LOG_LEVEL says: scripts and tests that start the portal wait for this line.
loggerFor('indsigt').info(
  { url: `${config.publicBaseUrl.origin}/`, store: config.store.kind, startMs: Date.now() - started },
  'Indsigt is ready',
);
