/**
 * Verifies the whole audit store (the core of `npm run verify`): every case's hash chain, the rule that
 * a decision has a human decision-maker (§1 stk. 6), and every signed checkpoint — its signature, and
 * that today's records still lead to the root it signed — plus every case's sealed header (whose case
 * it is, its number and facts) and its head record (the chain's recorded length and last hash). Cases
 * are streamed in keyset-paginated batches, five queries a batch, so a store of a million citizens
 * fits in a small, fixed memory.
 */
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import {
  verifyChain,
  type AiEventContent,
  type ChainContent,
  type DecisionContent,
  type StoredChainRecord,
} from '../domain/chain.ts';
import {
  caseHeaderProblem,
  chainAgainstHead,
  verifyCaseSeals,
  type StoredCaseSeal,
} from '../domain/integrity.ts';
import type { CaseSealState } from '../domain/types.ts';
import type { Queryable } from '../db/db.ts';
import {
  CheckpointRoot,
  checkpointSignatureValid,
  listCheckpoints,
  NIL_UUID,
  type Checkpoint,
} from './checkpoint.ts';

/**
 * A record that is not as it was sealed. The case is named by its id and its case number (never by
 * the citizen's CPR number); `seq` is the item's place in the chain, or for `type: 'case'` the version
 * of the case's sealed header (0 when there is none).
 */
