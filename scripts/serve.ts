// npm start (after astro build) — prepares the store, starts the development IdPs when no issuer
// is configured, then starts the built portal. On a fresh machine the embedded store is migrated
// and seeded with the demo world on first run.
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { DEV_STAFF_CLIENT_SECRET } from '../src/auth/index.ts';
import { getConfig } from '../src/config.ts';
import { prepareStore } from '../src/db/prepare.ts';
import { startDevIdps } from '../src/dev-idp/server.ts';

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
if (config.env !== 'production' && (!config.citizenIssuer || !config.staffIssuer)) {
  const idps = await startDevIdps({
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
  });
  console.log(
    `Development IdPs: MitID at ${idps.citizenIssuer}, staff at ${idps.staffIssuer} (test identities only).`,
  );
}
process.env['HOST'] ??= config.host;
process.env['PORT'] ??= String(config.port);
// Built by `astro build`; a variable specifier keeps the type checker from following it.
const entry = '../dist/server/entry.mjs';
await import(entry);
console.log(
  `Indsigt is ready at ${config.publicBaseUrl.origin}/ (${config.store.kind} store, ${Date.now() - started} ms).`,
);
