// npm start (after astro build) — prepares the store, then starts the built portal.
// On a fresh machine the embedded store is migrated and seeded with the demo world on first run.
import { getConfig } from '../src/config.ts';
import { prepareStore } from '../src/db/prepare.ts';

const config = getConfig();
const started = Date.now();
if (config.env !== 'production') {
  const { migrationsApplied, seed } = await prepareStore(config);
  if (migrationsApplied.length > 0) console.log(`Store migrated (${migrationsApplied.join(', ')}).`);
  if (seed?.seeded)
    console.log(`Demo world seeded: ${seed.citizens} citizens in ${(seed.elapsedMs / 1000).toFixed(1)} s.`);
}
process.env['HOST'] ??= config.host;
process.env['PORT'] ??= String(config.port);
// Built by `astro build`; a variable specifier keeps the type checker from following it.
const entry = '../dist/server/entry.mjs';
await import(entry);
console.log(
  `Indsigt is ready at ${config.publicBaseUrl.origin}/ (${config.store.kind} store, ${Date.now() - started} ms).`,
);
