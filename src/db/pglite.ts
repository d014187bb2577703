/** The Db interface over PGlite: the embedded store a fresh machine starts with. */
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import {
  copyStatement,
  insertFromJsonStatement,
  isCopyText,
  parseInt8,
  rowsAsJson,
  type Db,
  type Queryable,
  type QueryResult,
  type StoreObserver,
} from './db.ts';
import { lockDataDir } from './store-lock.ts';

/** Same shapes as the pg implementation (see db.ts). */
const parsers = {
  [pgliteTypes.INT8]: parseInt8,
  [pgliteTypes.DATE]: (value: string) => value,
};

function wrap(client: Pick<PGlite, 'query'>, observer: StoreObserver = {}): Queryable {
  return {
    async query(sql, params = []): Promise<QueryResult> {
      const result = await client.query<Record<string, unknown>>(sql, [...params]).catch((error: unknown) => {
        observer.queryFailed?.();
        throw error;
      });
      // PGlite's affectedRows is 0 for a SELECT; pg's rowCount counts the rows returned.
      return { rows: result.rows, rowCount: result.rows.length || (result.affectedRows ?? 0) };
    },
    async copyFrom(table, columns, rows) {
      // PGlite's COPY reads a file (/dev/blob), which only superusers may: one multi-row insert instead,
      // unless the rows come as COPY text (the bulk seed, run by the store's owner).
      const written = isCopyText(rows)
        ? client.query(copyStatement(table, columns, "'/dev/blob'", rows.freeze === true), [], {
            blob: new Blob([rows.copyText]),
          })
        : client.query(insertFromJsonStatement(table, columns), [rowsAsJson(columns, rows)]);
      await written.catch((error: unknown) => {
        observer.queryFailed?.();
        throw error;
      });
    },
  };
}

/**
 * PGlite's postgresql.conf (it writes the file at every start). PGlite is one backend in WebAssembly
 * memory, which grows but never shrinks: every page PostgreSQL touches stays resident. With the
 * defaults (shared_buffers 128MB, maintenance_work_mem 64MB) the embedded portal ended a 10-minute
 * soak at 692 MiB resident, with this pool at 575 (the rest of the growth was glibc's malloc arenas:
 * MALLOC_ARENA_MAX in package.json). A small pool is enough: the operating system's page cache keeps the data files, and PGlite reads
 * them through it. work_mem stays at PostgreSQL's 4MB: the pages' sorts fit in it.
 */
export const PGLITE_CONF = [
  'shared_buffers = 16MB',
  'temp_buffers = 1MB',
  'maintenance_work_mem = 16MB',
  'wal_buffers = 1MB',
].join('\n');

/**
 * Opens PGlite on a data directory, guarded by a lock file, or in memory when `dataDir` is
 * undefined (tests). PGlite runs one query at a time; it queues the rest. `loadDataDir`, a tarball
 * of a data directory (PGlite's dumpDataDir), starts from that copy instead of running initdb: the
 * tests start each in-memory store from a dump of a freshly initialised one, which takes a second
 * where initdb in WebAssembly takes several.
 */
export async function openPglite(
  dataDir?: string,
  observer: StoreObserver = {},
  options: { readonly loadDataDir?: Blob } = {},
): Promise<Db> {
  const release = dataDir ? lockDataDir(dataDir) : () => undefined;
  let pg: PGlite;
  try {
    pg = await PGlite.create(dataDir ?? 'memory://', {
      parsers,
      postgresqlconf: PGLITE_CONF,
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } catch (error) {
    release();
    throw error;
  }
  const self = wrap(pg, observer);
  return {
    kind: 'pglite',
    query: (sql, params) => self.query(sql, params),
    copyFrom: (table, columns, rows) => self.copyFrom(table, columns, rows),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx, observer))),
    async exec(sql) {
      await pg.exec(sql);
    },
    async close() {
      await pg.close();
      release();
    },
  };
}
