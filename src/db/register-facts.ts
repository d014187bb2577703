/**
 * Facts from the audit store for the public register, per AI system over the last 12 months: how
 * many cases it touched, how many decisions had its output in front of the caseworker, and in how
 * many of those the caseworker departed from it. Only suppressed counts leave this module.
 *
 * Counting scans a year of AI events: seconds on a big store, beyond the portal's statement timeout.
 * So pages never count: `refreshRegisterFacts` counts off the request path (a timer, a publish, an
 * ingest: src/server/facts-schedule.ts) and stores the suppressed result in portal.register_facts
 * (migration 220); pages read it with `readRegisterFacts`, one lookup by key.
 */
import { z } from 'zod';
import { suppressedCountSchema, suppressSmallCount, type SuppressedCount } from '../domain/small-counts.ts';
import type { Db, Queryable } from './db.ts';

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

const systemFactsSchema = z.object({
  casesTouched: suppressedCountSchema,
  decisionsWithOutput: suppressedCountSchema,
  departures: suppressedCountSchema,
});

const snapshotRow = z.object({
  period_start: z.date(),
  period_end: z.date(),
  computed_at: z.date(),
  facts: z.record(z.string(), systemFactsSchema),
});

/** The stored facts and when they were counted. */
export interface RegisterFactsSnapshot extends RegisterFacts {
  readonly computedAt: Date;
}

/** The facts last counted (portal.register_facts), or null if they never were. One lookup by key. */
export async function readRegisterFacts(db: Queryable): Promise<RegisterFactsSnapshot | null> {
  const { rows } = await db.query(
    'select period_start, period_end, computed_at, facts from portal.register_facts where id',
  );
  if (rows.length === 0) return null;
  const row = snapshotRow.parse(rows[0]);
  return {
    periodStart: row.period_start.toISOString(),
    periodEnd: row.period_end.toISOString(),
    computedAt: row.computed_at,
    bySystem: new Map(Object.entries(row.facts)),
  };
}

/** The advisory lock one counting holds: instances sharing a store never count side by side. */
const REFRESH_LOCK_SQL = `select pg_try_advisory_xact_lock(hashtext('indsigt.register-facts')) as locked`;

/** Longest a counting may run: far beyond the portal's statement timeout, short of forever. */
const REFRESH_STATEMENT_TIMEOUT = '10min';

export interface RefreshOptions {
  /** Skip the counting if the stored facts were counted less than this long before `now`. */
  readonly unlessYoungerThanMs?: number;
}

/**
 * Counts the facts as of `now` and stores them, unless another connection is counting right now
 * (the advisory lock is taken) or the stored ones are younger than `unlessYoungerThanMs`. Resolves
 * 'refreshed', 'busy' or 'fresh'. Run it on a connection without the portal's statement timeout
 * (the transaction sets its own, generous one). Storing facts that differ from the last ones bumps
 * the data version, so every instance renders its public pages again.
 */
export async function refreshRegisterFacts(
  db: Db,
  now: Date = new Date(),
  options: RefreshOptions = {},
): Promise<'refreshed' | 'busy' | 'fresh'> {
  return db.transaction(async (tx) => {
    await tx.query(`set local statement_timeout = '${REFRESH_STATEMENT_TIMEOUT}'`);
    // The counting runs once: compiling it with JIT took longer than it saved (0.25 s of 0.55 s after
    // a 20,000-citizen seed). Set here rather than for the pool, which may sit behind a PgBouncer.
    await tx.query('set local jit = off');
    const { rows } = await tx.query(REFRESH_LOCK_SQL);
    if (rows[0]?.['locked'] !== true) return 'busy';
    if (options.unlessYoungerThanMs !== undefined) {
      const stored = await tx.query('select computed_at from portal.register_facts where id');
      const at = stored.rows[0]?.['computed_at'];
      if (at instanceof Date && now.getTime() - at.getTime() < options.unlessYoungerThanMs) return 'fresh';
    }
    const facts = await getRegisterFacts(tx, now);
    await tx.query(
      `insert into portal.register_facts (id, period_start, period_end, computed_at, facts)
       values (true, $1, $2, $3, $4::jsonb)
       on conflict (id) do update set period_start = excluded.period_start, period_end = excluded.period_end,
         computed_at = excluded.computed_at, facts = excluded.facts`,
      [
        facts.periodStart,
        facts.periodEnd,
        now.toISOString(),
        JSON.stringify(Object.fromEntries(facts.bySystem)),
      ],
    );
    return 'refreshed';
  });
}
