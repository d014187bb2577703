/**
 * The open numbers on citizens' requests (issue 11), per municipality, in one query. It reads requests
 * only through the view portal.request_outcome (migration 080: municipality_code, type, received_at,
 * answered_at, deadline, changed_decision), so the request loop may change its tables and re-point the
 * view without touching this module. The raw counts returned here are suppressed before publication
 * (src/register/open-numbers.ts); nothing else should publish them.
 */
import { z } from 'zod';
import type { Queryable } from './db.ts';

/**
 * $1 period start, $2 period end (requests received in [start, end)), $3 today's date in Denmark.
 * Per municipality and type, and per municipality in all (grouping sets, `is_total`):
 * - received: requests received in the period;
 * - answered: of those, answered; median_days: median calendar days from receipt to answer (Danish time);
 * - due: answered, or past their deadline unanswered (an overdue request counts against the share);
 *   answered_in_time: answered on or before the deadline;
 * - reassessments_decided: re-assessments whose outcome is known; reassessments_changed: the decision changed.
 */
export const REQUEST_STATISTICS_SQL = `with o as (
       select municipality_code, type, answered_at, deadline, changed_decision,
              (answered_at at time zone 'Europe/Copenhagen')::date
                - (received_at at time zone 'Europe/Copenhagen')::date as days_to_answer,
              (answered_at at time zone 'Europe/Copenhagen')::date as answered_on
       from portal.request_outcome
       where received_at >= $1 and received_at < $2
     )
     select m.code as municipality_code, m.name as municipality_name, o.type,
            grouping(o.type) = 1 as is_total,
            count(o.municipality_code)::int as received,
            count(o.answered_at)::int as answered,
            percentile_cont(0.5) within group (order by o.days_to_answer) as median_days,
            count(*) filter (where o.answered_at is not null or o.deadline < $3::date)::int as due,
            count(*) filter (where o.answered_on <= o.deadline)::int as answered_in_time,
            count(*) filter (where o.type = 'reassessment' and o.changed_decision is not null)::int
              as reassessments_decided,
            count(*) filter (where o.type = 'reassessment' and o.changed_decision)::int as reassessments_changed
     from audit.municipality m
     left join o on o.municipality_code = m.code
     group by grouping sets ((m.code, m.name, o.type), (m.code, m.name))
     order by m.code, is_total desc, o.type`;

const statisticsRow = z.object({
  municipality_code: z.string(),
  municipality_name: z.string(),
  type: z.string().nullable(),
  is_total: z.boolean(),
  received: z.number().int().nonnegative(),
  answered: z.number().int().nonnegative(),
  median_days: z.number().nullable(),
  due: z.number().int().nonnegative(),
  answered_in_time: z.number().int().nonnegative(),
  reassessments_decided: z.number().int().nonnegative(),
  reassessments_changed: z.number().int().nonnegative(),
});

/** The counts for one municipality, before suppression. */
export interface RawRequestStatistics {
  readonly municipalityCode: string;
  readonly municipalityName: string;
  readonly received: number;
  readonly receivedByType: ReadonlyMap<string, number>;
  readonly answered: number;
  /** Null when nothing was answered. */
  readonly medianDaysToAnswer: number | null;
  readonly due: number;
  readonly answeredInTime: number;
  readonly reassessmentsDecided: number;
  readonly reassessmentsChanged: number;
}

/** Every municipality's request counts for requests received in [start, end); `today` is YYYY-MM-DD, Danish time. */
export async function getRequestStatistics(
  db: Queryable,
  period: { readonly start: Date; readonly end: Date },
  today: string,
): Promise<RawRequestStatistics[]> {
  const { rows } = await db.query(REQUEST_STATISTICS_SQL, [
    period.start.toISOString(),
    period.end.toISOString(),
    today,
  ]);
  const result: RawRequestStatistics[] = [];
  const byType = new Map<string, Map<string, number>>();
  for (const raw of rows) {
    const row = statisticsRow.parse(raw);
    if (!row.is_total) {
      // A municipality without requests still yields one group with no type: not a type.
      if (row.type !== null) {
        const types = byType.get(row.municipality_code) ?? new Map<string, number>();
        types.set(row.type, row.received);
        byType.set(row.municipality_code, types);
      }
      continue;
    }
    result.push({
      municipalityCode: row.municipality_code,
      municipalityName: row.municipality_name,
      received: row.received,
      receivedByType: new Map(),
      answered: row.answered,
      medianDaysToAnswer: row.median_days,
      due: row.due,
      answeredInTime: row.answered_in_time,
      reassessmentsDecided: row.reassessments_decided,
      reassessmentsChanged: row.reassessments_changed,
    });
  }
  return result.map((r) => ({ ...r, receivedByType: byType.get(r.municipalityCode) ?? new Map() }));
}
