/**
 * The register's facts change slowly (they count 12 months) but cost a scan of a year of AI events,
 * so each server process computes them at most once every few minutes for all its visitors, and keeps
 * showing the last ones while new ones are computed.
 */
import type { Queryable } from '../db/db.ts';
import { getRegisterFacts, type RegisterFacts } from '../db/register-facts.ts';
import { staleWhileRevalidate } from '../server/stale-while-revalidate.ts';

/** Fresh for five minutes; then served while one refresh runs, for up to an hour (stale-while-revalidate). */
const cached = staleWhileRevalidate(getRegisterFacts, { freshMs: 5 * 60_000, maxStaleMs: 60 * 60_000 });

/**
 * The facts as of at most five minutes ago, or while a refresh runs or after it failed, the last good
 * ones of the past hour. A failed computation is not kept.
 */
export function getCachedRegisterFacts(db: Queryable, now: Date = new Date()): Promise<RegisterFacts> {
  return cached(db, now);
}