export interface BrokenRecord {
  readonly caseId: string;
  readonly caseNumber: string;
  /** `unknown` for an item that is missing: its kind cannot be told. */
  readonly type: ChainContent['type'] | 'case' | 'unknown';
  readonly seq: number;
  readonly reason:
    | 'sequence_gap'
    | 'prev_hash_mismatch'
    | 'content_changed'
    | 'decision_without_human'
    /** The chain is shorter or longer than, or ends elsewhere than, the head the store recorded. */
    | 'chain_incomplete'
    /** The case has no sealed header. */
    | 'case_not_sealed'
    /** A version of the header does not hash, link, or keep the case's citizen and number. */
    | 'case_seal_broken'
    /** The case row (its citizen, number, status ...) is not what its newest header sealed. */
    | 'case_facts_differ';
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

/** A batch of cases with their rows' facts and head records. */
const CASES_SQL = `select c.id::text as id, c.municipality_code, c.case_number, c.citizen_cpr, c.area, c.title, c.title_en,
       c.status,
       c.opened_on, c.closed_on, h.seq as head_seq, h.hash as head_hash, h.seal_version as head_seal_version,
       h.seal_hash as head_seal_hash
     from audit."case" c left join audit.case_head h on h.case_id = c.id
     where c.id > $1::uuid order by c.id limit $2`;

const SEALS_SQL = `select case_id::text as case_id, version, municipality_code, case_number, citizen_cpr, area, title,
       title_en, status, opened_on, closed_on, prev_hash, hash
     from audit.case_seal where case_id = any($1::uuid[])`;

const EVENTS_SQL = `select e.id, e.case_id::text as case_id, e.seq, e.occurred_at, e.system_id, e.system_name,
       e.system_version, e.kind, e.purpose_code, e.purpose_note, e.output, e.staff_id, e.staff_name, e.staff_title,
       e.staff_unit, e.data_reused, e.used_for_training, e.explanation, e.en, e.prev_hash, e.hash
     from audit.ai_event e where e.case_id = any($1::uuid[])`;

const SOURCES_SQL = `select s.ai_event_id, s.data_source_id, s.source_name, s.source_owner, s.data_categories
     from audit.ai_event_source s join audit.ai_event e on e.id = s.ai_event_id
     where e.case_id = any($1::uuid[])`;

const DECISIONS_SQL = `select d.id, d.case_id::text as case_id, d.seq, d.decided_at, d.outcome, d.reasons, d.decided_by,
       d.decided_by_name, d.decided_by_title, d.decided_by_unit, d.considered_event_seqs, d.ai_assessment,
       d.departure_reason, d.appeal_body, d.appeal_deadline_weeks, d.en, d.prev_hash, d.hash
     from audit.decision d where d.case_id = any($1::uuid[])`;

const factColumns = {
  municipality_code: z.string(),
  case_number: z.string(),
  citizen_cpr: z.string(),
  area: z.string(),
  title: z.string(),
  title_en: z.string().nullable(),
  status: z.string(),
  opened_on: z.string(),
  closed_on: z.string().nullable(),
};

const caseRow = z.object({
  id: z.string(),
  ...factColumns,
  head_seq: z.number().nullable(),
  head_hash: z.string().nullable(),
  head_seal_version: z.number().nullable(),
  head_seal_hash: z.string().nullable(),
});

const sealRow = z.object({
  case_id: z.string(),
  version: z.number(),
  ...factColumns,
  prev_hash: z.string().nullable(),
  hash: z.string(),
});

function factsOf(r: z.infer<z.ZodObject<typeof factColumns>>): CaseSealState['live'] {
  return {
    municipalityCode: r.municipality_code,
    caseNumber: r.case_number,
    citizenCpr: r.citizen_cpr,
    area: r.area,
    title: r.title,
    titleEn: r.title_en,
    status: r.status,
    openedOn: r.opened_on,
    closedOn: r.closed_on,
  };
}

/** A staff snapshot from its four columns (null when the record names no one). */
function staffOf(
  id: string | null,
  name: string | null,
  title: string | null,
  unit: string | null,
): { id: string; name: string; title: string; unit: string } | null {
  return id === null ? null : { id, name: name ?? '', title: title ?? '', unit: unit ?? '' };
}

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
  system_name: z.string(),
  system_version: z.string(),
  kind: z.string(),
  purpose_code: z.string(),
  purpose_note: z.string().nullable(),
  output: z.string(),
  staff_id: z.string().nullable(),
  staff_name: z.string().nullable(),
  staff_title: z.string().nullable(),
  staff_unit: z.string().nullable(),
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
  source_name: z.string(),
  source_owner: z.string(),
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
  decided_by_name: z.string().nullable(),
  decided_by_title: z.string().nullable(),
  decided_by_unit: z.string().nullable(),
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

/** One batch of cases: their chain records and sealed headers, grouped by case. */
async function readBatch(
  db: Queryable,
  caseIds: readonly string[],
): Promise<{ records: Map<string, ReadRecord[]>; seals: Map<string, StoredCaseSeal[]> }> {
  const [seals, events, sources, decisions] = [
    await db.query(SEALS_SQL, [caseIds]),
    await db.query(EVENTS_SQL, [caseIds]),
    await db.query(SOURCES_SQL, [caseIds]),
    await db.query(DECISIONS_SQL, [caseIds]),
  ];
  const sealsByCase = new Map<string, StoredCaseSeal[]>(caseIds.map((id) => [id, []]));
  for (const raw of seals.rows) {
    const r = sealRow.parse(raw);
    sealsByCase
      .get(r.case_id)
      ?.push({ ...factsOf(r), version: r.version, prevHash: r.prev_hash, hash: r.hash });
  }
  const sourcesByEvent = new Map<
    number,
    { dataSourceId: string; name: string; ownerAuthority: string; categories: string[] }[]
  >();
  for (const raw of sources.rows) {
    const s = sourceRow.parse(raw);
    const list = sourcesByEvent.get(s.ai_event_id) ?? [];
    list.push({
      dataSourceId: s.data_source_id,
      name: s.source_name,
      ownerAuthority: s.source_owner,
      categories: s.data_categories,
    });
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
        systemName: e.system_name,
        systemVersion: e.system_version,
        kind: e.kind,
        purposeCode: e.purpose_code,
        purposeNote: e.purpose_note,
        output: e.output,
        staff: staffOf(e.staff_id, e.staff_name, e.staff_title, e.staff_unit),
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
        decidedBy: staffOf(d.decided_by, d.decided_by_name, d.decided_by_title, d.decided_by_unit),
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
  return { records: byCase, seals: sealsByCase };
}

/** Everything wrong with one case, as broken records naming the case by id and number. */
function checkCase(
  row: z.infer<typeof caseRow>,
  chain: readonly ReadRecord[],
  seals: readonly StoredCaseSeal[],
): BrokenRecord[] {
  const named = { caseId: row.id, caseNumber: row.case_number };
  const broken: BrokenRecord[] = [];
  const ordered = [...seals].sort((a, b) => a.version - b.version);
  const latest = ordered.at(-1) ?? null;
  const state: CaseSealState = {
    live: factsOf(row),
    latest,
    genesis: ordered.find((s) => s.version === 1)?.hash ?? null,
    head:
      row.head_seq === null
        ? null
        : {
            seq: row.head_seq,
            hash: row.head_hash,
            sealVersion: row.head_seal_version ?? 0,
            sealHash: row.head_seal_hash,
          },
  };
  const badVersion = verifyCaseSeals(row.id, ordered);
  if (badVersion !== null)
    broken.push({ ...named, type: 'case', seq: badVersion, reason: 'case_seal_broken' });
  else {
    const header = caseHeaderProblem(row.id, state);
    if (header !== null) {
      broken.push({
        ...named,
        type: 'case',
        seq: latest?.version ?? 0,
        reason:
          header === 'not_sealed'
            ? 'case_not_sealed'
            : header === 'facts_differ'
              ? 'case_facts_differ'
              : 'case_seal_broken',
      });
    }
  }
  const verdict = verifyChain(chain, state.genesis);
  if (!verdict.intact) broken.push({ ...named, ...verdict.brokenAt, reason: verdict.reason });
  const ending = chainAgainstHead(chain, state.head);
  if (ending?.kind === 'chain_incomplete') {
    const seq = ending.expectedLength > ending.foundLength ? ending.foundLength + 1 : ending.expectedLength;
    const at = chain.find((r) => r.content.seq === seq);
    broken.push({ ...named, type: at?.content.type ?? 'unknown', seq, reason: 'chain_incomplete' });
  }
  for (const record of chain) {
    if (record.content.type === 'decision' && record.content.decidedBy === null) {
      broken.push({ ...named, type: 'decision', seq: record.content.seq, reason: 'decision_without_human' });
    }
  }
  return broken;
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
    const caseRows = rows.map((r) => caseRow.parse(r));
    const ids = caseRows.map((r) => r.id);
    if (ids.length === 0) break;
    const batch = await readBatch(db, ids);
    for (const row of caseRows) {
      const chain = batch.records.get(row.id) ?? [];
      cases += 1;
      records += chain.length;
      broken.push(...checkCase(row, chain, batch.seals.get(row.id) ?? []));
      addToRecounts(recounts, row.id, chain);
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

/**
 * One line of `npm run verify`'s report for a broken record: the case by its number and id (never the
 * citizen's CPR number), and the item (or the version of the case's sealed header) that differs.
 */
export function describeBroken(b: BrokenRecord): string {
  const what =
    b.type === 'case'
      ? b.seq === 0
        ? 'case header'
        : `case header version ${b.seq}`
      : `item ${b.seq} (${{ ai_event: 'AI event', decision: 'decision', request_step: 'request step', unknown: 'missing' }[b.type]})`;
  return `BROKEN case ${b.caseNumber} (${b.caseId}) ${what}: ${b.reason}`;
}
