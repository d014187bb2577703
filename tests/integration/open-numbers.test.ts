import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { appendCaseworkerStep, submitCitizenRequest } from '../../src/db/requests.ts';
import type { RequestKind } from '../../src/domain/citizen-request.ts';
import { buildRequestStatistics, requestStatisticsExportSchema } from '../../src/register/open-numbers.ts';
import { openSeededStore, STORES } from '../helpers/stores.ts';

const NOW = new Date('2026-11-23T12:00:00Z');
const DAY = 86_400_000;
const UNIT = 'Jobcenter Test';

/**
 * Files a request on a seeded case through the request loop itself, received at `receivedAt`, and has
 * a caseworker answer it `answeredAfterDays` later (null: unanswered); a re-assessment's outcome is
 * recorded with its answer.
 */
async function request(
  db: Db,
  caseId: string,
  kind: RequestKind,
  receivedAt: Date,
  answeredAfterDays: number | null,
  outcome: 'changed' | 'unchanged' | null = null,
): Promise<void> {
  const { rows } = await db.query(`select citizen_cpr from audit."case" where id = $1`, [caseId]);
  const cpr = String(rows[0]?.['citizen_cpr']);
  const saved = await submitCitizenRequest(
    db,
    cpr,
    caseId,
    { kind, message: 'test', eventSeqs: kind === 'reassessment' ? [] : [1], dataSourceId: null },
    { limit: { max: 1000, windowHours: 24 }, fallbackUnit: UNIT, now: receivedAt },
  );
  if (!saved.ok) throw new Error(`request not stored: ${saved.error}`);
  await db.query('update portal.citizen_request set unit = $2 where id = $1', [saved.id, UNIT]);
  if (answeredAfterDays === null) return;
  const answered = await appendCaseworkerStep(
    db,
    UNIT,
    saved.id,
    { staffId: 'egb-0101', name: 'Test Sagsbehandler', title: 'Sagsbehandler', unit: UNIT },
    {
      action: 'answered',
      details: { text: 'Svar', reassessedBy: outcome ? 'Test Sagsbehandler' : null, outcome },
    },
    { now: new Date(receivedAt.getTime() + answeredAfterDays * DAY) },
  );
  if (!answered.ok) throw new Error(`answer not stored: ${answered.error}`);
}

