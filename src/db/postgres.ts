/** The Db interface over a pg Pool, for PostgreSQL (production, CI, benchmarks). */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loggerFor } from '../server/json-log.ts';
import {
  copyStatement,
  copyTextChunks,
  isCopyText,
  parseInt8,
  isStoreUnavailable,
  StoreUnavailableError,
  type Db,
  type Queryable,
  type QueryResult,
  type StoreLimits,
  type StoreObserver,
} from './db.ts';

/** Type parsers that make pg's rows look like PGlite's (see db.ts), for this pool only. */
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, parseInt8);
types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

/** Network errors: the server is down, unreachable, or dropped the connection. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/**
 * Whether a pg error means the store cannot be used right now (rather than a bug or bad data):
 * connection failures (SQLSTATE class 08), a server shutting down (57P0x), too many connections
 * (53300), a statement cancelled by statement_timeout (57014) or lock_timeout (55P03), and pg's own
 * timeouts waiting for a connection or an answer.
 */
export function isUnavailability(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || code.startsWith('08') || code.startsWith('57P')) return true;
    if (code === '57014' || code === '55P03' || code === '53300') return true;
  }
  return /timeout exceeded when trying to connect|Connection terminated|Query read timeout|Client has encountered a connection error/i.test(
    error.message,
  );
}

/** Rethrows a store outage as StoreUnavailableError (no SQL or internal names in its message). */
function translate(error: unknown): never {
  if (isUnavailability(error)) {
    const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
    throw new StoreUnavailableError(typeof code === 'string' ? code : 'timeout', { cause: error });
  }
  throw error;
}

function wrap(client: pg.PoolClient, observer: StoreObserver): Queryable {
  return {
    async query(sql, params = []): Promise<QueryResult> {
      try {
        const result = await client.query(sql, [...params]);
        return { rows: result.rows as QueryResult['rows'], rowCount: result.rowCount ?? 0 };
      } catch (error) {
        observer.queryFailed?.();
        return translate(error);
      }
    },
    async copyFrom(table, columns, rows) {
      try {
        const source = isCopyText(rows) ? [rows.copyText] : copyTextChunks(rows);
        const statement = copyStatement(table, columns, 'stdin', isCopyText(rows) && rows.freeze === true);
        await pipeline(Readable.from(source), client.query(copyFrom(statement)));
      } catch (error) {
        observer.queryFailed?.();
        translate(error);
      }
    },
  };
}

/** A pooled connection, timing the wait for it; an outage is rethrown as StoreUnavailableError. */
async function connect(pool: pg.Pool, observer: StoreObserver): Promise<pg.PoolClient> {
  const started = performance.now();
  try {
    return await pool.connect();
  } catch (error) {
    observer.queryFailed?.();
    return translate(error);
  } finally {
    observer.poolWaited?.((performance.now() - started) / 1000);
  }
}

/** Whether a failed statement left its connection unfit to go back to the pool. */
function isBroken(error: unknown): boolean {
  return isUnavailability(error) || isStoreUnavailable(error);
}

/**
 * Opens a pool on a postgres:// URL. With `limits` (the portal's server), every statement has a
 * statement_timeout, waiting for a connection is bounded, and a reply that never comes (a stalled
 * network) is given up shortly after the statement timeout; without them (migrations, seed, bench,
 * the ingest CLI), statements may run as long as they need. `observer` sees failures and pool waits
 * (the front server's /metrics).
 */
export function openPostgres(
  url: string,
  options: { max?: number; limits?: StoreLimits; observer?: StoreObserver } = {},
): Db {
  const { limits } = options;
  const observer = options.observer ?? {};
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    // pg-pool uses this both for opening a connection and for waiting for a free one.
    connectionTimeoutMillis: limits?.acquireTimeoutMs ?? 5000,
    ...(limits
      ? {
          statement_timeout: limits.statementTimeoutMs,
          lock_timeout: limits.statementTimeoutMs,
          // The client-side backstop: a server that stops answering altogether.
          query_timeout: limits.statementTimeoutMs + 250,
        }
      : {}),
    types,
  });
  // An idle connection that the server closes (a restart, a failover) is reported here; without a
  // listener it would crash the process. The pool replaces the connection on next use.
  pool.on('error', (error) => {
    loggerFor('indsigt').warn({ error: error.message }, 'idle database connection lost');
  });
  return {
    kind: 'postgres',
    async query(sql, params) {
      const client = await connect(pool, observer);
      let broken: unknown;
      try {
        return await wrap(client, observer).query(sql, params);
      } catch (error) {
        // A connection that failed or timed out is not given back to the pool for reuse.
        if (isBroken(error)) broken = error;
        throw error;
      } finally {
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
    async copyFrom(table, columns, rows) {
      const client = await connect(pool, observer);
      let broken: unknown;
      try {
        await wrap(client, observer).copyFrom(table, columns, rows);
      } catch (error) {
        if (isBroken(error)) broken = error;
        throw error;
      } finally {
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
    async transaction(fn) {
      const client = await connect(pool, observer);
      let broken: unknown;
      try {
        await wrap(client, observer).query('begin');
        const result = await fn(wrap(client, observer));
        await wrap(client, observer).query('commit');
        return result;
      } catch (error) {
        // A connection that failed or timed out is not given back to the pool for reuse.
        if (isBroken(error)) broken = error;
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
    async exec(sql) {
      await pool.query(sql).catch(translate);
    },
    close: () => pool.end(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}
