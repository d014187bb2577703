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
/**
 * Marks a StoreUnavailableError across copies of this module: scripts/serve.ts runs the source modules
 * and the built server its own bundled copy, and both share one store handle (src/server/store.ts), so
 * the error the built middleware catches may come from the other copy's class; `instanceof` would miss it.
 */
const UNAVAILABLE = Symbol.for('indsigt.store-unavailable');

export class StoreUnavailableError extends Error {
  readonly [UNAVAILABLE] = true;
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`the audit store is unavailable: ${reason}`, options);
    this.name = 'StoreUnavailableError';
  }
}

/** Whether an error (or one it was caused by) says the store could not be used right now. */
export function isStoreUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    if ((e as Partial<Record<typeof UNAVAILABLE, unknown>>)[UNAVAILABLE] === true) return true;
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
  /**
   * Bulk load of `rows` into `table`'s `columns` in one round-trip: COPY on PostgreSQL, one multi-row
   * insert on PGlite (whose COPY reads a file, which the least-privilege roles may not). Rows already
   * in COPY's text format (CopyText: the bulk seed) go to COPY on both stores; on PGlite that needs a
   * role that may read files (the store's owner).
   */
  copyFrom(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly Cell[])[] | CopyText,
  ): Promise<void>;
}

/** Rows already in COPY's text format (UTF-8 bytes or text): a line per row, cells escaped with copyEscape. */
export interface CopyText {
  readonly copyText: string | Uint8Array<ArrayBuffer>;
  /**
   * COPY ... WITH (FREEZE): the rows are written frozen and their pages marked all-visible, so no
   * later read sets their hint bits and index-only scans need not visit them. Only for a table
   * truncated earlier in the same transaction (the bulk seed); PostgreSQL refuses it otherwise.
   */
  readonly freeze?: boolean;
}

/** JSON text for a json/jsonb column, stored as that JSON (not as a JSON string). */
export interface JsonCell {
  readonly json: string;
}

/** A value for copyFrom: text in the column type's input format, a number, a boolean, JSON or null. */
export type Cell = string | number | boolean | null | JsonCell;

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  /** The pool's connections now (PostgreSQL only): for /metrics. */
  poolStats?(): PoolStats;
}

export interface PoolStats {
  readonly total: number;
  readonly idle: number;
  /** Queries waiting for a free connection. */
  readonly waiting: number;
}

/** Callbacks a server passes to see the store's health (src/server/metrics.ts); none by default. */
export interface StoreObserver {
  /** A query failed (connection lost, timeout, constraint, ...). */
  readonly queryFailed?: () => void;
  /** A query waited this long for a pooled connection. */
  readonly poolWaited?: (seconds: number) => void;
}

/** Largest int8 that still fits a JavaScript number exactly. */
export function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds Number.MAX_SAFE_INTEGER`);
  return n;
}

const identifier = /^[a-z_][a-z0-9_]*(\.("?)[a-z_][a-z0-9_]*\2)?$/;

/** The COPY statement for `copyFrom`. The names come from code, never input; they are checked all the same. */
export function copyStatement(
  table: string,
  columns: readonly string[],
  source: 'stdin' | "'/dev/blob'" = 'stdin',
  freeze = false,
): string {
  checkNames(table, columns);
  return `copy ${table} (${columns.join(', ')}) from ${source}${freeze ? ' with (freeze)' : ''}`;
}

/** The multi-row insert that stands in for COPY where COPY cannot read from the client (PGlite). */
export function insertFromJsonStatement(table: string, columns: readonly string[]): string {
  checkNames(table, columns);
  return `insert into ${table} (${columns.join(', ')})
    select ${columns.join(', ')} from json_populate_recordset(null::${table}, $1::json)`;
}

function checkNames(table: string, columns: readonly string[]): void {
  for (const name of [table, ...columns]) {
    if (!identifier.test(name)) throw new Error(`not a plain identifier: ${name}`);
  }
}

const special = /[\\\n\r\t]/;
const escapes: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Text as a cell of COPY's text format: backslash, newline, carriage return and tab escaped. */
export function copyEscape(text: string): string {
  return special.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => escapes[c] ?? c) : text;
}

function copyCell(value: Cell): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return copyEscape(typeof value === 'string' ? value : value.json);
}

/**
 * `rows` in COPY's text format: a line per row, tab-separated, `\N` for null, specials escaped. The
 * lines are joined once: appending every cell to one string made a rope of a million pieces that
 * cost more to flatten into the socket's buffer than to build (issue 15's bulk ingest).
 */
export function copyText(rows: readonly (readonly Cell[])[]): string {
  const lines = new Array<string>(rows.length + 1);
  for (let r = 0; r < rows.length; r += 1) {
    const row = rows[r] ?? [];
    let line = '';
    for (let i = 0; i < row.length; i += 1) line += (i === 0 ? '' : '\t') + copyCell(row[i] ?? null);
    lines[r] = line;
  }
  lines[rows.length] = '';
  return lines.join('\n');
}

/**
 * `rows` in COPY's text format, a few hundred rows at a time: sent as they are made, the store parses
 * and indexes the first rows while the rest are still being written out (issue 15's bulk ingest, where
 * a batch's COPY text took 40 ms to make and the store waited for all of it). The chunks joined are
 * copyText(rows).
 */
export function* copyTextChunks(
  rows: readonly (readonly Cell[])[],
  rowsPerChunk = 128,
): Generator<string, void, undefined> {
  for (let from = 0; from < rows.length; from += rowsPerChunk) {
    yield copyText(rows.slice(from, from + rowsPerChunk));
  }
}

/** Whether `rows` are already in COPY's text format. */
export function isCopyText(rows: readonly (readonly Cell[])[] | CopyText): rows is CopyText {
  return 'copyText' in rows;
}

/** `rows` as a JSON array of objects keyed by column, for json_populate_recordset. */
export function rowsAsJson(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const keys = columns.map((c) => JSON.stringify(c));
  return `[${rows
    .map(
      (row) =>
        `{${keys
          .map((key, i) => {
            const v = row[i] ?? null;
            return `${key}:${v !== null && typeof v === 'object' ? v.json : JSON.stringify(v)}`;
          })
          .join(',')}}`,
    )
    .join(',')}]`;
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
    copyFrom: (table, columns, rows) => {
      count += 1;
      return q.copyFrom(table, columns, rows);
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
    copyFrom: (table, columns, rows) => counted(db).copyFrom(table, columns, rows),
    transaction: (fn) => db.transaction((tx) => fn(counted(tx))),
    exec: (sql) => {
      count += 1;
      return db.exec(sql);
    },
    close: () => db.close(),
  };
}
