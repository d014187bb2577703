/**
 * The register's facts change slowly (they count 12 months) but cost a scan of a year of AI events,
 * so each server process computes them at most once every few minutes for all its visitors.
 */
import type { Queryable } from '../db/db.ts';
import { getRegisterFacts, type RegisterFacts } from '../db/register-facts.ts';

const TTL_MS = 5 * 60_000;
/** Per store: a process normally has one, tests open several. */
const cache = new WeakMap<Queryable, { at: number; facts: Promise<RegisterFacts> }>();

/** The facts as of at most five minutes ago. A failed computation is not kept. */
export function getCachedRegisterFacts(db: Queryable, now: Date = new Date()): Promise<RegisterFacts> {
  const hit = cache.get(db);
  if (hit && Math.abs(now.getTime() - hit.at) < TTL_MS) return hit.facts;
  const facts = getRegisterFacts(db, now);
  const entry = { at: now.getTime(), facts };
  cache.set(db, entry);
  facts.catch(() => {
    if (cache.get(db) === entry) cache.delete(db);
  });
  return facts;
}
