/**
 * The server's one connection to the audit store, opened on first use from the configuration.
 *
 * One per process: the built Astro bundle and the server script (scripts/serve.ts) each load their
 * own copy of this module, so the handle lives on `globalThis` under a registered symbol and both
 * copies share it (PGlite admits one opener of its data directory, and a pool per copy would double
 * the connections). When the server script manages shutdown (drain requests, then close the store:
 * src/server/http/start.ts) it says so here; otherwise (astro dev) a signal closes the store at once,
 * since PGlite must close to release its data directory.
 */
import { getConfig } from '../config.ts';
import type { Db, StoreObserver } from '../db/db.ts';
import { openStore } from '../db/open.ts';

interface Holder {
  opening?: Promise<Db> | undefined;
  managedShutdown?: boolean;
  observer?: StoreObserver;
}
const HOLDER: unique symbol = Symbol.for('indsigt.store');
const global = globalThis as unknown as Record<symbol, Holder | undefined>;
const holder: Holder = global[HOLDER] ?? (global[HOLDER] = {});

/** The store this server process reads and writes. */
export function getStore(): Promise<Db> {
  if (!holder.opening) {
    holder.opening = openStore(getConfig().store, holder.observer);
    if (!holder.managedShutdown) {
      const shutdown = (signal: NodeJS.Signals): void => {
        void closeStore().finally(() => process.kill(process.pid, signal));
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    }
  }
  return holder.opening;
}

/** Closes the store if it is open (the pool, or PGlite and its lock). */
export async function closeStore(): Promise<void> {
  const opening = holder.opening;
  holder.opening = undefined;
  if (opening) await (await opening).close();
}

/** Called by a server that drains requests on SIGTERM before it closes the store itself. */
export function manageShutdown(): void {
  holder.managedShutdown = true;
}

/** Reports the store's failed queries and pool waits (to /metrics); set before the first query. */
export function observeStore(observer: StoreObserver): void {
  holder.observer = observer;
}
