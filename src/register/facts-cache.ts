/**
 * The register's facts as pages show them: read from portal.register_facts, where they are counted
 * off the request path (src/server/facts-schedule.ts), in one lookup by key. No page counts them —
 * counting takes seconds on a big store, beyond the statement timeout, and the open data answered 503
 * under load when it did (issue 15) — except on a store where they have never been counted at all.
 */
import { StoreUnavailableError, type Db, type Queryable } from '../db/db.ts';
import { readRegisterFacts, type RegisterFacts } from '../db/register-facts.ts';
import { countFactsNow } from '../server/facts-schedule.ts';

/** The facts last counted; on a store that has none yet, counted first (once). */
export async function getRegisterFactsSnapshot(db: Queryable): Promise<RegisterFacts> {
  const stored = await readRegisterFacts(db);
  if (stored) return stored;
  if (!('transaction' in db)) throw new StoreUnavailableError('the register facts have not been counted');
  await countFactsNow(db as Db);
  const counted = await readRegisterFacts(db);
  if (!counted) throw new StoreUnavailableError('the register facts have not been counted');
  return counted;
}
