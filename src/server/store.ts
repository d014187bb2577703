/**
 * The server's connections to the audit store, opened on first use from the configuration and closed
 * when the process is asked to stop (PGlite must close to release its data directory). The portal reads
 * through its own login (indsigt_portal); the write side (ingest API, automatic checkpoints) uses
 * INGEST_DATABASE_URL, a login in indsigt_ingest, when one is configured, else the same store.
 *
 * The handles live on `globalThis`, not only in this module: scripts/serve.ts runs the built server and
 * the Digital Post worker in one process, and the built server carries its own copy of this module. The
 * embedded store may be opened only once per process, so both copies must share one handle.
 */
import { getConfig } from '../config.ts';
import type { Db } from '../db/db.ts';
import { openStore } from '../db/open.ts';
import { startCheckpointSchedule } from './checkpoint-schedule.ts';

const STORE_KEY = Symbol.for('indsigt.store');
const WRITE_STORE_KEY = Symbol.for('indsigt.write-store');
const shared = globalThis as typeof globalThis & {
  [STORE_KEY]?: Promise<Db>;
  [WRITE_STORE_KEY]?: Promise<Db>;
};

function closeOnSignal(): void {
  const shutdown = (signal: NodeJS.Signals): void => {
    const open = [shared[STORE_KEY], shared[WRITE_STORE_KEY]].filter(
      (db): db is Promise<Db> => db !== undefined,
    );
    void Promise.allSettled(open.map(async (db) => (await db).close())).finally(() =>
      process.kill(process.pid, signal),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

/** The store this server process reads (and, without a separate write login, writes). */
export function getStore(): Promise<Db> {
  let opening = shared[STORE_KEY];
  if (!opening) {
    const config = getConfig();
    opening = openStore(config.store, config.storeLimits);
    shared[STORE_KEY] = opening;
    closeOnSignal();
    startCheckpointSchedule(getWriteStore);
  }
  return opening;
}

/** The store as the write side sees it: the ingest login when configured, else the same store. */
export function getWriteStore(): Promise<Db> {
  const { writeStore } = getConfig();
  const read = getStore(); // also starts the checkpoint schedule and the close-on-signal handling
  if (writeStore === undefined) return read;
  const open = shared[WRITE_STORE_KEY];
  if (open) return open;
  const opening = openStore(writeStore, getConfig().storeLimits);
  shared[WRITE_STORE_KEY] = opening;
  return opening;
}
