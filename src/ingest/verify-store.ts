/**
 * Verifies the whole audit store (the core of `npm run verify`): every case's hash chain, the rule that
 * a decision has a human decision-maker (§1 stk. 6), and every signed checkpoint — its signature, and
 * that today's records still lead to the root it signed. Cases are streamed in keyset-paginated
 * batches, three queries a batch, so a store of a million citizens fits in a small, fixed memory.
 */
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import {
  verifyChain,
  type AiEventContent,
  type DecisionContent,
  type StoredChainRecord,
} from '../domain/chain.ts';
import type { Queryable } from '../db/db.ts';
import {
  CheckpointRoot,
  checkpointSignatureValid,
  listCheckpoints,
  NIL_UUID,
  type Checkpoint,
} from './checkpoint.ts';

export interface BrokenRecord {
  readonly caseId: string;
  readonly type: 'ai_event' | 'decision';
  readonly seq: number;
  readonly reason: 'sequence_gap' | 'prev_hash_mismatch' | 'content_changed' | 'decision_without_human';
}

export interface CheckpointVerdict {
  readonly id: number;
  readonly createdAt: Date;
  readonly ok: boolean;
  /** What failed: the signature, the key, or the recomputed root and counts. */
  readonly problems: readonly string[];
}

export interface VerifyReport {
  readonly cases: number;
  readonly records: number;
  readonly broken: readonly BrokenRecord[];
  readonly checkpoints: readonly CheckpointVerdict[];
  readonly ok: boolean;
  readonly elapsedMs: number;
}

export interface VerifyOptions {
  /** The municipality's checkpoint public key and its id; null when none is configured. */
  readonly trustedKey: { readonly publicKey: KeyObject; readonly keyId: string } | null;
  readonly batchSize?: number;
  readonly onProgress?: (progress: { cases: number; records: number; elapsedMs: number }) => void;
}

const CASES_SQL = `select id::text as id from audit."case" where id > $1::uuid order by id limit $2`;

const EVENTS_SQL = `select e.id, e.case_id::text as case_id, e.seq, e.occurred_at, e.system_id, e.system_version,
       e.kind, e.purpose_code, e.purpose_note, e.output, e.staff_id, e.data_reused, e.used_for_training,
       e.explanation, e.en, e.prev_hash, e.hash
     from audit.ai_event e where e.case_id = any($1::uuid[])`;

const SOURCES_SQL = `select s.ai_event_id, s.data_source_id, s.data_categories
     from audit.ai_event_source s join audit.ai_event e on e.id = s.ai_event_id
     where e.case_id = any($1::uuid[])`;

const DECISIONS_SQL = `select d.id, d.case_id::text as case_id, d.seq, d.decided_at, d.outcome, d.reasons, d.decided_by,
       d.considered_event_seqs, d.ai_assessment, d.departure_reason, d.appeal_body, d.appeal_deadline_weeks,
       d.en, d.prev_hash, d.hash
     from audit.decision d where d.case_id = any($1::uuid[])`;

/**
 * An optional sealed JSON column, read as stored: the hash, not a schema, decides whether it is what
 * was written, so a changed value must reach computeRecordHash unaltered (null: absent from the seal).
 */
const sealedJson = z.unknown().transform((v) => (v === null || v === undefined ? undefined : v));

const eventRow = z.object({
  id: z.number(),
  case_id: z.string(),
  seq: z.number(),
  occurred_at: z.date(),
  system_id: z.string(),
  system_version: z.string(),
  kind: z.string(),
  purpose_code: z.string(),
  purpose_note: z.string().nullable(),
  output: z.string(),
  staff_id: z.string().nullable(),
  data_reused: z.boolean(),
  used_for_training: z.boolean(),
  explanation: sealedJson,
  en: sealedJson,
  prev_hash: z.string().nullable(),
  hash: z.string(),
});

const sourceRow = z.object({
  ai_event_id: z.number(),
  data_source_id: z.string(),
  data_categories: z.array(z.string()),
});

const decisionRow = z.object({
  id: z.number(),
  case_id: z.string(),
  seq: z.number(),
  decided_at: z.date(),
  outcome: z.string(),
  reasons: z.string(),
  decided_by: z.string().nullable(),
  considered_event_seqs: z.array(z.number()),
  ai_assessment: z.string(),
  departure_reason: z.string().nullable(),
  appeal_body: z.string(),
  appeal_deadline_weeks: z.number(),
  en: sealedJson,
  prev_hash: z.string().nullable(),
  hash: z.string(),
});

/** A chain record as read, with its row id (which checkpoint watermarks refer to). */
interface ReadRecord extends StoredChainRecord {
  readonly id: number;
}

