/**
 * The citizen's log (/min-log): every look-up of them by staff in the portal, newest first, with
 * who, when and why (§2 stk. 2). The municipality decides whether the member of staff is named or
 * only their unit is shown (ACCESS_LOG_SHOW_STAFF_NAME).
 */
import type { CitizenSession } from '../auth/session-types.ts';
import { listAccessRecordsForCitizen, type AccessLogEntry } from '../db/access-records.ts';
import type { Queryable } from '../db/db.ts';
import type { LookupPurpose } from '../domain/staff-lookup.ts';

/** One line of the citizen's log as shown: name and title are null when only the unit is shown. */
export interface CitizenLogEntry {
  readonly id: number;
  readonly accessedAt: Date;
  readonly staffName: string | null;
  readonly staffTitle: string | null;
  readonly staffUnit: string;
  readonly purpose: LookupPurpose;
  readonly purposeText: string | null;
}

/** The entries as the municipality's setting allows them to be shown (names left out, not hidden). */
export function entriesForCitizen(
  entries: readonly AccessLogEntry[],
  showStaffName: boolean,
): CitizenLogEntry[] {
  return entries.map((e) => ({
    id: e.id,
    accessedAt: e.accessedAt,
    staffName: showStaffName ? e.staffName : null,
    staffTitle: showStaffName ? e.staffTitle : null,
    staffUnit: e.staffUnit,
    purpose: e.purpose,
    purposeText: e.purposeText,
  }));
}

/** The logged-in citizen's log. */
export async function citizenLog(
  db: Queryable,
  citizen: CitizenSession,
  showStaffName: boolean,
): Promise<CitizenLogEntry[]> {
  return entriesForCitizen(await listAccessRecordsForCitizen(db, citizen.cpr), showStaffName);
}