describe.each(STORES)('open numbers on requests ($name)', (store) => {
  let db: Db;

  beforeAll(async () => {
    db = await openSeededStore(store, 12);
    // Two municipalities of their own beside the demo's (whose requests are sealed and stay): Testby gets
    // the requests counted below, Tomby none.
    await db.query(
      `insert into audit.municipality (code, name, address, contact_email, contact_phone, dpo_name, dpo_email)
       values ('998', 'Tomby Kommune', 'Torvet 1', 'post@tomby.dk', '11223344', 'DPO', 'dpo@tomby.dk'),
              ('997', 'Testby Kommune', 'Torvet 2', 'post@testby.dk', '11223355', 'DPO', 'dpo@testby.dk')`,
    );
    await db.query(
      `insert into audit.citizen (cpr, given_name, family_name) values ('0101801235', 'Test', 'Borger')`,
    );
    const caseId = '0b5c8a2e-3f4d-4c1a-9e7b-5d6f7a8b9c0d';
    await db.query(
      `insert into audit."case" (id, municipality_code, case_number, area, title, status, opened_on, citizen_cpr)
       values ($1, '997', 'TEST-1', 'cash_benefit', 'Kontanthjælp', 'open', '2025-01-02', '0101801235')`,
      [caseId],
    );
    // One AI use on it, so explanations and objections can name it.
    await db.query(
      `insert into audit.ai_event (case_id, seq, system_id, system_name, system_version, occurred_at, kind,
         purpose_code, output, hash)
       select $1, 1, system_id, 'Test', version, '2025-01-03T09:00:00Z', 'profiling', 'test', 'høj', repeat('0', 64)
       from audit.ai_system_version order by system_id, version limit 1`,
      [caseId],
    );
    const ago = (days: number): Date => new Date(NOW.getTime() - days * DAY);
    // 12 explanations, answered after 1..10, 20 and 33 days; received 1 June, answered 4 July: after the deadline.
    for (const days of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20])
      await request(db, caseId, 'explanation', ago(100), days);
    await request(db, caseId, 'explanation', new Date('2026-06-01T08:00:00Z'), 33);
    // 5 re-assessments, each answered after 10 days.
    for (let i = 0; i < 5; i += 1)
      await request(db, caseId, 'reassessment', ago(60), 10, i < 2 ? 'changed' : 'unchanged');
    // 3 objections, unanswered: two past their deadline, one recent.
    await request(db, caseId, 'objection', ago(40), null);
    await request(db, caseId, 'objection', ago(45), null);
    await request(db, caseId, 'objection', ago(5), null);
    // Outside the 12 months: not counted.
    await request(db, caseId, 'explanation', ago(400), 3);
  });
  afterAll(async () => {
    await db.close();
  });

  it('computes a deadline one calendar month from receipt in Danish time', async () => {
    const { rows } = await db.query(
      `select deadline from portal.request_outcome where received_at = '2026-06-01T08:00:00Z'`,
    );
    expect(rows).toEqual([{ deadline: '2026-07-01' }]);
    // Received 00:30 on 1 May in Denmark (still 30 April in UTC): the deadline is 1 June, not 30 May.
    const one = await db.query(
      `select ((timestamptz '2026-04-30T22:30:00Z' at time zone 'Europe/Copenhagen') + interval '1 month')::date as d,
              ((timestamptz '2026-01-31T10:00:00Z' at time zone 'Europe/Copenhagen') + interval '1 month')::date as feb`,
    );
    expect(one.rows).toEqual([{ d: '2026-06-01', feb: '2026-02-28' }]);
  });

  it('publishes per municipality the requests per type, the median days, and the share answered in time', async () => {
    const numbers = await buildRequestStatistics(db, NOW);
    expect(requestStatisticsExportSchema.parse(JSON.parse(JSON.stringify(numbers)))).toEqual(
      JSON.parse(JSON.stringify(numbers)),
    );
    const testby = numbers.municipalities.find((m) => m.code === '997');
    expect(testby).toEqual({
      code: '997',
      name: expect.any(String),
      requests: { suppressed: false, count: 20 },
      requestsByType: [
        { type: 'explanation', requests: { suppressed: false, count: 12 } },
        { type: 'reassessment', requests: { suppressed: true, fewerThan: 10 } },
        { type: 'objection', requests: { suppressed: true, fewerThan: 10 } },
        { type: 'correction', requests: { suppressed: true, fewerThan: 10 } },
      ],
      answered: { suppressed: false, count: 17 },
      // 1..10, 10 ×5, 20, 33: the ninth of seventeen.
      medianDaysToAnswer: 9,
      // 17 answered + 2 overdue; 16 answered in time (the 33-day answer was late).
      dueOrAnswered: { suppressed: false, count: 19 },
      answeredWithinDeadline: { suppressed: false, count: 16 },
      answeredWithinDeadlinePercent: 84,
      // Five re-assessments decided, two of them changed: under 10, so nothing is published.
      reassessmentsDecided: { suppressed: true, fewerThan: 10 },
      reassessmentsChangingDecision: { suppressed: true, fewerThan: 10 },
      reassessmentsChangingDecisionPercent: null,
    });
    expect(numbers.periodStart).toBe('2025-11-23T12:00:00.000Z');
  });

  it('publishes a municipality with few or no requests only as "fewer than 10", with no median or share', async () => {
    const numbers = await buildRequestStatistics(db, NOW);
    const tomby = numbers.municipalities.find((m) => m.code === '998');
    expect(tomby?.requests).toEqual({ suppressed: true, fewerThan: 10 });
    expect(tomby?.medianDaysToAnswer).toBeNull();
    expect(tomby?.answeredWithinDeadlinePercent).toBeNull();
    expect(tomby?.requestsByType.every((t) => t.requests.suppressed)).toBe(true);
  });

  it('publishes no median of fewer than 10 answers', async () => {
    const later = await buildRequestStatistics(db, new Date(NOW.getTime() + 300 * DAY));
    const testby = later.municipalities.find((m) => m.code === '997');
    // 300 days on, only the five re-assessments (answered) and the objections remain in the period.
    expect(testby?.answered).toEqual({ suppressed: true, fewerThan: 10 });
    expect(testby?.medianDaysToAnswer).toBeNull();
  });
});
