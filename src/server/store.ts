/**
 * The server's connections to the audit store, opened on first use from the configuration and closed
 * when the process is asked to stop (PGlite must close to release its data directory). The portal reads
 * through its own login (indsigt_portal); the write side (ingest API, automatic checkpoints) uses
 * INGEST_DATABASE_URL, a login in indsigt_ingest, when one is configured, else the same store.
 *
 * The handles live on `globalThis`, not only in this module: scripts/serve.ts runs the built server and
 * the Digital Post worker in one process, and the built server carries its own copy of this module. The
 * embedded store may be opened only once per process, so both copies must share one handle.
 *
 * When the server script manages shutdown (drain requests, then close the stores:
 * src/server/http/start.ts) it says so here; otherwise (astro dev) a signal closes the stores at once.
 */
import { getConfig } from '../config.ts';
import type { Db, StoreObserver } from '../db/db.ts';
import { openStore } from '../db/open.ts';
import { startCheckpointSchedule } from './checkpoint-schedule.ts';
import { startFactsSchedule, stopFactsSchedule } from './facts-schedule.ts';

const STORE_KEY = Symbol.for('indsigt.store');
const WRITE_STORE_KEY = Symbol.for('indsigt.write-store');
const COUNT_STORE_KEY = Symbol.for('indsigt.count-store');
const LIFECYCLE_KEY = Symbol.for('indsigt.store-lifecycle');
const shared = globalThis as typeof globalThis & {
  [STORE_KEY]?: Promise<Db> | undefined;
  [WRITE_STORE_KEY]?: Promise<Db> | undefined;
  [COUNT_STORE_KEY]?: Promise<Db> | undefined;
  [LIFECYCLE_KEY]?: { managedShutdown: boolean; observer: StoreObserver | undefined };
};
interface Lifecycle {
  managedShutdown: boolean;
  observer: StoreObserver | undefined;
}
const existing: Lifecycle | undefined = shared[LIFECYCLE_KEY];
const lifecycle: Lifecycle =
  existing ?? (shared[LIFECYCLE_KEY] = { managedShutdown: false, observer: undefined });

function closeOnSignal(): void {
  if (lifecycle.managedShutdown) return;
  const shutdown = (signal: NodeJS.Signals): void => {
    void closeStore().finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

/** The store this server process reads (and, without a separate write login, writes). */
export function getStore(): Promise<Db> {
  let opening = shared[STORE_KEY];
  if (!opening) {
    const config = getConfig();
    opening = openStore(config.store, config.storeLimits, lifecycle.observer);
    shared[STORE_KEY] = opening;
    closeOnSignal();
    startCheckpointSchedule(getWriteStore);
    startFactsSchedule(getCountStore, config.registerFactsRefreshMinutes);
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
  const opening = openStore(writeStore, getConfig().storeLimits, lifecycle.observer);
  shared[WRITE_STORE_KEY] = opening;
  return opening;
}

/**
 * The store the register's facts are counted on (src/server/facts-schedule.ts): PostgreSQL through a
 * pool of its own without the server's statement timeout (the counting takes seconds on a big store;
 * it sets its own limit); the embedded store through the one shared handle (PGlite has no timeouts).
 */
export function getCountStore(): Promise<Db> {
  const config = getConfig();
  const read = getStore();
  if (config.store.kind !== 'postgres') return read;
  const open = shared[COUNT_STORE_KEY];
  if (open) return open;
  const opening = openStore(config.store, undefined, lifecycle.observer);
  shared[COUNT_STORE_KEY] = opening;
  return opening;
}

/** Closes the stores that are open (the pools, or PGlite and its lock). */
export async function closeStore(): Promise<void> {
  stopFactsSchedule();
  const open = [shared[STORE_KEY], shared[WRITE_STORE_KEY], shared[COUNT_STORE_KEY]].filter(
    (db): db is Promise<Db> => db !== undefined,
  );
  shared[STORE_KEY] = undefined;
  shared[WRITE_STORE_KEY] = undefined;
  shared[COUNT_STORE_KEY] = undefined;
  await Promise.allSettled(open.map(async (db) => (await db).close()));
}

/** Called by a server that drains requests on SIGTERM before it closes the stores itself. */
export function manageShutdown(): void {
  lifecycle.managedShutdown = true;
}

/** Reports the stores' failed queries and pool waits (to /metrics); set before the first query. */
export function observeStore(observer: StoreObserver): void {
  lifecycle.observer = observer;
}
