/**
 * Queries for the access records: every look-up of a citizen by a member of staff, with its purpose
 * (portal.access_record). A look-up is written before anything about the citizen is read, in the
 * same transaction, so a look-up that cannot be recorded shows nothing (§2 stk. 2: access control
 * and logging). The citizen reads their own records on /min-log.
 */
import { z } from 'zod';
import {
  LOOKUP_RATE_LIMIT,
  lookupPurposeSchema,
  type LookupPurpose,
  type LookupRequest,
} from '../domain/staff-lookup.ts';
import type { Db, Queryable } from './db.ts';

/** Who looks: the member of staff as the staff IdP named them at login. */
export interface LookupStaff {
  readonly staffId: string;
  readonly name: string;
  readonly title: string;
  readonly unit: string;
}

/** The citizen found by a look-up: what the front-desk view needs, nothing more. */
export interface FoundCitizen {
  readonly cpr: string;
  readonly name: string;
}

export type LookupResult =
  | {
      readonly ok: true;
      readonly accessRecordId: number;
      /** null: no citizen with that CPR number is in the audit store (the look-up is still recorded). */
      readonly citizen: FoundCitizen | null;
    }
  | { readonly ok: false; readonly error: 'rate_limited' }
  | { readonly ok: false; readonly error: 'not_recorded'; readonly cause: unknown };

/**
 * Serialises one member of staff's look-ups across every portal instance (the count and the insert
 * must not interleave). $1: staff id.
 */
const LOCK_STAFF_SQL = `select pg_advisory_xact_lock(hashtext('indsigt.lookup:' || $1))`;

/** The member of staff's look-ups since a moment (the rate limit). $1: staff id, $2: since. */
const COUNT_RECENT_SQL = `select count(*)::int as n from portal.access_record
     where staff_id = $1 and accessed_at > $2`;

/** Records a look-up. $1 CPR, $2-$5 staff, $6 purpose, $7 purpose text, $8 time. */
const INSERT_SQL = `insert into portal.access_record
       (citizen_cpr, staff_id, staff_name, staff_title, staff_unit, purpose, purpose_text, accessed_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     returning id`;

/** The citizen's name, read only after the look-up is recorded. $1: CPR. */
const CITIZEN_SQL = `select given_name, family_name from audit.citizen where cpr = $1`;

/** The citizen's access records, newest first. $1: CPR. */
const LIST_FOR_CITIZEN_SQL = `select id, staff_name, staff_title, staff_unit, purpose, purpose_text, accessed_at
     from portal.access_record
     where citizen_cpr = $1
     order by accessed_at desc, id desc`;

const idRow = z.object({ id: z.number() });
const countRow = z.object({ n: z.number() });
const citizenRow = z.object({ given_name: z.string(), family_name: z.string() });

/**
 * Records that `staff` looked up the citizen with `lookup.cpr`, for `lookup.purpose`, and only then
 * reads who the citizen is, all in one transaction:
 *
 * 1. a lock on the member of staff, and their look-ups within the rate-limit window counted
 *    (`rate_limited` if over, and nothing is written or read);
 * 2. the access record inserted;
 * 3. the citizen's name read (null when the store has no such citizen: the look-up still counts);
 * 4. `beforeCommit` run in the same transaction (the front desk sets the staff session there).
 *
 * If any step fails, the transaction is rolled back and the answer is `not_recorded` with no
 * citizen data at all: fail closed.
 */
export async function recordStaffLookup(
  db: Db,
  staff: LookupStaff,
  lookup: LookupRequest,
  options: {
    readonly now?: Date;
    readonly beforeCommit?: (
      tx: Queryable,
      recorded: { accessRecordId: number; citizen: FoundCitizen | null },
    ) => Promise<void>;
  } = {},
): Promise<LookupResult> {
  const now = options.now ?? new Date();
  const windowStart = new Date(now.getTime() - LOOKUP_RATE_LIMIT.windowMinutes * 60_000);
  try {
    return await db.transaction(async (tx): Promise<LookupResult> => {
      await tx.query(LOCK_STAFF_SQL, [staff.staffId]);
      const count = countRow.parse((await tx.query(COUNT_RECENT_SQL, [staff.staffId, windowStart])).rows[0]);
      if (count.n >= LOOKUP_RATE_LIMIT.max) return { ok: false, error: 'rate_limited' };

      const inserted = await tx.query(INSERT_SQL, [
        lookup.cpr,
        staff.staffId,
        staff.name,
        staff.title,
        staff.unit,
        lookup.purpose,
        lookup.purposeText,
        now,
      ]);
      const accessRecordId = idRow.parse(inserted.rows[0]).id;

      const found = (await tx.query(CITIZEN_SQL, [lookup.cpr])).rows[0];
      const row = found === undefined ? undefined : citizenRow.parse(found);
      const citizen = row ? { cpr: lookup.cpr, name: `${row.given_name} ${row.family_name}` } : null;
      await options.beforeCommit?.(tx, { accessRecordId, citizen });
      return { ok: true, accessRecordId, citizen };
    });
  } catch (cause) {
    return { ok: false, error: 'not_recorded', cause };
  }
}

/** One entry of the citizen's log: who looked, when and why. The staff id stays internal. */
export interface AccessLogEntry {
  readonly id: number;
  readonly accessedAt: Date;
  readonly staffName: string;
  readonly staffTitle: string;
  readonly staffUnit: string;
  readonly purpose: LookupPurpose;
  readonly purposeText: string | null;
}

const accessLogRow = z
  .object({
    id: z.number(),
    staff_name: z.string(),
    staff_title: z.string(),
    staff_unit: z.string(),
    purpose: lookupPurposeSchema,
    purpose_text: z.string().nullable(),
    accessed_at: z.date(),
  })
  .transform((r): AccessLogEntry => ({
    id: r.id,
    accessedAt: r.accessed_at,
    staffName: r.staff_name,
    staffTitle: r.staff_title,
    staffUnit: r.staff_unit,
    purpose: r.purpose,
    purposeText: r.purpose_text,
  }));

/** Every look-up of the citizen by staff in the portal, newest first (access_record_citizen_idx). */
export async function listAccessRecordsForCitizen(db: Queryable, cpr: string): Promise<AccessLogEntry[]> {
  const { rows } = await db.query(LIST_FOR_CITIZEN_SQL, [cpr]);
  return rows.map((row) => accessLogRow.parse(row));
}
