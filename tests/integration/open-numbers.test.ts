import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { buildRequestStatistics, requestStatisticsExportSchema } from '../../src/register/open-numbers.ts';
import { openSeededStore, STORES } from '../helpers/stores.ts';

const NOW = new Date('2026-11-23T12:00:00Z');
const DAY = 86_400_000;

/** Stores a request on a seeded case, received `receivedDaysAgo` days before NOW, answered after `answeredAfterDays`. */
async function request(
  db: Db,
  caseId: string,
  kind: string,
  receivedAt: Date,
  answeredAfterDays: number | null,
): Promise<void> {
  await db.query(
    `insert into portal.citizen_request (case_id, citizen_cpr, kind, message, status, created_at, updated_at)
     select id, citizen_cpr, $2, 'test', $3, $4, $5 from audit."case" where id = $1`,
    [
      caseId,
      kind,
      answeredAfterDays === null ? 'received' : 'answered',
      receivedAt,
      answeredAfterDays === null ? receivedAt : new Date(receivedAt.getTime() + answeredAfterDays * DAY),
    ],
  );
}

describe.each(STORES)('open numbers on requests ($name)', (store) => {
  let db: Db;

  beforeAll(async () => {
    db = await openSeededStore(store, 12);
    await db.query('delete from portal.citizen_request'); // the demo world's own requests: counted here from zero
    await db.query(
      `insert into audit.municipality (code, name, address, contact_email, contact_phone, dpo_name, dpo_email)
       values ('998', 'Tomby Kommune', 'Torvet 1', 'post@tomby.dk', '11223344', 'DPO', 'dpo@tomby.dk')`,
    );
    const { rows } = await db.query(
      `select id from audit."case" where municipality_code = '999' order by id limit 1`,
    );
    const caseId = String(rows[0]?.['id']);
    const ago = (days: number): Date => new Date(NOW.getTime() - days * DAY);
    // 12 explanations, answered after 1..10, 20 and 33 days; received 1 June, answered 4 July: after the deadline.
    for (const days of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20])
      await request(db, caseId, 'explanation', ago(100), days);
    await request(db, caseId, 'explanation', new Date('2026-06-01T08:00:00Z'), 33);
    // 5 re-assessments, each answered after 10 days.
    for (let i = 0; i < 5; i += 1) await request(db, caseId, 'reassessment', ago(60), 10);
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
    const egebaek = numbers.municipalities.find((m) => m.code === '999');
    expect(egebaek).toEqual({
      code: '999',
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
      // Today's table does not record whether a re-assessment changed the decision: nothing to publish.
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
    const egebaek = later.municipalities.find((m) => m.code === '999');
    // 300 days on, only the five re-assessments (answered) and the objections remain in the period.
    expect(egebaek?.answered).toEqual({ suppressed: true, fewerThan: 10 });
    expect(egebaek?.medianDaysToAnswer).toBeNull();
  });
});
