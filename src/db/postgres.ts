/** The Db interface over a pg Pool, for PostgreSQL (production, CI, benchmarks). */
import pg from 'pg';
import { parseInt8, type Db, type Queryable, type QueryResult } from './db.ts';

/** Type parsers that make pg's rows look like PGlite's (see db.ts), for this pool only. */
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, parseInt8);
types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query(sql, params = []): Promise<QueryResult> {
      const result = await client.query(sql, [...params]);
      return { rows: result.rows as QueryResult['rows'], rowCount: result.rowCount ?? 0 };
    },
  };
}

/** Opens a pool on a postgres:// URL. */
export function openPostgres(url: string, options: { max?: number } = {}): Db {
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
  const self = wrap(pool);
  return {
    kind: 'postgres',
    query: (sql, params) => self.query(sql, params),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
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
  };
}
