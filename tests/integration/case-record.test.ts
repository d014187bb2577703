import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getCaseTimeline } from '../../src/db/cases.ts';
import type { Db } from '../../src/db/db.ts';
import { listRequestsForCitizen, submitCitizenRequest } from '../../src/db/requests.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import { caseRecordSchema, toCaseRecord } from '../../src/domain/case-record.ts';
import { verifyCaseChain } from '../../src/domain/integrity.ts';
import { openSeededStore, STORES } from '../helpers/stores.ts';

const birgitte = generateCitizen(4);
const OPTIONS = { limit: { max: 100, windowHours: 24 }, fallbackUnit: 'Borgerservice' };
const jens = generateCitizen(1);

describe.each(STORES)('citizen requests and the case record on $name', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await openSeededStore(store, 12);
  });
  afterAll(async () => {
    await db.close();
  });

  it('stores a request for the citizen’s own case and lists it, newest first, with its case', async () => {
    const caseId = birgitte.cases[0]!.row.id;
    const first = await submitCitizenRequest(
      db,
      birgitte.citizen.cpr,
      caseId,
      { kind: 'explanation', message: 'Hvad betyder det?', eventSeqs: [1], dataSourceId: null },
      OPTIONS,
    );
    const second = await submitCitizenRequest(
      db,
      birgitte.citizen.cpr,
      caseId,
      { kind: 'objection', message: 'Jeg er imod.', eventSeqs: [2], dataSourceId: null },
      OPTIONS,
    );
    expect(first.ok && second.ok).toBe(true);
    const listed = await listRequestsForCitizen(db, birgitte.citizen.cpr);
    expect(listed.items.map((r) => r.kind).slice(0, 2)).toEqual(['objection', 'explanation']);
    expect(listed.items[0]).toMatchObject({
      status: 'received',
      caseId,
      caseNumber: birgitte.cases[0]!.row.caseNumber,
    });
  });

  it('refuses a request about another citizen’s case, and stores nothing', async () => {
    const before = await listRequestsForCitizen(db, jens.citizen.cpr);
    const result = await submitCitizenRequest(
      db,
      jens.citizen.cpr,
      birgitte.cases[0]!.row.id,
      { kind: 'reassessment', message: 'x', eventSeqs: [], dataSourceId: null },
      OPTIONS,
    );
    expect(result).toEqual({ ok: false, error: 'not_found' });
    expect((await listRequestsForCitizen(db, jens.citizen.cpr)).total).toBe(before.total);
  });

  it('exports a case as a record that matches its published schema and the store', async () => {
    const result = await getCaseTimeline(db, birgitte.citizen.cpr, birgitte.cases[0]!.row.id);
    if (!result.ok) throw new Error('case not found');
    const record = toCaseRecord(
      result.timeline,
      verifyCaseChain(result.timeline),
      new Date('2026-11-23T10:00:00Z'),
    );
    const roundTripped: unknown = JSON.parse(JSON.stringify(record));
    expect(caseRecordSchema.parse(roundTripped)).toEqual(record);
    expect(record.aiEvents.map((e) => e.kind)).toEqual(birgitte.cases[0]!.events.map((e) => e.kind));
    expect(record.aiEvents.some((e) => e.usedForTraining)).toBe(true);
    expect(record.integrity).toEqual({ intact: true, problems: [] });
    const jsonSchema = z.toJSONSchema(caseRecordSchema, { io: 'output' });
    expect(jsonSchema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['schemaVersion', 'case', 'aiEvents', 'decisions', 'integrity']),
    });
    expect(Object.keys(jsonSchema.properties ?? {}).sort()).toEqual(Object.keys(record).sort());
  });
});
