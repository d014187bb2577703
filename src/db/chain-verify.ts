/**
 * verifyCaseChain against the store: reads a case's records (two queries) and checks them with the
 * domain's rules. Used by `npm run verify`-style tools and tests; the case page verifies the
 * timeline it has already read, without extra queries.
 */
import { verifyCaseChain, type CaseIntegrity } from '../domain/integrity.ts';
import { getCaseTimeline } from './cases.ts';
import type { Queryable } from './db.ts';

/** The integrity of one case, or null when there is no such case. */
export async function verifyStoredCase(db: Queryable, caseId: string): Promise<CaseIntegrity | null> {
  const owner = await db.query(`select citizen_cpr from audit."case" where id = $1`, [caseId]);
  const cpr = owner.rows[0]?.['citizen_cpr'];
  if (typeof cpr !== 'string') return null;
  const result = await getCaseTimeline(db, cpr, caseId);
  return result.ok ? verifyCaseChain(result.timeline) : null;
}