/** One batch of cases: their chain records, grouped by case. */
async function readBatch(db: Queryable, caseIds: readonly string[]): Promise<Map<string, ReadRecord[]>> {
  const [events, sources, decisions] = [
    await db.query(EVENTS_SQL, [caseIds]),
    await db.query(SOURCES_SQL, [caseIds]),
    await db.query(DECISIONS_SQL, [caseIds]),
  ];
  const sourcesByEvent = new Map<number, { dataSourceId: string; categories: string[] }[]>();
  for (const raw of sources.rows) {
    const s = sourceRow.parse(raw);
    const list = sourcesByEvent.get(s.ai_event_id) ?? [];
    list.push({ dataSourceId: s.data_source_id, categories: s.data_categories });
    sourcesByEvent.set(s.ai_event_id, list);
  }
  const byCase = new Map<string, ReadRecord[]>(caseIds.map((id) => [id, []]));
  for (const raw of events.rows) {
    const e = eventRow.parse(raw);
    byCase.get(e.case_id)?.push({
      id: e.id,
      content: {
        type: 'ai_event',
        caseId: e.case_id,
        seq: e.seq,
        occurredAt: e.occurred_at,
        systemId: e.system_id,
        systemVersion: e.system_version,
        kind: e.kind,
        purposeCode: e.purpose_code,
        purposeNote: e.purpose_note,
        output: e.output,
        staffId: e.staff_id,
        dataReused: e.data_reused,
        usedForTraining: e.used_for_training,
        sources: sourcesByEvent.get(e.id) ?? [],
        explanation: e.explanation as AiEventContent['explanation'],
        en: e.en as AiEventContent['en'],
      },
      prevHash: e.prev_hash,
      hash: e.hash,
    });
  }
  for (const raw of decisions.rows) {
    const d = decisionRow.parse(raw);
    byCase.get(d.case_id)?.push({
      id: d.id,
      content: {
        type: 'decision',
        caseId: d.case_id,
        seq: d.seq,
        decidedAt: d.decided_at,
        outcome: d.outcome,
        reasons: d.reasons,
        decidedById: d.decided_by,
        consideredEventSeqs: d.considered_event_seqs,
        aiAssessment: d.ai_assessment,
        departureReason: d.departure_reason,
        appealBody: d.appeal_body,
        appealDeadlineWeeks: d.appeal_deadline_weeks,
        en: d.en as DecisionContent['en'],
      },
      prevHash: d.prev_hash,
      hash: d.hash,
    });
  }
  return byCase;
}

/** A checkpoint being recomputed from today's records. */
interface Recount {
  readonly checkpoint: Checkpoint;
  readonly root: CheckpointRoot;
  records: number;
}

/** Feeds one case's head under each checkpoint's watermarks into that checkpoint's root. */
function addToRecounts(recounts: readonly Recount[], caseId: string, records: readonly ReadRecord[]): void {
  for (const recount of recounts) {
    const { eventWatermark, decisionWatermark } = recount.checkpoint;
    let head: ReadRecord | undefined;
    let count = 0;
    for (const record of records) {
      const covered =
        record.content.type === 'ai_event' ? record.id <= eventWatermark : record.id <= decisionWatermark;
      if (!covered) continue;
      count += 1;
      if (!head || record.content.seq > head.content.seq) head = record;
    }
    if (head) {
      recount.root.add(caseId, head.content.seq, head.hash);
      recount.records += count;
    }
  }
}

/** Checks every chain and every checkpoint; `ok` is false if anything is broken. */
export async function verifyStore(db: Queryable, options: VerifyOptions): Promise<VerifyReport> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 1000;
  const checkpoints = await listCheckpoints(db);
  const recounts: Recount[] = checkpoints.map((checkpoint) => ({
    checkpoint,
    root: new CheckpointRoot(),
    records: 0,
  }));
  const broken: BrokenRecord[] = [];
  let cases = 0;
  let records = 0;
  let after = NIL_UUID;
  for (;;) {
    const { rows } = await db.query(CASES_SQL, [after, batchSize]);
    const ids = rows.map((r) => String(r['id']));
    if (ids.length === 0) break;
    const byCase = await readBatch(db, ids);
    for (const caseId of ids) {
      const chain = byCase.get(caseId) ?? [];
      cases += 1;
      records += chain.length;
      const verdict = verifyChain(chain);
      if (!verdict.intact) broken.push({ caseId, ...verdict.brokenAt, reason: verdict.reason });
      for (const record of chain) {
        if (record.content.type === 'decision' && record.content.decidedById === null) {
          broken.push({
            caseId,
            type: 'decision',
            seq: record.content.seq,
            reason: 'decision_without_human',
          });
        }
      }
      addToRecounts(recounts, caseId, chain);
    }
    options.onProgress?.({ cases, records, elapsedMs: Date.now() - started });
    if (ids.length < batchSize) break;
    after = ids[ids.length - 1] ?? after;
  }

  const verdicts = recounts.map(({ checkpoint, root, records: recounted }): CheckpointVerdict => {
    const problems: string[] = [];
    if (!options.trustedKey)
      problems.push('no checkpoint public key is configured to check the signature against');
    else if (checkpoint.keyId !== options.trustedKey.keyId)
      problems.push('signed by a key that is not the municipality’s');
    else if (!checkpointSignatureValid(checkpoint, options.trustedKey.publicKey))
      problems.push('signature does not verify');
    const recomputed = root.digest();
    if (recomputed !== checkpoint.root) {
      problems.push(
        `root differs: the records now lead to ${recomputed}, the checkpoint signed ${checkpoint.root}`,
      );
    }
    if (root.cases !== checkpoint.caseCount) {
      problems.push(`case count differs: ${root.cases} now, ${checkpoint.caseCount} signed`);
    }
    if (recounted !== checkpoint.recordCount) {
      problems.push(`record count differs: ${recounted} now, ${checkpoint.recordCount} signed`);
    }
    return { id: checkpoint.id, createdAt: checkpoint.createdAt, ok: problems.length === 0, problems };
  });
  broken.sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : a.seq - b.seq));
  return {
    cases,
    records,
    broken,
    checkpoints: verdicts,
    ok: broken.length === 0 && verdicts.every((v) => v.ok),
    elapsedMs: Date.now() - started,
  };
}
