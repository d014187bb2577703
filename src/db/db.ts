/**
 * The one way into the database: a small interface implemented for a pg Pool (PostgreSQL) and
 * for PGlite (the embedded default). Both return rows with the same JavaScript types: int8 as a
 * number, `date` as an ISO 'YYYY-MM-DD' string, timestamps as Date, json as objects.
 */

export type Row = Record<string, unknown>;

/**
 * The store is down, refuses connections, or did not answer within its time limits. Pages answer it
 * with a translated 503 (JSON routes with a JSON 503); nothing about the store's internals is shown.
 */
export class StoreUnavailableError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`the audit store is unavailable: ${reason}`, options);
    this.name = 'StoreUnavailableError';
  }
}

/** Whether an error (or one it was caused by) says the store could not be used right now. */
export function isStoreUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    if (e instanceof StoreUnavailableError) return true;
  }
  return false;
}

/** Time limits for a store a server reads: every statement, and the wait for a pooled connection. */
export interface StoreLimits {
  /** PostgreSQL's statement_timeout for each statement, in milliseconds. */
  readonly statementTimeoutMs: number;
  /** Longest wait for a connection from the pool (or for a new one to open), in milliseconds. */
  readonly acquireTimeoutMs: number;
}

export interface QueryResult {
  readonly rows: Row[];
  readonly rowCount: number;
}

/** Something that runs parameterised SQL: the database itself or an open transaction. */
export interface Queryable {
  query(sql: string, params?: readonly unknown[]): Promise<QueryResult>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** Largest int8 that still fits a JavaScript number exactly. */
export function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds Number.MAX_SAFE_INTEGER`);
  return n;
}

/** Counts round-trips: used by tests and the benchmark to hold a page to its query budget. */
export interface CountingDb extends Db {
  readonly roundTrips: number;
  reset(): void;
}

/** Wraps a Db so that every query (inside transactions too) is counted. */
export function countRoundTrips(db: Db): CountingDb {
  let count = 0;
  const counted = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      count += 1;
      return q.query(sql, params);
    },
  });
  return {
    kind: db.kind,
    get roundTrips() {
      return count;
    },
    reset: () => {
      count = 0;
    },
    query: (sql, params) => counted(db).query(sql, params),
    transaction: (fn) => db.transaction((tx) => fn(counted(tx))),
    exec: (sql) => {
      count += 1;
      return db.exec(sql);
    },
    close: () => db.close(),
  };
}
