/** Opens the store the configuration names: PostgreSQL when DATABASE_URL is set, else PGlite. */
import type { Config } from '../config.ts';
import type { Db, StoreObserver } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export async function openStore(store: Config['store'], observer?: StoreObserver): Promise<Db> {
  return store.kind === 'postgres'
    ? openPostgres(store.url, observer ? { observer } : {})
    : openPglite(store.dataDir, observer);
}
