/**
 * Gets a store ready for the portal at start: migrations applied, and the embedded store seeded
 * with the demo world on first run. A PostgreSQL store is never seeded implicitly.
 */
import type { Config } from '../config.ts';
import { migrate } from './migrate.ts';
import { openStore } from './open.ts';
import { sealUnsealedRequests } from './requests.ts';
import { seedDemoWorld, type SeedResult } from './seed.ts';

export interface PrepareResult {
  readonly migrationsApplied: readonly number[];
  readonly seed: SeedResult | null;
}

export async function prepareStore(config: Config): Promise<PrepareResult> {
  const db = await openStore(config.store);
  try {
    const migrationsApplied = await migrate(db);
    // Requests from before migration 070 get their sealed receipt (a hash SQL cannot compute).
    await sealUnsealedRequests(db);
    const seed =
      config.store.kind === 'embedded' ? await seedDemoWorld(db, { citizens: config.demoCitizens }) : null;
    return { migrationsApplied, seed };
  } finally {
    await db.close();
  }
}
