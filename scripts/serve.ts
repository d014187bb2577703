// npm start (after astro build) — prepares the store, starts the development IdPs when no issuer
// is configured, then starts the built portal. On a fresh machine the embedded store is migrated
// and seeded with the demo world on first run.
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { DEV_STAFF_CLIENT_SECRET } from '../src/auth/index.ts';
import { getConfig } from '../src/config.ts';
import { prepareStore } from '../src/db/prepare.ts';
import { startDevIdps, type DevIdps } from '../src/dev-idp/server.ts';
import { startDigitalPost } from '../src/digital-post/start.ts';
import { log } from '../src/server/log.ts';
import { getStore } from '../src/server/store.ts';
import { createPortalServer, type NodeHandler } from '../src/server/node-server.ts';
import { securityHeadersFor } from '../src/server/security-headers.ts';

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

const config = getConfig();
const started = Date.now();
if (config.env !== 'production') {
  const { migrationsApplied, seed, rebuilt, checkpoint, checkpointError } = await prepareStore(config);
  if (migrationsApplied.length > 0) console.log(`Store migrated (${migrationsApplied.join(', ')}).`);
  if (rebuilt) console.log('The embedded demo store predated sealed case headers; it was rebuilt.');
  if (seed?.seeded)
    console.log(`Demo world seeded: ${seed.citizens} citizens in ${(seed.elapsedMs / 1000).toFixed(1)} s.`);
  if (checkpoint) console.log(`Checkpoint ${checkpoint.id} signed over ${checkpoint.caseCount} cases.`);
  if (checkpointError) console.log(`No checkpoint was signed: ${checkpointError}`);
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
  console.log(
    `Development IdPs: MitID at ${idps.citizenIssuer}, staff at ${idps.staffIssuer} (test identities only); Digital Post inbox at ${idps.citizenIssuer}/digital-post.`,
  );
}
// The Digital Post outbox worker runs in every portal process (several instances share the work through
// the database); the built server below reuses the same store handle (src/server/store.ts).
if (config.digitalPost.transport.kind === 'development' && !idps) {
  log.warn('Digital Post: no development inbox runs (an issuer is configured); letters wait in the outbox');
} else {
  const worker = startDigitalPost(
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
// The adapter's handler behind our own server (src/server/node-server.ts), so that static files and
// the adapter's own answers carry the security headers too; the adapter must not start its own.
process.env['ASTRO_NODE_AUTOSTART'] = 'disabled';
// Built by `astro build`; a variable specifier keeps the type checker from following it.
const entry = '../dist/server/entry.mjs';
const { handler } = (await import(entry)) as { handler: NodeHandler };
const server = createPortalServer(handler, securityHeadersFor(config));
await new Promise<void>((resolve, reject) => {
  server.once('error', reject);
  server.listen(config.port, config.host, resolve);
});
console.log(
  `Indsigt is ready at ${config.publicBaseUrl.origin}/ (${config.store.kind} store, ${Date.now() - started} ms).`,
);
