/** Opens the store the configuration names: PostgreSQL when DATABASE_URL is set, else PGlite. */
import type { Config } from '../config.ts';
import type { Db, StoreLimits } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

/**
 * The store for `store`. The portal's server passes `limits` (statement and acquire timeouts); the
 * command-line tools (migrate, seed, ingest, bench) do not, so long statements may finish.
 */
export async function openStore(store: Config['store'], limits?: StoreLimits): Promise<Db> {
  return store.kind === 'postgres'
    ? openPostgres(store.url, limits ? { limits } : {})
    : openPglite(store.dataDir);
}
