/**
 * The outbox worker: claims due letters, sends each through the transport, and records the outcome —
 * sent, retry later with exponential back-off, or dead after the last attempt (staff see dead letters
 * at /medarbejder/post). Every portal instance may run one; the claim (`for update skip locked` plus a
 * lease) keeps two workers off the same letter, and the MessageUUID makes the one unavoidable double
 * send (a worker dying between send and mark) harmless.
 */
import type { Db } from '../db/db.ts';
import { claimDueLetters, markLetterFailed, markLetterSent } from './outbox.ts';
import type { DigitalPostTransport } from './transport.ts';

export interface WorkerOptions {
  /** Letters claimed per round. */
  readonly batchSize: number;
  /** How long a claim holds; longer than one send can take (the transports time out at 30 s). */
  readonly leaseSeconds: number;
  /** Attempts before a letter is dead. */
  readonly maxAttempts: number;
  /** Wait after the first failure; doubled after each further one, up to `maxDelaySeconds`. */
  readonly baseDelaySeconds: number;
  readonly maxDelaySeconds: number;
  /** Pause between rounds when nothing was due. */
  readonly pollMilliseconds: number;
}

export const DEFAULT_WORKER_OPTIONS: WorkerOptions = {
  batchSize: 20,
  leaseSeconds: 120,
  maxAttempts: 10,
  baseDelaySeconds: 30,
  maxDelaySeconds: 3600,
  pollMilliseconds: 5000,
};

/** What the worker reports; messages carry MessageUUIDs and error summaries, never a CPR number. */
export type WorkerLog = (
  level: 'info' | 'warn' | 'error',
  message: string,
  fields: Record<string, unknown>,
) => void;

/** The wait before attempt `attempts + 1`: base · 2^(attempts − 1), capped. */
export function backoffSeconds(
  attempts: number,
  options: Pick<WorkerOptions, 'baseDelaySeconds' | 'maxDelaySeconds'>,
): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(options.maxDelaySeconds, options.baseDelaySeconds * 2 ** exponent);
}

export interface RoundResult {
  readonly claimed: number;
  readonly sent: number;
  readonly retried: number;
  readonly dead: number;
}

/**
 * One round: claim up to a batch of due letters and send them one by one. When `signal` aborts, the
 * round stops where it is — after a send and before its mark, say — exactly as a killed process would;
 * the claim runs out and a later round sends that letter again under the same MessageUUID.
 */
export async function runOutboxRound(
  db: Db,
  transport: DigitalPostTransport,
  options: WorkerOptions = DEFAULT_WORKER_OPTIONS,
  signal?: AbortSignal,
  logLine: WorkerLog = () => undefined,
): Promise<RoundResult> {
  const letters = await claimDueLetters(db, options.batchSize, options.leaseSeconds);
  let sent = 0;
  let retried = 0;
  let dead = 0;
  for (const letter of letters) {
    if (signal?.aborted) break;
    const result = await transport.send({ messageUuid: letter.messageUuid, memoXml: letter.memoXml });
    if (signal?.aborted) break;
    if (result.ok) {
      await markLetterSent(db, letter.messageUuid);
      sent += 1;
      logLine('info', 'Digital Post letter sent', {
        messageUuid: letter.messageUuid,
        kind: letter.kind,
        attempt: letter.attempts,
        transport: transport.name,
      });
      continue;
    }
    const isDead = result.permanent || letter.attempts >= options.maxAttempts;
    const retryInSeconds = backoffSeconds(letter.attempts, options);
    await markLetterFailed(db, letter.messageUuid, { error: result.error, dead: isDead, retryInSeconds });
    if (isDead) dead += 1;
    else retried += 1;
    logLine(
      isDead ? 'error' : 'warn',
      isDead ? 'Digital Post letter is dead' : 'Digital Post letter will be retried',
      {
        messageUuid: letter.messageUuid,
        kind: letter.kind,
        attempt: letter.attempts,
        error: result.error,
        ...(isDead ? {} : { retryInSeconds }),
        transport: transport.name,
      },
    );
  }
  return { claimed: letters.length, sent, retried, dead };
}

export interface RunningWorker {
  /** Stops after the letter in hand; resolves when the worker is idle. */
  stop(): Promise<void>;
}

/** Runs rounds until stopped: straight on while letters are due, then every `pollMilliseconds`. */
export function startOutboxWorker(
  db: Db,
  transport: DigitalPostTransport,
  options: WorkerOptions = DEFAULT_WORKER_OPTIONS,
  logLine: WorkerLog = () => undefined,
  /** Runs before each round: writes letters that are due to the outbox (the AI-use notices, issue 14). */
  beforeRound: () => Promise<unknown> = () => Promise.resolve(),
): RunningWorker {
  const state = { stopped: false };
  // A function, so the type checker does not treat the flag as fixed within one pass of the loop.
  const isStopped = (): boolean => state.stopped;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!isStopped()) {
      let claimed = 0;
      try {
        await beforeRound();
        claimed = (await runOutboxRound(db, transport, options, undefined, logLine)).claimed;
      } catch (error) {
        // The store did not answer, say: the letters stay where they are; try again after a pause.
        logLine('error', 'Digital Post worker round failed', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
      if (isStopped() || claimed > 0) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, options.pollMilliseconds);
        timer.unref();
      });
    }
  })();
  return {
    async stop() {
      state.stopped = true;
      clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
