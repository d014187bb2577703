/**
 * Forecasts for `npm run ingest`: while one batch is being written, the next one's payload hashes and
 * most of its chain hashes are computed, so the writing transaction is mostly round-trips. A chain
 * hash needs the case's head (seq and previous hash) and the reference records as they are at append
 * time; the forecaster assumes the previous batches were written as planned, a case first seen with
 * its case record is new, and the AI systems, staff and data sources are as last looked up. The
 * transaction checks each forecast against what it reads and computes the hash itself where one does
 * not hold (see writeRecords), so the forecast only ever saves time.
 */
import { computeRecordHash, type StaffSnapshot } from '../domain/chain.ts';
import { caseHeaderContent } from '../domain/integrity.ts';
import type { Queryable } from '../db/db.ts';
import type { IngestRecord } from './schema.ts';
import {
  caseFacts,
  decisionContent,
  eventContent,
  eventSnapshots,
  lookUpReferences,
  payloadHash,
  type BatchPlan,
  type BatchReferences,
  type Forecast,
  type ReferenceSnapshots,
} from './writer.ts';

interface Head {
  readonly seq: number;
  readonly hash: string | null;
}

/** A batch's plan in the making: its records added in order, then finished. */
export interface PlanBuilder {
  add(record: IngestRecord): void;
  finish(): BatchPlan;
}

/** Forecasts fewer than this share of a batch's chain records held: the next batch is not forecast. */
const MIN_HIT_RATE = 0.5;

export class ChainForecaster {
  private refs: ReferenceSnapshots = {
    systemVersions: new Set(),
    systemNames: new Map(),
    staff: new Map(),
    sourceCategories: new Map(),
    sources: new Map(),
  };
  /** Heads as the last batch planned leaves them, and as the one before left them. */
  private heads = new Map<string, Head>();
  private earlierHeads = new Map<string, Head>();
  /** AI events planned in the last two batches, by idempotency key, for decisions naming them. */
  private eventKeys = new Map<string, { caseId: string; seq: number }>();
  private earlierEventKeys = new Map<string, { caseId: string; seq: number }>();
  /** Keys planned in the last two batches: a repeat is a duplicate and leaves its case's head. */
  private keys = new Set<string>();
  private earlierKeys = new Set<string>();
  private chainForecasting = true;

  /**
   * Looks up the reference records a batch names that are not known yet. Only while no batch is being
   * written (the first one), so it never waits behind a transaction or runs beside one on PGlite.
   */
  async lookUp(q: Queryable, records: readonly IngestRecord[]): Promise<void> {
    const missing = records.filter(
      (r) =>
        (r.type === 'ai_event' &&
          (!this.refs.systemNames.has(r.systemId) ||
            (r.staffId !== null && !this.refs.staff.has(r.staffId)) ||
            r.sources.some((s) => !this.refs.sources.has(s.dataSourceId)))) ||
        (r.type === 'decision' && !this.refs.staff.has(r.decidedById)),
    );
    if (missing.length > 0) this.merge(await lookUpReferences(q, missing));
  }

  /** Takes fresher snapshots over older ones. */
  private merge(refs: ReferenceSnapshots): void {
    for (const key of refs.systemVersions) this.refs.systemVersions.add(key);
    for (const [k, v] of refs.systemNames) this.refs.systemNames.set(k, v);
    for (const [k, v] of refs.staff) this.refs.staff.set(k, v);
    for (const [k, v] of refs.sourceCategories) this.refs.sourceCategories.set(k, v);
    for (const [k, v] of refs.sources) this.refs.sources.set(k, v);
  }

  /** The plan of the next batch, assuming every batch planned before it is written as planned. */
  plan(records: readonly IngestRecord[]): BatchPlan {
    const builder = this.begin();
    for (const record of records) builder.add(record);
    return builder.finish();
  }

  /**
   * Starts the plan of the next batch, to which its records are then added one by one as they are
   * read: planning a whole batch at once held up the batch being written for as long (issue 15).
   * A batch's plan must be finished before the next one is begun.
   */
  begin(): PlanBuilder {
    this.earlierHeads = this.heads;
    this.heads = new Map();
    this.earlierEventKeys = this.eventKeys;
    this.eventKeys = new Map();
    this.earlierKeys = this.keys;
    this.keys = new Set();
    const hashes: string[] = [];
    const forecasts: (Forecast | undefined)[] = [];
    const forecastChain = this.chainForecasting;
    return {
      add: (record) => {
        hashes.push(payloadHash(record));
        const key = record.idempotencyKey;
        if (this.keys.has(key) || this.earlierKeys.has(key)) {
          forecasts.push(undefined);
          return;
        }
        this.keys.add(key);
        forecasts.push(forecastChain ? this.forecast(record) : undefined);
      },
      finish: () => ({
        hashes,
        forecasts,
        learn: (refs, held, planned) => {
          this.learn(refs, held, planned);
        },
      }),
    };
  }

  private head(caseId: string): Head | undefined {
    return this.heads.get(caseId) ?? this.earlierHeads.get(caseId);
  }

  private forecast(record: IngestRecord): Forecast | undefined {
    switch (record.type) {
      case 'case': {
        const caseId = record.id.toLowerCase();
        const hash = computeRecordHash(null, caseHeaderContent(caseId, 1, caseFacts(record)));
        // A case seen first with its case record is taken to be new: its chain starts at this header.
        if (this.head(caseId) === undefined) this.heads.set(caseId, { seq: 0, hash });
        return { kind: 'seal', hash };
      }
      case 'ai_event': {
        const caseId = record.caseId.toLowerCase();
        const head = this.head(caseId);
        const snapshots = head && eventSnapshots(record, this.refs);
        if (!head || snapshots === undefined || typeof snapshots === 'string') {
          this.forget(caseId);
          return undefined;
        }
        const seq = head.seq + 1;
        const hash = computeRecordHash(head.hash, eventContent(record, seq, snapshots));
        this.heads.set(caseId, { seq, hash });
        this.eventKeys.set(record.idempotencyKey, { caseId, seq });
        return { kind: 'ai_event', seq, prev: head.hash, snapshots, hash };
      }
      case 'decision': {
        const caseId = record.caseId.toLowerCase();
        const head = this.head(caseId);
        const decidedBy: StaffSnapshot | undefined = this.refs.staff.get(record.decidedById);
        const considered = new Set(record.consideredEventSeqs);
        for (const key of record.consideredEventKeys) {
          const event = this.eventKeys.get(key) ?? this.earlierEventKeys.get(key);
          if (event?.caseId !== caseId) {
            this.forget(caseId);
            return undefined;
          }
          considered.add(event.seq);
        }
        if (!head || decidedBy === undefined) {
          this.forget(caseId);
          return undefined;
        }
        const seq = head.seq + 1;
        const seqs = [...considered].sort((a, b) => a - b);
        const hash = computeRecordHash(head.hash, decisionContent(record, seq, seqs, decidedBy));
        this.heads.set(caseId, { seq, hash });
        return { kind: 'decision', seq, prev: head.hash, decidedBy, considered: seqs, hash };
      }
      default:
        return undefined;
    }
  }

  /** A case whose head is no longer known: its later records are not forecast. */
  private forget(caseId: string): void {
    this.heads.delete(caseId);
    this.earlierHeads.delete(caseId);
  }

  /** Takes the references a transaction read; stops forecasting chains while forecasts keep failing. */
  private learn(refs: BatchReferences, held: number, planned: number): void {
    this.merge(refs);
    this.chainForecasting = planned === 0 || held >= planned * MIN_HIT_RATE;
  }
}
