/**
 * The store side of representation: the grantor's name for the choice page, and the record of what a
 * representative did, which the grantor reads in their log (/min-log) as "Anna Sørensen så dine sager
 * på dine vegne den …".
 */
import { z } from 'zod';
import type { Queryable } from '../db/db.ts';

export type RepresentativeActionKind = 'start' | 'read' | 'write';

/** $1 grantor CPR, $2 actor name, $3 actor pseudonym, $4 action, $5 path, $6 time. */
const INSERT_SQL = `insert into portal.representative_action
       (grantor_cpr, actor_name, actor_pseudonym, action, path, acted_at)
     values ($1, $2, $3, $4, $5, $6)`;

/**
 * The grantor's log: per representative, day and kind of action, the first time and how many pages.
 * $1 grantor CPR, $2 how many rows at most.
 */
const LOG_SQL = `select actor_name, action, min(acted_at) as first_at, count(*)::int as n
     from portal.representative_action
     where grantor_cpr = $1
     group by actor_name, action, (acted_at at time zone 'Europe/Copenhagen')::date
     order by first_at desc
     limit $2`;

/** The names of the people behind CPR numbers, as the audit store knows them. $1: CPR numbers. */
const NAMES_SQL = `select cpr, given_name, family_name from audit.citizen where cpr = any($1)`;

const logRow = z.object({
  actor_name: z.string(),
  action: z.enum(['start', 'read', 'write']),
  first_at: z.date(),
  n: z.number(),
});
const nameRow = z.object({ cpr: z.string(), given_name: z.string(), family_name: z.string() });

export interface RepresentativeLogEntry {
  readonly actorName: string;
  readonly action: RepresentativeActionKind;
  readonly at: Date;
  readonly count: number;
}

/** Records one thing a representative did for the grantor (never the grantor's CPR in `path`). */
export async function recordRepresentativeAction(
  db: Queryable,
  entry: {
    grantorCpr: string;
    actorName: string;
    actorPseudonym: string;
    action: RepresentativeActionKind;
    path: string;
    at?: Date;
  },
): Promise<void> {
  await db.query(INSERT_SQL, [
    entry.grantorCpr,
    entry.actorName,
    entry.actorPseudonym,
    entry.action,
    entry.path.slice(0, 300),
    entry.at ?? new Date(),
  ]);
}

/** What representatives did for this citizen, newest first, one line per person, day and kind. */
export async function representativeLog(
  db: Queryable,
  grantorCpr: string,
  limit = 200,
): Promise<RepresentativeLogEntry[]> {
  const { rows } = await db.query(LOG_SQL, [grantorCpr, limit]);
  return rows.map((row) => {
    const r = logRow.parse(row);
    return { actorName: r.actor_name, action: r.action, at: r.first_at, count: r.n };
  });
}

/** Names for CPR numbers (the grantors a representative can choose between); unknown ones are absent. */
export async function citizenNames(db: Queryable, cprs: readonly string[]): Promise<Map<string, string>> {
  if (cprs.length === 0) return new Map();
  const { rows } = await db.query(NAMES_SQL, [cprs]);
  return new Map(
    rows.map((row) => {
      const r = nameRow.parse(row);
      return [r.cpr, `${r.given_name} ${r.family_name}`];
    }),
  );
}
