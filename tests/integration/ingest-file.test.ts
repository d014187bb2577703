import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import { ChainForecaster } from '../../src/ingest/forecast.ts';
import { ingestLines } from '../../src/ingest/ingest-lines.ts';
import { parseIngestRecord } from '../../src/ingest/schema.ts';
import { ingestBatch } from '../../src/ingest/writer.ts';
import { verifyStore } from '../../src/ingest/verify-store.ts';
import { citizenRecords, linesOf, type JsonRecord } from '../helpers/ingest-records.ts';
import { openSeededStore, STORES } from '../helpers/stores.ts';

/** Lines that must be refused, each with the reason the report must give. */
const MALFORMED: readonly ((n: number, sample: JsonRecord) => { line: string; reason: RegExp })[] = [
  () => ({ line: '{"type": "ai_event", "idempotencyKey": ', reason: /^not JSON/ }),
  (n, sample) => ({
    line: JSON.stringify({ ...sample, idempotencyKey: `junk:${n}`, type: 'ai_event', kind: 'mind_reading' }),
    reason: /^invalid record: /,
  }),
  (n) => ({
    line: JSON.stringify({
      type: 'decision',
      idempotencyKey: `junk:${n}`,
      caseId: '00000000-0000-4000-8000-000000000001',
      decidedAt: '2026-05-01T10:00:00Z',
      outcome: 'x',
      reasons: 'y',
      decidedById: null,
      aiAssessment: 'no_ai',
      appealBody: 'Ankestyrelsen',
      appealDeadlineWeeks: 4,
    }),
    reason: /decidedById/,
  }),
  (n) => ({
    line: JSON.stringify({ type: 'spaceship', idempotencyKey: `junk:${n}` }),
    reason: /^invalid record: type/,
  }),
  (n, sample) => ({
    line: JSON.stringify({ ...sample, idempotencyKey: `junk:${n}`, caseId: 'not-a-uuid' }),
    reason: /caseId/,
  }),
];

interface GeneratedFile {
  readonly lines: string[];
  readonly good: number;
  readonly goodChainRecords: number;
  readonly duplicates: number;
  readonly malformed: Map<number, RegExp>;
  /** Citizens whose every record is in the file. */
  readonly completeCitizens: number[];
}

/**
 * A JSONL file of `total` lines from demo citizens 10,000 on: 1 % malformed lines and 1 % exact
 * re-sends of an earlier line, spread through the file.
 */
function generateFile(total: number): GeneratedFile {
  const lines: string[] = [];
  const malformed = new Map<number, RegExp>();
  const goodLines: string[] = [];
  let good = 0;
  let goodChainRecords = 0;
  let duplicates = 0;
  let citizen = 10_000;
  let queue: JsonRecord[] = [];
  const completeCitizens: number[] = [];
  let sample: JsonRecord | undefined;
  while (lines.length < total) {
    const i = lines.length;
    if (i % 100 === 50 && sample) {
      const { line, reason } = MALFORMED[malformed.size % MALFORMED.length]!(i, sample);
      lines.push(line);
      malformed.set(i + 1, reason);
    } else if (i % 100 === 99) {
      lines.push(goodLines[(i * 7919) % goodLines.length]!);
      duplicates += 1;
    } else {
      if (queue.length === 0) {
        if (citizen > 10_000) completeCitizens.push(citizen - 1);
        queue = citizenRecords(citizen, 'file');
        citizen += 1;
      }
      const record = queue.shift()!;
      if (record.type === 'ai_event') sample ??= record;
      if (record.type === 'ai_event' || record.type === 'decision') goodChainRecords += 1;
      const line = JSON.stringify(record);
      lines.push(line);
      goodLines.push(line);
      good += 1;
    }
  }
  return { lines, good, goodChainRecords, duplicates, malformed, completeCitizens };
}

async function count(db: Db, sql: string): Promise<number> {
  const { rows } = await db.query(sql);
  return Number(rows[0]?.['n']);
}

