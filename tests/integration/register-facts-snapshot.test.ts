/**
 * The register's facts are counted off the request path and stored (migration 220; issue 15): the
 * open data reads them in one lookup and never counts a year of AI events in the request — which took
 * seconds on a big store, beyond the statement timeout, and answered 503 under load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../src/db/db.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { getRegisterFacts, readRegisterFacts, refreshRegisterFacts } from '../../src/db/register-facts.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import { parseIngestRecord, type IngestRecord } from '../../src/ingest/schema.ts';
import { ingestBatch } from '../../src/ingest/writer.ts';
import { getRegisterFactsSnapshot } from '../../src/register/facts-cache.ts';
import { loadAiSystemsExport } from '../../src/register/public-pages.ts';
import { asRole } from '../helpers/as-role.ts';
import { caseRecords, type JsonRecord } from '../helpers/ingest-records.ts';
import { openSeededStore, STORES } from '../helpers/stores.ts';

const BASE_URL = new URL('http://localhost:4321');
const NOW = new Date('2026-11-23T12:00:00Z');

/** `db` with every statement it is asked to run written down. */
function recording(db: Db): Db & { readonly statements: string[] } {
  const statements: string[] = [];
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      statements.push(sql);
      return q.query(sql, params);
    },
    copyFrom: (table, columns, rows) => {
      statements.push(`copy ${table}`);
      return q.copyFrom(table, columns, rows);
    },
  });
  return { ...db, ...wrap(db), transaction: (fn) => db.transaction((tx) => fn(wrap(tx))), statements };
}

const countsEvents = (sql: string): boolean => /audit\.ai_event\b/.test(sql);

async function dataVersion(db: Queryable): Promise<number> {
  const { rows } = await db.query('select version from portal.data_version');
  return Number(rows[0]?.['version']);
}

function parsed(records: readonly JsonRecord[]): IngestRecord[] {
  return records.map((r) => {
    const result = parseIngestRecord(r);
    if (!result.ok) throw new Error(result.reason);
    return result.record;
  });
}

describe.each(STORES)('the register facts snapshot on $name', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await openSeededStore(store, 40);
    await refreshRegisterFacts(db, NOW); // the seed counted as of today; the tests count as of NOW
  });
  afterAll(async () => {
    await db.close();
  });

  it('is what the open data shows, read in one lookup without counting any AI event', async () => {
    const counted = await getRegisterFacts(db, NOW);
    const recorder = recording(db);
    const data = await loadAiSystemsExport(recorder, BASE_URL, NOW);
    if (!data) throw new Error('no export');
    expect(recorder.statements.filter(countsEvents)).toEqual([]);
    expect(recorder.statements.filter((sql) => /portal\.register_facts\b/.test(sql))).toHaveLength(1);
    for (const system of data.systems) {
      const facts = counted.bySystem.get(system.id);
      expect(system.facts, system.id).toEqual({
        periodStart: counted.periodStart,
        periodEnd: counted.periodEnd,
        ...facts,
      });
    }
    expect(data.systems.some((s) => !s.facts.casesTouched.suppressed)).toBe(true);
  });

  it('is not counted again by a timer while it is younger than the interval', async () => {
    const recorder = recording(db);
    const later = new Date(NOW.getTime() + 60_000);
    expect(await refreshRegisterFacts(recorder, later, { unlessYoungerThanMs: 5 * 60_000 })).toBe('fresh');
    expect(recorder.statements.filter(countsEvents)).toEqual([]);
    expect((await readRegisterFacts(db))?.periodEnd).toBe(NOW.toISOString());
  });

  it('is recounted after an ingest, and new counts bump the data version every instance watches', async () => {
    const before = await readRegisterFacts(db);
    const version = await dataVersion(db);
    const records = [];
    for (let i = 40; i < 80; i += 1) {
      const generated = generateCitizen(i);
      records.push(...generated.cases.flatMap((c) => caseRecords(generated, c)));
    }
    await ingestBatch(db, parsed(records), 'test');
    // Nothing counts in the request: the page still shows the stored facts until they are recounted.
    expect(await readRegisterFacts(db)).toEqual(before);

    expect(await refreshRegisterFacts(db, NOW)).toBe('refreshed');
    const after = await readRegisterFacts(db);
    expect(after?.bySystem).toEqual((await getRegisterFacts(db, NOW)).bySystem);
    expect(after?.bySystem).not.toEqual(before?.bySystem);
    expect(await dataVersion(db)).toBeGreaterThan(version);

    // A recount that finds the same counts (only the period moved) leaves the version alone.
    const unchanged = await dataVersion(db);
    expect(await refreshRegisterFacts(db, new Date(NOW.getTime() + 1000))).toBe('refreshed');
    expect(await dataVersion(db)).toBe(unchanged);
  });

  it('is counted and stored by the portal’s own least-privilege role, which a deployment runs as', async () => {
    const portal = asRole(db, 'indsigt_portal');
    const version = await dataVersion(db);
    expect(await refreshRegisterFacts(portal, new Date('2030-01-01T00:00:00Z'))).toBe('refreshed');
    const stored = await readRegisterFacts(portal);
    expect(stored?.periodEnd).toBe('2030-01-01T00:00:00.000Z');
    expect([...(stored?.bySystem.values() ?? [])].every((f) => f.casesTouched.suppressed)).toBe(true);
    expect(await dataVersion(db)).toBeGreaterThan(version);
  });

  it('is counted once by the first page on a store that has never counted it', async () => {
    await db.query('delete from portal.register_facts');
    const facts = await getRegisterFactsSnapshot(db);
    expect(facts.bySystem.size).toBeGreaterThan(0);
    const stored = await readRegisterFacts(db);
    expect(stored?.bySystem).toEqual(facts.bySystem);
  });
});

describe.runIf(STORES.some((s) => s.name === 'postgres'))('the register facts on PostgreSQL', () => {
  const store = STORES.find((s) => s.name === 'postgres')!;
  let db: Db;
  let url: string;
  beforeAll(async () => {
    db = await openSeededStore(store, 40);
    const { rows } = await db.query('select current_database() as name');
    const address = new URL(process.env['TEST_DATABASE_URL'] ?? '');
    address.pathname = `/${String(rows[0]?.['name'])}`;
    url = address.toString();
  });
  afterAll(async () => {
    await db.close();
  });

  it('are served within a statement timeout that counting could never meet, and counted by one instance at a time', async () => {
    // Another session holds the AI events locked: counting them cannot even start within 100 ms.
    const holder = openPostgres(url, { max: 1 });
    const portal = openPostgres(url, { limits: { statementTimeoutMs: 100, acquireTimeoutMs: 1000 } });
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holding = holder.transaction(async (tx) => {
      await tx.query('lock table audit.ai_event in access exclusive mode');
      await tx.query(`select pg_advisory_xact_lock(hashtext('indsigt.register-facts'))`);
      locked();
      await released;
    });
    try {
      await isLocked;
      await expect(getRegisterFacts(portal, NOW)).rejects.toThrow();
      const data = await loadAiSystemsExport(portal, BASE_URL, NOW);
      expect(data?.systems.length).toBeGreaterThan(0);
      // Another instance counting now holds the lock: this one does not count beside it.
      expect(await refreshRegisterFacts(portal, NOW)).toBe('busy');
    } finally {
      release();
      await holding;
      await portal.close();
      await holder.close();
    }
  });
});
