/** The Db interface over a pg Pool, for PostgreSQL (production, CI, benchmarks). */
import pg from 'pg';
import { parseInt8, type Db, type Queryable, type QueryResult, type StoreObserver } from './db.ts';

/** Type parsers that make pg's rows look like PGlite's (see db.ts), for this pool only. */
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, parseInt8);
types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

function wrap(client: pg.PoolClient, observer: StoreObserver): Queryable {
  return {
    async query(sql, params = []): Promise<QueryResult> {
      try {
        const result = await client.query(sql, [...params]);
        return { rows: result.rows as QueryResult['rows'], rowCount: result.rowCount ?? 0 };
      } catch (error) {
        observer.queryFailed?.();
        throw error;
      }
    },
  };
}

/** A pooled connection, timing the wait for it. */
async function connect(pool: pg.Pool, observer: StoreObserver): Promise<pg.PoolClient> {
  const started = performance.now();
  try {
    return await pool.connect();
  } catch (error) {
    observer.queryFailed?.();
    throw error;
  } finally {
    observer.poolWaited?.((performance.now() - started) / 1000);
  }
}

/** Opens a pool on a postgres:// URL. */
export function openPostgres(url: string, options: { max?: number; observer?: StoreObserver } = {}): Db {
  const observer = options.observer ?? {};
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5000,
    types,
  });
  // An idle connection that the server closes (a restart, a failover) is reported here; without a
  // listener it would crash the process. The pool replaces the connection on next use.
  pool.on('error', (error) => {
    const line = {
      time: new Date().toISOString(),
      level: 'warn',
      message: 'idle database connection lost',
      error: error.message,
    };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  });
  return {
    kind: 'postgres',
    async query(sql, params) {
      const client = await connect(pool, observer);
      try {
        return await wrap(client, observer).query(sql, params);
      } finally {
        client.release();
      }
    },
    async transaction(fn) {
      const client = await connect(pool, observer);
      try {
        await client.query('begin');
        const result = await fn(wrap(client, observer));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}