describe.each(STORES)('npm run ingest’s core on $name', (store) => {
  // PGlite runs one query at a time in WebAssembly: it gets the 5,000-line file, PostgreSQL 20,000
  // (20 batches, 200 bad lines, 200 re-sends). What is checked is that every line lands once or is
  // reported, which each line checks the same at any size; how fast a large file goes is measured by
  // `npm run bench -- --bulk` (50,000 lines), not here, where 100,000 lines took 3 minutes of the suite.
  const total = store.name === 'postgres' ? 20_000 : 5_000;
  let db: Db;
  beforeAll(async () => {
    db = await openSeededStore(store, 12);
  });
  afterAll(async () => {
    await db.close();
  });

  it(`writes every good line of a ${total.toLocaleString('en')}-line file once and reports every bad line with its number and reason`, async () => {
    const file = generateFile(total);
    const chainBefore = await count(
      db,
      'select (select count(*) from audit.ai_event) + (select count(*) from audit.decision) as n',
    );
    const summary = await ingestLines(db, linesOf(file.lines), { writtenBy: 'test:file', batchSize: 1000 });
    const rate = Math.round(file.lines.length / (summary.elapsedMs / 1000));
    console.log(
      `ingest on ${store.name}: ${file.lines.length.toLocaleString('en')} lines in ${(summary.elapsedMs / 1000).toFixed(1)} s = ${rate.toLocaleString('en')} lines/s`,
    );

    expect(summary.written).toBe(true);
    expect(summary.lines).toBe(total);
    expect(summary.accepted).toBe(file.good);
    expect(summary.duplicate).toBe(file.duplicates);
    expect(summary.rejected).toBe(file.malformed.size);
    expect(file.malformed.size).toBe(total / 100);
    expect(summary.rejections.map((r) => r.line)).toEqual([...file.malformed.keys()]);
    for (const r of summary.rejections) expect(r.reason).toMatch(file.malformed.get(r.line)!);
    expect(summary.fallbacks).toBe(0);

    // Every good record landed once: the chains grew by exactly the good events and decisions.
    const chainAfter = await count(
      db,
      'select (select count(*) from audit.ai_event) + (select count(*) from audit.decision) as n',
    );
    expect(chainAfter - chainBefore).toBe(file.goodChainRecords);
    expect(await count(db, `select count(*) as n from audit.ingest_key where written_by = 'test:file'`)).toBe(
      file.good,
    );

    // ... with the hashes the demo generator computes for the same content.
    for (const index of file.completeCitizens.slice(0, 25)) {
      for (const c of generateCitizen(index).cases) {
        const expected = [...c.events, ...c.decisions].at(-1)?.hash ?? null;
        const { rows } = await db.query(
          `select hash from (select seq, hash from audit.ai_event where case_id = $1
               union all select seq, hash from audit.decision where case_id = $1) r order by seq desc limit 1`,
          [c.row.id],
        );
        expect(rows[0]?.['hash'] ?? null).toBe(expected);
      }
    }
    const report = await verifyStore(db, { trustedKey: null, batchSize: 500 });
    expect(report.broken).toEqual([]);
  }, 900_000);

  it('answers a second run of the same lines with duplicates only', async () => {
    const lines = citizenRecords(20_000, 'rerun').map((r) => JSON.stringify(r));
    const first = await ingestLines(db, linesOf(lines), { writtenBy: 'test:rerun', batchSize: 3 });
    const second = await ingestLines(db, linesOf(lines), { writtenBy: 'test:rerun', batchSize: 3 });
    expect([first.accepted, first.duplicate, second.accepted, second.duplicate]).toEqual([
      lines.length,
      0,
      0,
      lines.length,
    ]);
  });

  it('uses no forecast made before a staff member was renamed: the events seal the new name', async () => {
    const records = citizenRecords(20_002, 'rename').map((r) => {
      const result = parseIngestRecord(r);
      if (!result.ok) throw new Error(result.reason);
      return result.record;
    });
    const forecaster = new ChainForecaster();
    await forecaster.lookUp(db, records);
    const plan = forecaster.plan(records);
    const staffId = records.flatMap((r) =>
      r.type === 'ai_event' && r.staffId !== null ? [r.staffId] : [],
    )[0];
    const forecast = plan.forecasts.filter(
      (f) => f?.kind === 'ai_event' && f.snapshots.staff?.id === staffId,
    );
    expect(forecast.length).toBeGreaterThan(0);

    // Renamed after the plan was made, as a staff record written by the batch before would.
    await db.query(`update audit.staff set name = 'Omdøbt Medarbejder' where id = $1`, [staffId]);
    const { results } = await ingestBatch(db, records, 'test:rename', plan);
    expect(results.map((r) => r.status)).not.toContain('rejected');
    expect(
      await count(db, `select count(*) as n from audit.ai_event where staff_name = 'Omdøbt Medarbejder'`),
    ).toBe(forecast.length);
    const report = await verifyStore(db, { trustedKey: null, batchSize: 500 });
    expect(report.broken).toEqual([]);
  });

  it('in strict mode writes nothing when one line is bad, and everything when none is', async () => {
    const records = citizenRecords(20_001, 'strict');
    const lines = records.map((r) => JSON.stringify(r));
    const caseId = String(records[0]!['id']);
    const bad = await ingestLines(db, linesOf([...lines, '{"oops"']), {
      writtenBy: 'test:strict',
      strict: true,
      batchSize: 2,
    });
    expect(bad.written).toBe(false);
    expect(bad.rejections).toEqual([
      { line: lines.length + 1, idempotencyKey: null, reason: expect.stringMatching(/^not JSON/) },
    ]);
    expect(await count(db, `select count(*) as n from audit."case" where id = '${caseId}'`)).toBe(0);
    expect(
      await count(db, `select count(*) as n from audit.ingest_key where written_by = 'test:strict'`),
    ).toBe(0);

    const good = await ingestLines(db, linesOf(lines), {
      writtenBy: 'test:strict',
      strict: true,
      batchSize: 2,
    });
    expect(good.written).toBe(true);
    expect(good.accepted).toBe(lines.length);
    expect(await count(db, `select count(*) as n from audit."case" where id = '${caseId}'`)).toBe(1);
  });
});
