/**
 * The server's one connection to the audit store, opened on first use from the configuration and
 * closed when the process is asked to stop (PGlite must close to release its data directory).
 */
import { getConfig } from '../config.ts';
import type { Db } from '../db/db.ts';
import { openStore } from '../db/open.ts';

let opening: Promise<Db> | undefined;

/** The store this server process reads and writes. */
export function getStore(): Promise<Db> {
  if (!opening) {
    const config = getConfig();
    opening = openStore(config.store, config.storeLimits);
    const shutdown = (signal: NodeJS.Signals): void => {
      void opening?.then((db) => db.close()).finally(() => process.kill(process.pid, signal));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  }
  return opening;
}
