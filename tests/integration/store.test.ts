import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRoundTrips, type Db } from '../../src/db/db.ts';
import { listMigrations, migrate } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { seedDemoWorld, seededCitizens } from '../../src/db/seed.ts';
import { StoreLockedError } from '../../src/db/store-lock.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import { verifyStore } from '../../src/ingest/verify-store.ts';
import { STORES } from '../helpers/stores.ts';

describe.each(STORES)('the audit store on $name', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await store.open();
  });
  afterAll(async () => {
    await db.close();
  });

  it('applies every migration once, and nothing the second time', async () => {
    expect(await migrate(db)).toEqual(listMigrations().map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
    const { rows } = await db.query(
      `select table_schema || '.' || table_name as name from information_schema.tables
       where table_schema in ('audit', 'portal') order by 1`,
    );
    expect(rows.map((r) => r['name'])).toEqual([
      'audit.ai_event',
      'audit.ai_event_source',
      'audit.ai_system',
      'audit.ai_system_model',
      'audit.ai_system_version',
      'audit.case',
      'audit.case_head',
      'audit.case_seal',
      'audit.checkpoint',
      'audit.citizen',
      'audit.data_source',
      'audit.decision',
      'audit.ingest_key',
      'audit.municipality',
      'audit.staff',
      'portal.access_record',
      'portal.ai_notice_event',
      'portal.ai_notice_setting',
      'portal.citizen_request',
      'portal.citizen_request_step',
      'portal.data_version',
      'portal.notice',
      'portal.notice_version',
      'portal.outbox_message',
      'portal.register_facts',
      'portal.representative_action',
      'portal.request_outcome',
      'portal.session',
      'portal.used_once',
    ]);
  });

  it('seeds the demo world once, and leaves a seeded store alone', async () => {
    const first = await seedDemoWorld(db, { citizens: 60, batchSize: 25 });
    expect(first).toMatchObject({ seeded: true, citizens: 60 });
    const second = await seedDemoWorld(db, { citizens: 60 });
    expect(second).toMatchObject({ seeded: false, citizens: 60, rowsWritten: 0 });
    expect(await seededCitizens(db)).toBe(60);
    // The special citizens' requests, one in every state of the request loop.
    const { rows } = await db.query(
      `select status, count(*)::int as n from portal.citizen_request group by status order by status`,
    );
    expect(rows).toEqual([
      { status: 'answered', n: 1 },
      { status: 'forwarded', n: 1 },
      { status: 'in_progress', n: 3 },
      { status: 'received', n: 1 },
      { status: 'refused', n: 1 },
    ]);
  });

  it('returns int8 as a number and date as an ISO string, like the other store', async () => {
    const { rows } = await db.query(`select count(*) as n, date '2026-02-01' as d, 1::int8 + 1 as sum`);
    expect(rows[0]).toEqual({ n: 1, d: '2026-02-01', sum: 2 });
  });

  it('refuses to change or delete an AI event or a decision', async () => {
    await expect(db.query(`update audit.ai_event set output = 'changed' where seq = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query('delete from audit.decision')).rejects.toThrow(/append-only/);
  });

  it('rolls a failed transaction back completely', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`insert into portal.access_record (citizen_cpr, staff_id, staff_name, staff_title, staff_unit, purpose)
                        values ('0101600006', 'egb-0201', 'Camilla Juhl', 'Borgerservicemedarbejder', 'Borgerservice', 'desk')`);
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    const { rows } = await db.query('select count(*) as n from portal.access_record');
    expect(rows[0]?.['n']).toBe(0);
  });

  it('counts every round-trip, inside transactions too', async () => {
    const counting = countRoundTrips(db);
    await counting.query('select 1');
    await counting.transaction(async (tx) => {
      await tx.query('select 1');
      await tx.query('select 2');
    });
    expect(counting.roundTrips).toBe(3);
  });
});

/** The audit schema's constraints, indexes and triggers (whether enabled), by name, with their definitions. */
async function auditChecks(db: Db): Promise<string[]> {
  const { rows } = await db.query(
    `select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) as d
     from pg_constraint where connamespace = 'audit'::regnamespace
     union all
     select indexrelid::regclass::text || ' ' || pg_get_indexdef(indexrelid) from pg_index
     where indrelid in (select oid from pg_class where relnamespace = 'audit'::regnamespace)
     union all
     select tgrelid::regclass::text || ' ' || tgname || ' ' || tgenabled::text from pg_trigger
     where not tgisinternal and tgrelid in (select oid from pg_class where relnamespace = 'audit'::regnamespace)
     order by 1`,
  );
  return rows.map((r) => String(r['d']));
}

describe.each(STORES)('a bulk seed on $name', (store) => {
  let db: Db;
  let before: string[];
  beforeAll(async () => {
    db = await store.open();
    await migrate(db);
    before = await auditChecks(db);
  });
  afterAll(async () => {
    await db.close();
  });

  it('leaves nothing, and every check in place, when it fails half-way (so it can be run again)', async () => {
    let batches = 0;
    const failing = seedDemoWorld(db, {
      citizens: 30,
      batchSize: 10,
      bulk: true,
      onProgress: () => {
        batches += 1;
        if (batches === 2) throw new Error('disk full');
      },
    });
    await expect(failing).rejects.toThrow('disk full');
    expect(await auditChecks(db)).toEqual(before);
    const { rows } = await db.query('select count(*)::int8 as n from audit.ai_event');
    expect(rows[0]?.['n']).toBe(0);
    expect(await seededCitizens(db)).toBeNull();
  });

  it('rejects, and leaves nothing, when a write fails while the next batch is being generated', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      // Batches large enough that generating the next one yields to the event loop before it waits.
      const failing = seedDemoWorld(db, {
        citizens: 400,
        batchSize: 200,
        bulk: true,
        onProgress: () => {
          throw new Error('connection lost');
        },
      });
      await expect(failing).rejects.toThrow('connection lost');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(await auditChecks(db)).toEqual(before);
    expect(await seededCitizens(db)).toBeNull();
  });

  it('writes every record, sealed and verifiable, and builds every check again', async () => {
    const result = await seedDemoWorld(db, { citizens: 30, batchSize: 10, bulk: true });
    expect(result).toMatchObject({ seeded: true, citizens: 30 });
    expect(await auditChecks(db)).toEqual(before);
    let events = 0;
    let decisions = 0;
    for (let i = 0; i < 30; i += 1) {
      for (const c of generateCitizen(i).cases) {
        events += c.events.length;
        decisions += c.decisions.length;
      }
    }
    const { rows } = await db.query(
      `select (select count(*) from audit.ai_event)::int8 as events, (select count(*) from audit.decision)::int8 as decisions`,
    );
    expect(rows[0]).toEqual({ events, decisions });
    const verified = await verifyStore(db, { trustedKey: null });
    expect(verified).toMatchObject({ ok: true, broken: [] });
  });

  it('writes the same rows, case heads included, as a seed written batch by batch through the triggers', async () => {
    const other = await store.open();
    try {
      await migrate(other);
      await seedDemoWorld(other, { citizens: 30, batchSize: 10, bulk: false });
      for (const query of SEEDED_ROWS) {
        const { rows: bulk } = await db.query(query);
        const { rows: batched } = await other.query(query);
        expect(bulk.length, query).toBeGreaterThan(0);
        expect(bulk.map(withoutDrawn), query).toEqual(batched.map(withoutDrawn));
      }
    } finally {
      await other.close();
    }
  });
});

/** The rows the seed writes, each table in an order that lists them the same way in any store. */
const SEEDED_ROWS = [
  'select * from audit.citizen order by cpr',
  'select * from audit."case" order by id',
  'select * from audit.case_seal order by case_id, version',
  'select * from audit.case_head order by case_id',
  'select * from audit.ai_event order by case_id, seq',
  `select e.case_id, e.seq, s.* from audit.ai_event_source s join audit.ai_event e on e.id = s.ai_event_id
   order by e.case_id, e.seq, s.data_source_id`,
  'select * from audit.decision order by case_id, seq',
];

const DRAWN = new Set(['id', 'ai_event_id', 'sealed_at']);

/**
 * A row without what the store draws rather than the seed: identity ids (a rolled-back seed has used
 * some) and the time a header was sealed.
 */
function withoutDrawn(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !DRAWN.has(key)));
}

describe('the embedded store on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'indsigt-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives a second opener a clear error instead of sharing the data directory', async () => {
    const dataDir = join(dir, 'pglite');
    const first = await openPglite(dataDir);
    try {
      await expect(openPglite(dataDir)).rejects.toThrow(StoreLockedError);
      await expect(openPglite(dataDir)).rejects.toThrow(/in use by another process .*DATABASE_URL/);
    } finally {
      await first.close();
    }
    const again = await openPglite(dataDir);
    await again.close();
  });
});
