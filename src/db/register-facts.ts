/**
 * Facts from the audit store for the public register, per AI system over the last 12 months: how
 * many cases it touched, how many decisions had its output in front of the caseworker, and in how
 * many of those the caseworker departed from it. Only suppressed counts leave this module.
 */
import { z } from 'zod';
import { suppressSmallCount, type SuppressedCount } from '../domain/small-counts.ts';
import type { Queryable } from './db.ts';

export interface SystemFacts {
  readonly casesTouched: SuppressedCount;
  /** Decisions whose decision-maker had output of the system in front of them (considered_event_seqs). */
  readonly decisionsWithOutput: SuppressedCount;
  /** Of those, the decisions where the caseworker departed from the output. */
  readonly departures: SuppressedCount;
}

export interface RegisterFacts {
  /** The period counted: [periodStart, periodEnd), ISO timestamps. */
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly bySystem: ReadonlyMap<string, SystemFacts>;
}

/**
 * $1 period start, $2 period end. Per system, the events in the period (ai_event_system_case_idx:
 * an index-only range scan per system), their distinct cases, and the decisions on the same case
 * that considered them (decision's (case_id, seq) index). One round-trip for every system.
 */
export const REGISTER_FACTS_SQL = `select s.id as system_id,
       (select count(distinct e.case_id) from audit.ai_event e
         where e.system_id = s.id and e.occurred_at >= $1 and e.occurred_at < $2) as cases_touched,
       w.decisions, w.departed
     from audit.ai_system s
     cross join lateral (
       select count(distinct d.id) as decisions,
              count(distinct d.id) filter (where d.ai_assessment = 'departed') as departed
       from audit.ai_event e
       join audit.decision d on d.case_id = e.case_id and e.seq = any(d.considered_event_seqs)
       where e.system_id = s.id and e.occurred_at >= $1 and e.occurred_at < $2) w
     order by s.id`;

const factsRow = z.object({
  system_id: z.string(),
  cases_touched: z.number().int().nonnegative(),
  decisions: z.number().int().nonnegative(),
  departed: z.number().int().nonnegative(),
});

/** The 12 months up to `now`: the same calendar day one year earlier. */
export function lastTwelveMonths(now: Date): { start: Date; end: Date } {
  const start = new Date(now);
  start.setUTCFullYear(start.getUTCFullYear() - 1);
  return { start, end: now };
}

/** The register's facts for every system, counts under 10 suppressed. One query. */
export async function getRegisterFacts(db: Queryable, now: Date): Promise<RegisterFacts> {
  const { start, end } = lastTwelveMonths(now);
  const { rows } = await db.query(REGISTER_FACTS_SQL, [start.toISOString(), end.toISOString()]);
  const bySystem = new Map<string, SystemFacts>();
  for (const raw of rows) {
    const row = factsRow.parse(raw);
    bySystem.set(row.system_id, {
      casesTouched: suppressSmallCount(row.cases_touched),
      decisionsWithOutput: suppressSmallCount(row.decisions),
      departures: suppressSmallCount(row.departed),
    });
  }
  return { periodStart: start.toISOString(), periodEnd: end.toISOString(), bySystem };
}
