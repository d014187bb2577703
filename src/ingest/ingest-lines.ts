/**
 * Ingest of a JSONL stream (the core of `npm run ingest`): validates each line, writes the good ones in
 * batches, and reports every bad one with its line number and reason. A bad line never stops the
 * rest; in strict mode the whole stream is one transaction that is rolled back if any line is bad.
 */
import type { Db, Queryable } from '../db/db.ts';
import { parseIngestLine, type IngestRecord } from './schema.ts';
import { ChainForecaster, type PlanBuilder } from './forecast.ts';
import { ingestBatch, writeRecords, type BatchPlan, type RecordResult } from './writer.ts';

export interface LineProblem {
  readonly line: number;
  readonly idempotencyKey: string | null;
  readonly reason: string;
}

export interface IngestProgress {
  readonly lines: number;
  readonly bytes: number;
  readonly accepted: number;
  readonly duplicate: number;
  readonly rejected: number;
  readonly elapsedMs: number;
}

export interface IngestSummary extends IngestProgress {
  readonly rejections: readonly LineProblem[];
  /** False in strict mode when a bad line made the whole stream roll back. */
  readonly written: boolean;
  /** Batches the store refused whole and that were retried record by record. */
  readonly fallbacks: number;
}

export interface IngestOptions {
  /** The client named on every record written, e.g. `cli:<user>`. */
  readonly writtenBy: string;
  /**
   * Records per transaction. The first batches are smaller (FIRST_BATCH, doubling up to this), so the
   * store starts writing while the rest of a large batch is still being read.
   */
  readonly batchSize?: number;
  /** All or nothing: any bad line rolls back every line. */
  readonly strict?: boolean;
  readonly onProgress?: (progress: IngestProgress) => void;
}

class StrictRollback extends Error {}

/**
 * The size of the first batch. Nothing can be written before a batch is read, validated and planned;
 * with 5,000 lines that took the store's first 300-400 ms, idle. Each later batch is twice the one
 * before, up to the batch size, so the store stays busy while the next, larger one is read.
 */
const FIRST_BATCH = 500;

/**
 * The longest stretch of reading and planning between two turns of the event loop. A line reader
 * hands over the lines it has buffered as resolved promises, which run before any I/O callback:
 * without a turn now and then, the answer to a statement of the batch being written waits behind
 * hundreds of lines while the store idles (the seed yields the same way, see seed.ts).
 */
const TURN_MS = 2;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Reads, validates and writes every line of `lines`. */
export async function ingestLines(
  db: Db,
  lines: AsyncIterable<string>,
  options: IngestOptions,
): Promise<IngestSummary> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 1000;
  const rejections: LineProblem[] = [];
  let lineNo = 0;
  let bytes = 0;
  let accepted = 0;
  let duplicate = 0;
  let fallbacks = 0;
  let pending: { line: number; record: IngestRecord }[] = [];

  const progress = (): IngestProgress => ({
    lines: lineNo,
    bytes,
    accepted,
    duplicate,
    rejected: rejections.length,
    elapsedMs: Date.now() - started,
  });

  const tally = (
    batch: readonly { line: number; record: IngestRecord }[],
    results: readonly RecordResult[],
  ): void => {
    results.forEach((result, i) => {
      const item = batch[i];
      if (!item) return;
      if (result.status === 'rejected') {
        rejections.push({
          line: item.line,
          idempotencyKey: item.record.idempotencyKey,
          reason: result.reason,
        });
      } else if (result.status === 'accepted') accepted += 1;
      else duplicate += 1;
    });
  };

  const forecaster = new ChainForecaster();

  /** Writes a batch: on its own transaction, or inside the strict one. */
  const flush = async (
    tx: Queryable | null,
    batch: readonly { line: number; record: IngestRecord }[],
    records: readonly IngestRecord[],
    plan: BatchPlan,
  ): Promise<void> => {
    if (tx === null) {
      const outcome = await ingestBatch(db, records, options.writtenBy, plan);
      fallbacks += outcome.fallbacks;
      tally(batch, outcome.results);
    } else {
      tally(batch, await writeRecords(tx, records, options.writtenBy, plan));
    }
    options.onProgress?.(progress());
  };

  const run = async (tx: Queryable | null): Promise<void> => {
    // Pipelined: the next batch is read, validated and planned (its hashes worked out, see
    // forecast.ts) while the previous one is written, each record as it is read: planned in one go at
    // the end, a batch held up the statements of the one being written for 100-150 ms. One batch is in
    // flight at a time, so batches are written in order and the chains grow in line order.
    let writing: Promise<void> = Promise.resolve();
    let batches = 0;
    let turned = performance.now();
    let currentBatch = Math.min(batchSize, FIRST_BATCH);
    // After the first batch, each record is planned as soon as it is read (see ChainForecaster.begin).
    let planning: PlanBuilder | null = null;
    const startFlush = async (): Promise<void> => {
      const batch = pending;
      const builder = planning;
      pending = [];
      planning = null;
      if (batch.length === 0) return;
      const records = batch.map((b) => b.record);
      let plan: BatchPlan;
      if (builder) plan = builder.finish();
      else {
        // The first batch's reference records are looked up before anything is being written.
        if (batches === 0) await forecaster.lookUp(tx ?? db, records);
        plan = forecaster.plan(records);
      }
      batches += 1;
      await writing;
      writing = flush(tx, batch, records, plan);
      // Awaited before the next batch or at the end; a failure is not unhandled meanwhile.
      writing.catch(() => undefined);
    };
    for await (const raw of lines) {
      lineNo += 1;
      bytes += Buffer.byteLength(raw) + 1;
      const line = raw.trim();
      if (line === '') continue;
      const parsed = parseIngestLine(line);
      if (parsed.ok) {
        pending.push({ line: lineNo, record: parsed.record });
        if (batches > 0) (planning ??= forecaster.begin()).add(parsed.record);
      } else rejections.push({ line: lineNo, idempotencyKey: keyOf(line), reason: parsed.reason });
      if (pending.length >= currentBatch) {
        await startFlush();
        currentBatch = Math.min(batchSize, currentBatch * 2);
        turned = performance.now();
      } else if (performance.now() - turned > TURN_MS) {
        await nextTurn();
        turned = performance.now();
      }
    }
    await startFlush();
    await writing;
  };

  if (!options.strict) {
    await run(null);
    return { ...progress(), rejections: sortByLine(rejections), written: true, fallbacks };
  }
  try {
    await db.transaction(async (tx) => {
      await run(tx);
      if (rejections.length > 0) throw new StrictRollback('strict: rolled back');
    });
    return { ...progress(), rejections, written: true, fallbacks };
  } catch (error) {
    if (!(error instanceof StrictRollback)) throw error;
    return { ...progress(), rejections: sortByLine(rejections), written: false, fallbacks };
  }
}

function sortByLine(problems: LineProblem[]): LineProblem[] {
  return problems.sort((a, b) => a.line - b.line);
}

/** The idempotency key of a line that failed validation, if it has one, for the report. */
function keyOf(line: string): string | null {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value === 'object' && value !== null && 'idempotencyKey' in value) {
      return typeof value.idempotencyKey === 'string' ? value.idempotencyKey.slice(0, 200) : null;
    }
  } catch {
    // Not JSON: no key to report.
  }
  return null;
}
