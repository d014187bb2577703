/**
 * Automatic signed checkpoints (issue 10, ADR 0010): the server signs one every
 * CHECKPOINT_INTERVAL_MINUTES and a few seconds after an ingest wrote records, whenever records were
 * written since the newest checkpoint. It signs only where it has a signing key: the generated
 * development key outside production, CHECKPOINT_PRIVATE_KEY in production. Without one (a portal that
 * holds only the public key), `npm run checkpoint` on a timer elsewhere does the signing.
 */
import { getConfig } from '../config.ts';
import type { Db } from '../db/db.ts';
import { checkpointIfChanged } from '../ingest/checkpoint.ts';
import { loadSigningKey } from '../ingest/checkpoint-key.ts';
import { log } from './log.ts';

/** How long after an ingest the checkpoint waits, so a burst of requests gives one checkpoint. */
const AFTER_INGEST_MS = 5_000;

let store: (() => Promise<Db>) | undefined;
let interval: NodeJS.Timeout | undefined;
let soon: NodeJS.Timeout | undefined;
let running: Promise<void> = Promise.resolve();

async function signNow(): Promise<void> {
  const { env, checkpoint } = getConfig();
  const key = loadSigningKey({ env, ...checkpoint });
  if (!key.ok || !store) return;
  try {
    const made = await checkpointIfChanged(await store(), key.key);
    if (made)
      log.info('checkpoint signed', { id: made.id, cases: made.caseCount, records: made.recordCount });
  } catch (error) {
    log.error('checkpoint failed', { error: error instanceof Error ? error.name : 'unknown' });
  }
}

/** Runs one signing at a time: a timer and an ingest never sign side by side in this process. */
function queue(): Promise<void> {
  running = running.then(signNow);
  return running;
}

/**
 * Starts signing on the interval with `writeStore` (idempotent). Called when the server first opens
 * its write-side store.
 */
export function startCheckpointSchedule(writeStore: () => Promise<Db>): void {
  if (store) return;
  store = writeStore;
  const minutes = getConfig().checkpoint.intervalMinutes;
  if (minutes > 0) {
    interval = setInterval(() => void queue(), minutes * 60_000);
    interval.unref();
  }
}

/** Asks for a checkpoint shortly (after an ingest wrote records). */
export function checkpointSoon(): void {
  if (!store || getConfig().checkpoint.intervalMinutes === 0) return;
  clearTimeout(soon);
  soon = setTimeout(() => void queue(), AFTER_INGEST_MS);
  soon.unref();
}
