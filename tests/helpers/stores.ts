/**
 * The real stores integration tests run against: PGlite always, and PostgreSQL whenever
 * TEST_DATABASE_URL is set. Each test file gets a fresh database of its own, so files can run in
 * parallel and leave nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { seedDemoWorld } from '../../src/db/seed.ts';
import { TEST_DATABASE_PREFIX } from './database-prefix.ts';

export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'];

export interface TestStore {
  readonly name: 'pglite' | 'postgres';
  /** Opens a new, empty database. `close()` on it also removes it. */
  open(): Promise<Db>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The freshly initialised data directory the global setup made (tests/helpers/announce-stores.ts). */
let template: Blob | undefined;

const pgliteStore: TestStore = {
  name: 'pglite',
  // A copy of a fresh initdb's result: the same empty store as `openPglite()`, without initdb's seconds.
  open: () => {
    template ??= new Blob([readFileSync(inject('pgliteTemplate'))]);
    return openPglite(undefined, {}, { loadDataDir: template });
  },
};

const postgresStore: TestStore = {
  name: 'postgres',
  async open() {
    const name = `${TEST_DATABASE_PREFIX}_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    const url = new URL(TEST_DATABASE_URL ?? '');
    url.pathname = `/${name}`;
    const db = openPostgres(url.toString(), { max: 4 });
    return {
      ...db,
      async close() {
        await db.close();
        await adminQuery(`drop database if exists ${name} with (force)`);
      },
    };
  },
};

/** The stores this run tests against. */
export const STORES: readonly TestStore[] = TEST_DATABASE_URL ? [pgliteStore, postgresStore] : [pgliteStore];

/** A migrated store seeded with the first `citizens` citizens of the demo world. */
export async function openSeededStore(store: TestStore, citizens = 40): Promise<Db> {
  const db = await store.open();
  await migrate(db);
  await seedDemoWorld(db, { citizens });
  return db;
}

/**
 * Runs SQL as the store's owner would, past the append-only triggers (`session_replication_role =
 * replica` for one transaction): how the tests play a hostile writer to the store.
 */
export async function tamperAsOwner(db: Db, sql: string, params: unknown[] = []): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('set local session_replication_role = replica');
    await tx.query(sql, params);
  });
}
