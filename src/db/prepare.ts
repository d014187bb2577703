/**
 * Gets a store ready for the portal at start: migrations applied, the embedded store seeded with the
 * demo world on first run, and (outside production) a signed checkpoint over what is in it, so
 * /api/v1/checkpoints is never empty in the demo. A PostgreSQL store is never seeded implicitly.
 */
import type { Config } from '../config.ts';
import { checkpointIfChanged, type Checkpoint } from '../ingest/checkpoint.ts';
import { loadSigningKey } from '../ingest/checkpoint-key.ts';
import type { Db } from './db.ts';
import { migrate } from './migrate.ts';
import { openStore } from './open.ts';
import { sealUnsealedRequests } from './requests.ts';
import { seedDemoWorld, type SeedResult } from './seed.ts';

export interface PrepareResult {
  readonly migrationsApplied: readonly number[];
  readonly seed: SeedResult | null;
  /** True when an embedded demo store written before sealed case headers (migration 050) was rebuilt. */
  readonly rebuilt: boolean;
  /** The checkpoint signed at start, or null when the newest one already covered every record. */
  readonly checkpoint: Checkpoint | null;
  /** Why no checkpoint could be signed, if so. */
  readonly checkpointError: string | null;
}

/** Whether some case has no sealed header: a store written before migration 050. */
async function hasUnsealedCases(db: Db): Promise<boolean> {
  const { rows } = await db.query(
    `select exists (select 1 from audit."case" c
                    where not exists (select 1 from audit.case_seal s where s.case_id = c.id)) as unsealed`,
  );
  return rows[0]?.['unsealed'] === true;
}

/**
 * Prepares the configured store (see the module comment). Not for production, which migrates by hand.
 * With `open`, that handle is prepared and left open (npm start hands in the portal's own embedded
 * store, so PGlite is started once, not twice); otherwise the store is opened here and closed after.
 */
export async function prepareStore(config: Config, open?: Db): Promise<PrepareResult> {
  const db = open ?? (await openStore(config.store));
  try {
    const migrationsApplied = await migrate(db);
    let rebuilt = false;
    if (config.store.kind === 'embedded' && (await hasUnsealedCases(db))) {
      // The demo's hashes were made under the old layout: they would all read as tampered. The embedded
      // store holds only the generated demo world, so it is rebuilt rather than shown as broken.
      await db.exec(
        'drop schema if exists audit cascade; drop schema if exists portal cascade; drop table if exists public.schema_migration;',
      );
      await migrate(db);
      rebuilt = true;
    }
    // Requests from before migration 070 get their sealed receipt (a hash SQL cannot compute).
    await sealUnsealedRequests(db);
    const seed =
      config.store.kind === 'embedded' ? await seedDemoWorld(db, { citizens: config.demoCitizens }) : null;
    const key = loadSigningKey({ env: config.env, ...config.checkpoint });
    let checkpoint: Checkpoint | null = null;
    let checkpointError: string | null = key.ok ? null : key.error;
    if (key.ok) {
      try {
        checkpoint = await checkpointIfChanged(db, key.key);
      } catch (error) {
        checkpointError = error instanceof Error ? error.message : String(error);
      }
    }
    return { migrationsApplied, seed, rebuilt, checkpoint, checkpointError };
  } finally {
    if (!open) await db.close();
  }
}
