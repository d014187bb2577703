/**
 * The server's one connection to the audit store, opened on first use from the configuration and
 * closed when the process is asked to stop (PGlite must close to release its data directory).
 *
 * The handle lives on `globalThis`, not only in this module: scripts/serve.ts runs the built server and
 * the Digital Post worker in one process, and the built server carries its own copy of this module. The
 * embedded store may be opened only once per process, so both copies must share one handle.
 */
import { getConfig } from '../config.ts';
import type { Db } from '../db/db.ts';
import { openStore } from '../db/open.ts';

const STORE_KEY = Symbol.for('indsigt.store');
const shared = globalThis as typeof globalThis & { [STORE_KEY]?: Promise<Db> };

/** The store this server process reads and writes. */
export function getStore(): Promise<Db> {
  let opening = shared[STORE_KEY];
  if (!opening) {
    opening = openStore(getConfig().store);
    shared[STORE_KEY] = opening;
    const shutdown = (signal: NodeJS.Signals): void => {
      void opening?.then((db) => db.close()).finally(() => process.kill(process.pid, signal));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  }
  return opening;
}
