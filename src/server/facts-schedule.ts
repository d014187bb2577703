/**
 * Recounts the register's facts off the request path (issue 15; src/db/register-facts.ts): once
 * shortly after the store opens (unless another instance counted them recently), every
 * REGISTER_FACTS_REFRESH_MINUTES, and a few seconds after a publish or an ingest in this process.
 * Instances sharing a store take turns by an advisory lock, and skip a timer's counting when another
 * one has just counted; new counts bump the data version, which every instance's public page cache
 * watches.
 *
 * It counts on a store handle of its own without the portal's statement timeout (the counting takes
 * seconds on a big store); on the embedded store, which one process opens once, on the shared handle.
 * The state lives on `globalThis` (like src/server/data-changes.ts): the built server and
 * scripts/serve.ts load separate copies of this module.
 */
import type { Db } from '../db/db.ts';
import { refreshRegisterFacts, type RefreshOptions } from '../db/register-facts.ts';
import { onDataChanged } from './data-changes.ts';
import { log } from './log.ts';

/** How long after a publish or an ingest the recount waits, so a burst of them gives one. */
const AFTER_CHANGE_MS = 2_000;
/** How often a request that finds no facts at all asks again while another instance counts. */
const BUSY_RETRY_MS = 250;

interface Schedule {
  readonly store: () => Promise<Db>;
  running: Promise<unknown>;
  interval: NodeJS.Timeout | undefined;
  soon: NodeJS.Timeout | undefined;
}

const KEY = Symbol.for('indsigt.facts-schedule');
const shared = globalThis as typeof globalThis & { [KEY]?: Schedule | undefined };

/** One counting at a time in this process: a timer, a publish and a request never count side by side. */
function queue(schedule: Schedule, options: RefreshOptions): Promise<'refreshed' | 'busy' | 'fresh'> {
  const next = schedule.running.then(async () =>
    // A schedule stopped meanwhile (the store is closing) must not open the store again.
    shared[KEY] === schedule ? refreshRegisterFacts(await schedule.store(), new Date(), options) : 'fresh',
  );
  schedule.running = next.catch((error: unknown) => {
    log.error('counting the register facts failed', {
      error: error instanceof Error ? error.message : String(error),
    });
  });
  return next;
}

/**
 * Starts the schedule with `store` (idempotent): the first counting at once in the background, then
 * every `intervalMinutes`, and soon after each change announced in this process.
 */
export function startFactsSchedule(store: () => Promise<Db>, intervalMinutes: number): void {
  if (shared[KEY]) return;
  const schedule: Schedule = { store, running: Promise.resolve(), interval: undefined, soon: undefined };
  shared[KEY] = schedule;
  const intervalMs = intervalMinutes * 60_000;
  // Another instance that counted within the interval has done this one's work.
  const onTimer = (): void =>
    void queue(schedule, { unlessYoungerThanMs: intervalMs * 0.9 }).catch(() => undefined);
  const first = setTimeout(onTimer, 0);
  first.unref();
  schedule.interval = setInterval(onTimer, intervalMs);
  schedule.interval.unref();
  onDataChanged(factsChangedSoon);
}

/** Stops the timers (the store is closing). */
export function stopFactsSchedule(): void {
  const schedule = shared[KEY];
  if (!schedule) return;
  clearInterval(schedule.interval);
  clearTimeout(schedule.soon);
  shared[KEY] = undefined;
}

/** Asks for a recount shortly (after a publish or an ingest wrote what the facts count). */
export function factsChangedSoon(): void {
  const schedule = shared[KEY];
  if (!schedule) return;
  clearTimeout(schedule.soon);
  schedule.soon = setTimeout(() => void queue(schedule, {}).catch(() => undefined), AFTER_CHANGE_MS);
  schedule.soon.unref();
}

/**
 * Counts the facts now, for a store that has never stored any (a request found none): on the
 * schedule's handle if it runs in this process, else on `fallback`. Resolves once facts are stored,
 * by this process or, while another instance holds the lock, by that one; gives up after `timeoutMs`.
 */
export async function countFactsNow(fallback: Db, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const schedule = shared[KEY];
    const result = schedule
      ? await queue(schedule, { unlessYoungerThanMs: Number.POSITIVE_INFINITY })
      : await refreshRegisterFacts(fallback, new Date(), { unlessYoungerThanMs: Number.POSITIVE_INFINITY });
    if (result !== 'busy') return;
    if (Date.now() > deadline) throw new Error('the register facts are being counted elsewhere');
    await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
  }
}
