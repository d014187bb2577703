/**
 * The writer path of the audit store: takes validated ingest records and writes them, each exactly
 * once. Reference records (data sources, AI systems, staff, cases) are upserted; AI events and
 * decisions are appended to their case's hash chain through the domain's one hash function. A batch
 * is a handful of multi-row statements, so a file of a million records is not a million round-trips.
 */
import { hash as oneShotHash } from 'node:crypto';
import { z } from 'zod';
import {
  canonicalJson,
  computeRecordHash,
  type AiEventContent,
  type DecisionContent,
  type SourceSnapshot,
  type StaffSnapshot,
} from '../domain/chain.ts';
import { caseHeaderContent, sameFacts } from '../domain/integrity.ts';
import type { CaseFacts } from '../domain/types.ts';
import { ChainInserts } from '../db/chain-inserts.ts';
import type { Db, Queryable } from '../db/db.ts';
import type { AiEventRecord, DecisionRecord, IngestRecord, ReferenceRecord } from './schema.ts';

/**
 * Every ingest transaction holds this advisory lock shared; a checkpoint takes it exclusively for a
 * moment, so when it reads the largest record ids no writer is half-way (see checkpoint.ts).
 */
export const WRITE_LOCK = 7_341_210;

export type RecordResult =
  | {
      readonly status: 'accepted' | 'duplicate';
      /** Where an AI event or decision landed in its case's chain (null for reference records). */
      readonly caseId: string | null;
      readonly seq: number | null;
    }
  | { readonly status: 'rejected'; readonly reason: string };

/** The hash of a record's canonical payload: equal for an exact re-send whatever its key order. */
export function payloadHash(record: IngestRecord): string {
  return oneShotHash('sha256', canonicalJson(record));
}

/**
 * What was worked out about a batch before its transaction, while the previous batch was being
 * written (see forecast.ts): each record's payload hash, and for chain records and new cases the hash
 * each will get if the store is as forecast. The transaction checks every forecast against what it
 * reads (seq, previous hash, sealed snapshots) and computes the hash itself where one differs, so a
 * wrong forecast costs time, never a wrong hash.
 */
export interface BatchPlan {
  /** payloadHash of each record. */
  readonly hashes: readonly string[];
  readonly forecasts: readonly (Forecast | undefined)[];
  /** Told what the transaction looked up and how many forecasts held, to forecast later batches. */
  readonly learn?: (refs: BatchReferences, held: number, planned: number) => void;
}

/** The hash of a case's sealed header version 1, for a case without a header yet. */
export interface SealForecast {
  readonly kind: 'seal';
  readonly hash: string;
}

export interface EventForecast {
  readonly kind: 'ai_event';
  readonly seq: number;
  readonly prev: string | null;
  readonly snapshots: EventSnapshots;
  readonly hash: string;
}

export interface DecisionForecast {
  readonly kind: 'decision';
  readonly seq: number;
  readonly prev: string | null;
  readonly decidedBy: StaffSnapshot;
  readonly considered: readonly number[];
  readonly hash: string;
}

export type Forecast = SealForecast | EventForecast | DecisionForecast;

function sameStaff(a: StaffSnapshot | null, b: StaffSnapshot | null): boolean {
  if (a === null || b === null) return a === b;
  return a.id === b.id && a.name === b.name && a.title === b.title && a.unit === b.unit;
}

/** Whether an event forecast was made from the snapshots the transaction found. */
function sameSnapshots(a: EventSnapshots, b: EventSnapshots): boolean {
  if (
    a.systemName !== b.systemName ||
    !sameStaff(a.staff, b.staff) ||
    a.sources.length !== b.sources.length
  ) {
    return false;
  }
  return a.sources.every((s, i) => {
    const t = b.sources[i];
    return (
      t !== undefined &&
      s.dataSourceId === t.dataSourceId &&
      s.name === t.name &&
      s.ownerAuthority === t.ownerAuthority &&
      s.categories === t.categories
    );
  });
}

function sameSeqs(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

function rejected(reason: string): RecordResult {
  return { status: 'rejected', reason };
}

/**
 * Why the store refused a record, in words that name no table, column or constraint: the answer goes
 * to a machine client outside the municipality. Errors that are not about the record's data (no
 * privilege, connection lost, timeouts) are not the record's fault: they are thrown on as StoreError,
 * and the API answers 503.
 */
function storeRefusal(error: unknown): string {
  if (!isDataError(error)) throw new StoreError(error);
  const state = sqlState(error) ?? '';
  if (state === '23505') return 'refused by the store: the record repeats one that is already stored';
  if (state === '23503') return 'refused by the store: the record refers to something that is not stored';
  if (state.startsWith('23')) return 'refused by the store: the record breaks one of the store’s rules';
  return 'refused by the store: a value is not valid for the store';
}

/** Errors caused by a record's data (SQLSTATE classes 22 data exception, 23 integrity, 54 too large). */
function isDataError(error: unknown): boolean {
  const state = sqlState(error) ?? '';
  return state.startsWith('22') || state.startsWith('23') || state.startsWith('54');
}

/** The store failed for a reason that is not the record's: answered 503 without internal names. */
export class StoreError extends Error {
  constructor(cause: unknown) {
    super('the audit store could not write the records', { cause });
    this.name = 'StoreError';
  }
}

function isChainRecord(record: IngestRecord): record is AiEventRecord | DecisionRecord {
  return record.type === 'ai_event' || record.type === 'decision';
}

/** What an event's sealed snapshot copies from the reference records as they are at append time. */
export interface EventSnapshots {
  readonly systemName: string;
  readonly staff: StaffSnapshot | null;
  readonly sources: readonly SourceSnapshot[];
}

/** The content an AI event's hash covers, exactly as the seed builds it. */
export function eventContent(record: AiEventRecord, seq: number, snapshots: EventSnapshots): AiEventContent {
  return {
    type: 'ai_event',
    caseId: record.caseId.toLowerCase(),
    seq,
    // Millisecond precision: what both drivers return when the record is read back.
    occurredAt: new Date(Date.parse(record.occurredAt)),
    systemId: record.systemId,
    systemName: snapshots.systemName,
    systemVersion: record.systemVersion,
    kind: record.kind,
    purposeCode: record.purposeCode,
    purposeNote: record.purposeNote,
    output: record.output,
    staff: snapshots.staff,
    dataReused: record.dataReused,
    usedForTraining: record.usedForTraining,
    sources: snapshots.sources,
    explanation: record.explanation,
    en: record.en,
  };
}

/** The content a decision's hash covers, with the considered events as seqs and the decider as they are. */
export function decisionContent(
  record: DecisionRecord,
  seq: number,
  consideredEventSeqs: number[],
  decidedBy: StaffSnapshot,
): DecisionContent {
  return {
    type: 'decision',
    caseId: record.caseId.toLowerCase(),
    seq,
    decidedAt: new Date(Date.parse(record.decidedAt)),
    outcome: record.outcome,
    reasons: record.reasons,
    decidedBy,
    consideredEventSeqs,
    aiAssessment: record.aiAssessment,
    departureReason: record.departureReason,
    appealBody: record.appealBody,
    appealDeadlineWeeks: record.appealDeadlineWeeks,
    en: record.en,
  };
}

const sealRow = z.object({
  version: z.number(),
  hash: z.string(),
  municipality_code: z.string(),
  case_number: z.string(),
  citizen_cpr: z.string(),
  area: z.string(),
  title: z.string(),
  title_en: z.string().nullable(),
  status: z.string(),
  opened_on: z.string(),
  closed_on: z.string().nullable(),
});

function sealFacts(seal: z.infer<typeof sealRow>): CaseFacts {
  return {
    municipalityCode: seal.municipality_code,
    caseNumber: seal.case_number,
    citizenCpr: seal.citizen_cpr,
    area: seal.area,
    title: seal.title,
    titleEn: seal.title_en,
    status: seal.status,
    openedOn: seal.opened_on,
    closedOn: seal.closed_on,
  };
}

/**
 * Appends a version of the case's sealed header when its facts differ from the newest one (or it has
 * none). Called after the case row is upserted, which holds the row's lock: versions never fork.
 */
async function sealCaseFacts(tx: Queryable, caseId: string, facts: CaseFacts): Promise<void> {
  const { rows } = await tx.query(
    `select version, hash, municipality_code, case_number, citizen_cpr, area, title, title_en, status, opened_on,
       closed_on
     from audit.case_seal where case_id = $1 order by version desc limit 1`,
    [caseId],
  );
  const latest = rows[0] === undefined ? null : sealRow.parse(rows[0]);
  if (latest && sameFacts(facts, sealFacts(latest))) return;
  const content = caseHeaderContent(caseId, (latest?.version ?? 0) + 1, facts);
  const prev = latest?.hash ?? null;
  const inserts = new ChainInserts();
  inserts.addCaseSeal(content, prev, computeRecordHash(prev, content));
  await inserts.flush(tx);
}

/**
 * An English text of an upserted reference record: the value to store and whether the record says
 * anything about it. Omitted (no `en`, or no such field in it) keeps what is stored, so a case system
 * that sends only Danish never erases English texts entered another way; an explicit null clears it.
 */
function englishText(
  en: Readonly<Record<string, string | null | undefined>> | null | undefined,
  field: string,
): [value: string | null, given: boolean] {
  if (en === null) return [null, true];
  const value = en?.[field];
  return value === undefined ? [null, false] : [value, true];
}

async function upsertReference(tx: Queryable, record: ReferenceRecord): Promise<string | null> {
  switch (record.type) {
    case 'data_source':
      await tx.query(
        `insert into audit.data_source (id, name, owner_authority, data_categories, name_en, owner_authority_en)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (id) do update set name = excluded.name, owner_authority = excluded.owner_authority,
           data_categories = excluded.data_categories,
           name_en = case when $7::boolean then excluded.name_en else audit.data_source.name_en end,
           owner_authority_en = case when $8::boolean then excluded.owner_authority_en
             else audit.data_source.owner_authority_en end`,
        [
          record.id,
          record.name,
          record.ownerAuthority,
          record.categories,
          ...zip(englishText(record.en, 'name'), englishText(record.en, 'ownerAuthority')),
        ],
      );
      return null;
    case 'staff':
      await tx.query(
        `insert into audit.staff (id, municipality_code, name, title, unit) values ($1, $2, $3, $4, $5)
         on conflict (id) do update set name = excluded.name, title = excluded.title, unit = excluded.unit
         where audit.staff.municipality_code = excluded.municipality_code`,
        [record.id, record.municipalityCode, record.name, record.title, record.unit],
      );
      return null;
    case 'ai_system': {
      const { rowCount } = await tx.query(
        `insert into audit.ai_system (id, municipality_code, name, supplier, processor, processing_kind, legal_basis,
           status, in_use_since, retired_on, dpia_date, name_en, legal_basis_en)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         on conflict (id) do update set name = excluded.name, supplier = excluded.supplier,
           processor = excluded.processor, processing_kind = excluded.processing_kind,
           legal_basis = excluded.legal_basis, status = excluded.status, in_use_since = excluded.in_use_since,
           retired_on = excluded.retired_on, dpia_date = excluded.dpia_date,
           name_en = case when $14::boolean then excluded.name_en else audit.ai_system.name_en end,
           legal_basis_en = case when $15::boolean then excluded.legal_basis_en else audit.ai_system.legal_basis_en end
         where audit.ai_system.municipality_code = excluded.municipality_code`,
        [
          record.id,
          record.municipalityCode,
          record.name,
          record.supplier,
          record.processor,
          record.processingKind,
          record.legalBasis,
          record.status,
          record.inUseSince,
          record.retiredOn,
          record.dpiaDate,
          ...zip(englishText(record.en, 'name'), englishText(record.en, 'legalBasis')),
        ],
      );
      if (rowCount === 0) return `AI system ${record.id} belongs to another municipality`;
      const { rows } = await tx.query(
        `insert into audit.ai_system_version (system_id, version, released_on)
         select $1, version, released_on from unnest($2::text[], $3::date[]) as t(version, released_on)
         on conflict (system_id, version) do nothing
         returning version`,
        [record.id, record.versions.map((v) => v.version), record.versions.map((v) => v.releasedOn)],
      );
      const added = new Set(rows.map((r) => String(r['version'])));
      // A version already known must not be re-dated: what the citizen was told stays true.
      const known = record.versions.filter((v) => !added.has(v.version));
      if (known.length > 0) {
        const same = await tx.query(
          `select count(*)::int8 as n from audit.ai_system_version v
           join unnest($2::text[], $3::date[]) as t(version, released_on)
             on v.version = t.version and v.released_on = t.released_on
           where v.system_id = $1`,
          [record.id, known.map((v) => v.version), known.map((v) => v.releasedOn)],
        );
        if (Number(same.rows[0]?.['n']) !== known.length) {
          return `a version of AI system ${record.id} is already recorded with another release date`;
        }
      }
      return null;
    }
    case 'case': {
      await tx.query(
        `insert into audit.citizen (cpr, given_name, family_name) values ($1, $2, $3)
         on conflict (cpr) do update set given_name = excluded.given_name, family_name = excluded.family_name`,
        [record.citizen.cpr, record.citizen.givenName, record.citizen.familyName],
      );
      const [titleEn, titleEnGiven] = englishText(record.en, 'title');
      const { rows } = await tx.query(
        `insert into audit."case" (id, municipality_code, case_number, area, title, status, opened_on, closed_on,
           citizen_cpr, title_en)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         on conflict (id) do update set area = excluded.area, title = excluded.title, status = excluded.status,
           opened_on = excluded.opened_on, closed_on = excluded.closed_on,
           title_en = case when $11::boolean then excluded.title_en else audit."case".title_en end
         where audit."case".citizen_cpr = excluded.citizen_cpr and audit."case".case_number = excluded.case_number
           and audit."case".municipality_code = excluded.municipality_code
         returning title_en`,
        [
          record.id,
          record.municipalityCode,
          record.caseNumber,
          record.area,
          record.title,
          record.status,
          record.openedOn,
          record.closedOn,
          record.citizen.cpr,
          titleEn,
          titleEnGiven,
        ],
      );
      const stored = rows[0];
      if (stored === undefined) {
        return `case ${record.id} exists with another citizen, case number or municipality`;
      }
      // The English title as stored now: the one sent, or the one kept when the record omitted it.
      const storedTitleEn = stored['title_en'];
      await sealCaseFacts(tx, record.id.toLowerCase(), {
        ...caseFacts(record),
        titleEn: typeof storedTitleEn === 'string' ? storedTitleEn : null,
      });
      return null;
    }
  }
}

/** Two English texts as parameters: both values, then both flags. */
function zip(
  a: [string | null, boolean],
  b: [string | null, boolean],
): [string | null, string | null, boolean, boolean] {
  return [a[0], b[0], a[1], b[1]];
}

export type CaseRecord = Extract<ReferenceRecord, { type: 'case' }>;

export function caseFacts(record: CaseRecord): CaseFacts {
  return {
    municipalityCode: record.municipalityCode,
    caseNumber: record.caseNumber,
    citizenCpr: record.citizen.cpr,
    area: record.area,
    title: record.title,
    // As a new case stores it; an upsert of a stored case seals the English title it keeps.
    titleEn: record.en?.title ?? null,
    status: record.status,
    openedOn: record.openedOn,
    closedOn: record.closedOn,
  };
}

/**
 * The bulk path for a batch's case records (distinct ids): their citizens and cases upserted with one
 * statement each and their new seal versions written with one COPY, instead of six round-trips per
 * case. Returns false, having written nothing, when any case would be refused: the caller then writes
 * them one by one, so each refusal gets its own reason.
 */
async function upsertCases(
  tx: Queryable,
  records: readonly CaseRecord[],
  forecasts: readonly (Forecast | undefined)[],
): Promise<boolean> {
  // The newest name of each citizen, as writing the records in order would leave it.
  const citizens = new Map(records.map((r) => [r.citizen.cpr, r.citizen]));
  await tx.query(
    `insert into audit.citizen (cpr, given_name, family_name)
     select * from unnest($1::text[], $2::text[], $3::text[])
     on conflict (cpr) do update set given_name = excluded.given_name, family_name = excluded.family_name`,
    [
      [...citizens.keys()],
      [...citizens.values()].map((c) => c.givenName),
      [...citizens.values()].map((c) => c.familyName),
    ],
  );
  // A record that omits its English title keeps the stored one: those are upserted without touching it.
  const given = records.filter((r) => englishText(r.en, 'title')[1]);
  const omitted = records.filter((r) => !englishText(r.en, 'title')[1]);
  const storedTitles = new Map<string, string | null>();
  for (const [group, keepTitleEn] of [
    [given, false],
    [omitted, true],
  ] as const) {
    if (group.length === 0) continue;
    const column = <T>(f: (r: CaseRecord) => T): T[] => group.map(f);
    const { rows } = await tx.query(
      `insert into audit."case" (id, municipality_code, case_number, area, title, status, opened_on, closed_on,
         citizen_cpr, title_en)
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[],
         $8::date[], $9::text[], $10::text[])
       on conflict (id) do update set area = excluded.area, title = excluded.title, status = excluded.status,
         opened_on = excluded.opened_on, closed_on = excluded.closed_on,
         title_en = ${keepTitleEn ? 'audit."case".title_en' : 'excluded.title_en'}
       where audit."case".citizen_cpr = excluded.citizen_cpr and audit."case".case_number = excluded.case_number
         and audit."case".municipality_code = excluded.municipality_code
       returning id::text as id, title_en`,
      [
        column((r) => r.id),
        column((r) => r.municipalityCode),
        column((r) => r.caseNumber),
        column((r) => r.area),
        column((r) => r.title),
        column((r) => r.status),
        column((r) => r.openedOn),
        column((r) => r.closedOn),
        column((r) => r.citizen.cpr),
        column((r) => englishText(r.en, 'title')[0]),
      ],
    );
    if (rows.length !== group.length) return false;
    for (const r of rows) {
      const titleEn = r['title_en'];
      storedTitles.set(String(r['id']), typeof titleEn === 'string' ? titleEn : null);
    }
  }
  const ids = records.map((r) => r.id.toLowerCase());
  const latest = await tx.query(
    `select distinct on (case_id) case_id::text as case_id, version, hash, municipality_code, case_number,
       citizen_cpr, area, title, title_en, status, opened_on, closed_on
     from audit.case_seal where case_id = any($1::uuid[]) order by case_id, version desc`,
    [ids],
  );
  const seals = new Map(latest.rows.map((r) => [String(r['case_id']), sealRow.parse(r)]));
  const inserts = new ChainInserts();
  records.forEach((record, i) => {
    const caseId = ids[i] ?? '';
    const facts = { ...caseFacts(record), titleEn: storedTitles.get(caseId) ?? null };
    const seal = seals.get(caseId);
    if (seal && sameFacts(facts, sealFacts(seal))) return;
    const content = caseHeaderContent(caseId, (seal?.version ?? 0) + 1, facts);
    const prev = seal?.hash ?? null;
    // A new case's first header is its record's alone: its hash was worked out before the transaction
    // (from the English title the record sent, which a case stored without a header may not have kept).
    const forecast = forecasts[i];
    const holds =
      seal === undefined && forecast?.kind === 'seal' && facts.titleEn === (record.en?.title ?? null);
    const hash = holds ? forecast.hash : computeRecordHash(prev, content);
    inserts.addCaseSeal(content, prev, hash);
  });
  await inserts.flush(tx);
  return true;
}

/** What the writer looked up about the chain records of a batch. */
export interface BatchReferences {
  readonly heads: Map<string, { seq: number; hash: string | null }>;
  readonly systemVersions: Set<string>;
  /** Names of the batch's AI systems, as sealed into each event. */
  readonly systemNames: Map<string, string>;
  /** The batch's staff as they are now: the snapshot sealed into each event and decision. */
  readonly staff: Map<string, StaffSnapshot>;
  readonly sourceCategories: Map<string, Set<string>>;
  readonly sources: Map<string, { name: string; ownerAuthority: string }>;
  /** Idempotency key -> the AI event it landed as. */
  readonly eventKeys: Map<string, { caseId: string; seq: number }>;
  /** `${caseId}:${seq}` of stored AI events that decisions in the batch consider. */
  readonly eventSeqs: Set<string>;
}

/**
 * Locks the batch's cases (in id order, so concurrent batches cannot deadlock on them) and only then
 * reads their chain heads: a second writer on the same case waits here and sees this one's records.
 */
async function lockAndLookUp(
  tx: Queryable,
  records: readonly (AiEventRecord | DecisionRecord)[],
): Promise<{ existingCases: Set<string>; refs: BatchReferences }> {
  const caseIds = [...new Set(records.map((r) => r.caseId.toLowerCase()))].sort();
  const locked = await tx.query(
    `select id::text as id from audit."case" where id = any($1::uuid[]) order by id for update`,
    [caseIds],
  );
  const existingCases = new Set(locked.rows.map((r) => String(r['id'])));
  const heads = new Map<string, { seq: number; hash: string | null }>();
  // A separate statement after the lock: it sees whatever the writer we waited for committed. A case
  // without records continues from its genesis, the hash of its sealed header's version 1.
  const head = await tx.query(
    `select c.id::text as case_id, coalesce(h.seq, 0) as seq,
            case when coalesce(h.seq, 0) = 0 then g.hash else h.hash end as hash
     from unnest($1::uuid[]) as c(id)
     left join audit.case_head h on h.case_id = c.id
     left join audit.case_seal g on g.case_id = c.id and g.version = 1`,
    [[...existingCases]],
  );
  for (const r of head.rows) {
    const hash = r['hash'];
    heads.set(String(r['case_id']), { seq: Number(r['seq']), hash: typeof hash === 'string' ? hash : null });
  }

  const decisions = records.filter((r): r is DecisionRecord => r.type === 'decision');
  const keys = [...new Set(decisions.flatMap((d) => d.consideredEventKeys))];
  const eventKeys =
    keys.length === 0
      ? { rows: [] }
      : await tx.query(
          `select key, case_id::text as case_id, seq from audit.ingest_key where key = any($1::text[]) and record_type = 'ai_event'`,
          [keys],
        );
  // Only seqs the case's chain already reaches can be stored events; the others, if anything, are
  // events of this batch (added as they are appended), so they are not looked for in the store.
  const considered = decisions.flatMap((d) => {
    const caseId = d.caseId.toLowerCase();
    const stored = heads.get(caseId)?.seq ?? 0;
    return d.consideredEventSeqs.filter((seq) => seq <= stored).map((seq) => ({ caseId, seq }));
  });
  const eventSeqs =
    considered.length === 0
      ? { rows: [] }
      : await tx.query(
          `select e.case_id::text as case_id, e.seq from audit.ai_event e
           join unnest($1::uuid[], $2::int[]) as t(case_id, seq) on e.case_id = t.case_id and e.seq = t.seq`,
          [considered.map((c) => c.caseId), considered.map((c) => c.seq)],
        );
  return {
    existingCases,
    refs: {
      heads,
      ...(await lookUpReferences(tx, records)),
      eventKeys: new Map(
        eventKeys.rows.map((r) => [
          String(r['key']),
          { caseId: String(r['case_id']), seq: Number(r['seq']) },
        ]),
      ),
      eventSeqs: new Set(eventSeqs.rows.map((r) => `${String(r['case_id'])}:${Number(r['seq'])}`)),
    },
  };
}

/** The reference records chain records seal snapshots of: AI system versions, staff, data sources. */
export type ReferenceSnapshots = Pick<
  BatchReferences,
  'systemVersions' | 'systemNames' | 'staff' | 'sourceCategories' | 'sources'
>;

/** Looks up the AI system versions, staff and data sources that `records` name, as they are now. */
export async function lookUpReferences(
  tx: Queryable,
  records: readonly IngestRecord[],
): Promise<ReferenceSnapshots> {
  const events = records.filter((r): r is AiEventRecord => r.type === 'ai_event');
  const decisions = records.filter((r): r is DecisionRecord => r.type === 'decision');
  const versionKeys = [...new Set(events.map((e) => `${e.systemId}@${e.systemVersion}`))];
  const versions = await tx.query(
    `select v.system_id || '@' || v.version as key, s.id, s.name from audit.ai_system_version v
     join audit.ai_system s on s.id = v.system_id
     where v.system_id || '@' || v.version = any($1::text[])`,
    [versionKeys],
  );
  const staffIds = [
    ...new Set([
      ...events.flatMap((e) => (e.staffId === null ? [] : [e.staffId])),
      ...decisions.map((d) => d.decidedById),
    ]),
  ];
  const staff = await tx.query(`select id, name, title, unit from audit.staff where id = any($1::text[])`, [
    staffIds,
  ]);
  const sourceIds = [...new Set(events.flatMap((e) => e.sources.map((s) => s.dataSourceId)))];
  const sources = await tx.query(
    `select id, name, owner_authority, data_categories from audit.data_source where id = any($1::text[])`,
    [sourceIds],
  );
  return {
    systemVersions: new Set(versions.rows.map((r) => String(r['key']))),
    systemNames: new Map(versions.rows.map((r) => [String(r['id']), String(r['name'])])),
    staff: new Map(
      staff.rows.map((r) => [
        String(r['id']),
        {
          id: String(r['id']),
          name: String(r['name']),
          title: String(r['title']),
          unit: String(r['unit']),
        },
      ]),
    ),
    sourceCategories: new Map(
      sources.rows.map((r) => [String(r['id']), new Set(r['data_categories'] as string[])]),
    ),
    sources: new Map(
      sources.rows.map((r) => [
        String(r['id']),
        { name: String(r['name']), ownerAuthority: String(r['owner_authority']) },
      ]),
    ),
  };
}

/** The snapshots an AI event seals, or why it cannot be written. */
export function eventSnapshots(record: AiEventRecord, refs: ReferenceSnapshots): EventSnapshots | string {
  const systemName = refs.systemNames.get(record.systemId);
  if (!refs.systemVersions.has(`${record.systemId}@${record.systemVersion}`) || systemName === undefined) {
    return `unknown AI system version ${record.systemId} ${record.systemVersion}`;
  }
  const staff = record.staffId === null ? null : refs.staff.get(record.staffId);
  if (staff === undefined) return `unknown staff ${record.staffId ?? ''}`;
  const sources: SourceSnapshot[] = [];
  for (const source of record.sources) {
    const categories = refs.sourceCategories.get(source.dataSourceId);
    const known = refs.sources.get(source.dataSourceId);
    if (!categories || !known) return `unknown data source ${source.dataSourceId}`;
    const foreign = source.categories.filter((c) => !categories.has(c));
    if (foreign.length > 0) {
      return `data source ${source.dataSourceId} has no data categories ${foreign.join(', ')}`;
    }
    sources.push({ ...known, dataSourceId: source.dataSourceId, categories: source.categories });
  }
  return { systemName, staff, sources };
}

/** The seqs of the AI events a decision considered, or why they cannot be resolved. */
function consideredSeqs(record: DecisionRecord, refs: BatchReferences): number[] | string {
  const caseId = record.caseId.toLowerCase();
  const seqs = new Set<number>();
  for (const seq of record.consideredEventSeqs) {
    if (!refs.eventSeqs.has(`${caseId}:${seq}`))
      return `considered event seq ${seq} is not an AI event of the case`;
    seqs.add(seq);
  }
  for (const key of record.consideredEventKeys) {
    const event = refs.eventKeys.get(key);
    if (event?.caseId !== caseId) return `considered event key ${key} is not an AI event of the case`;
    seqs.add(event.seq);
  }
  return [...seqs].sort((a, b) => a - b);
}

const INGEST_KEY_COLUMNS = ['key', 'record_type', 'payload_hash', 'case_id', 'seq', 'written_by'];

const storedKeyRow = z.object({
  key: z.string(),
  payload_hash: z.string(),
  case_id: z.string().nullable(),
  seq: z.number().nullable(),
});

/**
 * Writes a batch of records inside the caller's transaction and answers, per record, whether it was
 * accepted, a duplicate of one already written, or rejected and why. Rejections found by looking
 * (a conflicting key, an unknown case, system version, staff member or data source) do not abort the
 * transaction: the rest of the batch is written. `writtenBy` names the machine client.
 */
export async function writeRecords(
  tx: Queryable,
  records: readonly IngestRecord[],
  writtenBy: string,
  plan?: BatchPlan,
): Promise<RecordResult[]> {
  const results: RecordResult[] = [];
  for (const [from, to] of snapshotSegments(records)) {
    const segmentPlan: BatchPlan | undefined = plan && {
      hashes: plan.hashes.slice(from, to),
      forecasts: plan.forecasts.slice(from, to),
      ...(plan.learn ? { learn: plan.learn } : {}),
    };
    results.push(...(await writeSegment(tx, records.slice(from, to), writtenBy, segmentPlan)));
  }
  return results;
}

/** The reference records whose facts AI events and decisions seal a snapshot of. */
const SNAPSHOT_SOURCES: ReadonlySet<IngestRecord['type']> = new Set(['staff', 'ai_system', 'data_source']);

/**
 * Where a batch is cut so that every AI event and decision seals the staff member, AI system and data
 * sources as the lines before it left them: before a member of staff, an AI system or a data source
 * that comes after an AI event or a decision of the same part. A segment's reference records are
 * written before its chain records; without the cut, a renaming sent after an event was sealed into
 * it. Usually one segment: case systems send reference data first.
 */
export function snapshotSegments(records: readonly IngestRecord[]): [number, number][] {
  const segments: [number, number][] = [];
  let from = 0;
  let chainSeen = false;
  records.forEach((record, i) => {
    if (isChainRecord(record)) chainSeen = true;
    else if (chainSeen && SNAPSHOT_SOURCES.has(record.type)) {
      segments.push([from, i]);
      from = i;
      chainSeen = false;
    }
  });
  if (from < records.length || records.length === 0) segments.push([from, records.length]);
  return segments;
}

/** Writes records in which no snapshot source follows a chain record (see snapshotSegments). */
async function writeSegment(
  tx: Queryable,
  records: readonly IngestRecord[],
  writtenBy: string,
  plan?: BatchPlan,
): Promise<RecordResult[]> {
  const results: (RecordResult | undefined)[] = records.map(() => undefined);
  await tx.query('select pg_advisory_xact_lock_shared($1)', [WRITE_LOCK]);

  // 1. Idempotency: keys already stored, and keys repeated inside the batch.
  const hashes = plan?.hashes ?? records.map(payloadHash);
  const forecasts = plan?.forecasts ?? [];
  const stored = await tx.query(
    `select key, payload_hash, case_id::text as case_id, seq from audit.ingest_key where key = any($1::text[])`,
    [[...new Set(records.map((r) => r.idempotencyKey))]],
  );
  const storedByKey = new Map(stored.rows.map((r) => [String(r['key']), storedKeyRow.parse(r)]));
  const firstInBatch = new Map<string, number>();
  const fresh: number[] = [];
  const repeats: { index: number; of: number }[] = [];
  records.forEach((record, i) => {
    const key = record.idempotencyKey;
    const old = storedByKey.get(key);
    if (old) {
      results[i] =
        old.payload_hash === hashes[i]
          ? { status: 'duplicate', caseId: old.case_id, seq: old.seq }
          : rejected(`conflict: idempotency key ${key} was already used for a different record`);
      return;
    }
    const first = firstInBatch.get(key);
    if (first === undefined) {
      firstInBatch.set(key, i);
      fresh.push(i);
    } else if (hashes[first] === hashes[i]) repeats.push({ index: i, of: first });
    else results[i] = rejected(`conflict: idempotency key ${key} was already used for a different record`);
  });

  // 2. Reference records, in order, each under a savepoint so a refused one leaves the rest standing;
  // a batch's case records (the bulk of them) first in a few statements when none is refused.
  const caseIndexes = fresh.filter((i) => records[i]?.type === 'case');
  const cases = caseIndexes.map((i) => records[i] as CaseRecord);
  let casesDone = false;
  if (cases.length > 1 && new Set(cases.map((c) => c.id.toLowerCase())).size === cases.length) {
    await tx.query('savepoint ingest_cases');
    try {
      casesDone = await upsertCases(
        tx,
        cases,
        caseIndexes.map((i) => forecasts[i]),
      );
    } catch (error) {
      if (!isDataError(error)) throw error;
    }
    await tx.query(casesDone ? 'release savepoint ingest_cases' : 'rollback to savepoint ingest_cases');
    if (casesDone) for (const i of caseIndexes) results[i] = { status: 'accepted', caseId: null, seq: null };
  }
  for (const i of fresh) {
    const record = records[i];
    if (!record || isChainRecord(record) || (casesDone && record.type === 'case')) continue;
    await tx.query('savepoint ingest_reference');
    try {
      const problem = await upsertReference(tx, record);
      if (problem === null) {
        await tx.query('release savepoint ingest_reference');
        results[i] = { status: 'accepted', caseId: null, seq: null };
      } else {
        await tx.query('rollback to savepoint ingest_reference');
        results[i] = rejected(problem);
      }
    } catch (error) {
      await tx.query('rollback to savepoint ingest_reference');
      results[i] = rejected(storeRefusal(error));
    }
  }

  // 3. Chain records: lock their cases, read the heads, append in the order they were sent.
  const chainIndexes = fresh.filter((i) => records[i] !== undefined && isChainRecord(records[i]));
  const chain = chainIndexes.map((i) => records[i] as AiEventRecord | DecisionRecord);
  const inserts = new ChainInserts();
  if (chain.length > 0) {
    const { existingCases, refs } = await lockAndLookUp(tx, chain);
    let planned = 0;
    let held = 0;
    chainIndexes.forEach((i, n) => {
      const record = chain[n];
      if (!record) return;
      const caseId = record.caseId.toLowerCase();
      const head = refs.heads.get(caseId);
      if (!existingCases.has(caseId) || !head) {
        results[i] = rejected(`unknown case ${caseId}`);
        return;
      }
      const seq = head.seq + 1;
      if (record.type === 'ai_event') {
        const snapshots = eventSnapshots(record, refs);
        if (typeof snapshots === 'string') {
          results[i] = rejected(snapshots);
          return;
        }
        const content = eventContent(record, seq, snapshots);
        const forecast = forecasts[i];
        if (forecast) planned += 1;
        const holds =
          forecast?.kind === 'ai_event' &&
          forecast.seq === seq &&
          forecast.prev === head.hash &&
          sameSnapshots(forecast.snapshots, snapshots);
        if (holds) held += 1;
        const hash = holds ? forecast.hash : computeRecordHash(head.hash, content);
        inserts.addEvent(content, head.hash, hash);
        refs.heads.set(caseId, { seq, hash });
        // Later decisions in this batch may consider this event by key or seq.
        refs.eventKeys.set(record.idempotencyKey, { caseId, seq });
        refs.eventSeqs.add(`${caseId}:${seq}`);
      } else {
        const decidedBy = refs.staff.get(record.decidedById);
        if (decidedBy === undefined) {
          results[i] = rejected(`unknown staff ${record.decidedById}`);
          return;
        }
        const seqs = consideredSeqs(record, refs);
        if (typeof seqs === 'string') {
          results[i] = rejected(seqs);
          return;
        }
        const content = decisionContent(record, seq, seqs, decidedBy);
        const forecast = forecasts[i];
        if (forecast) planned += 1;
        const holds =
          forecast?.kind === 'decision' &&
          forecast.seq === seq &&
          forecast.prev === head.hash &&
          sameStaff(forecast.decidedBy, decidedBy) &&
          sameSeqs(forecast.considered, seqs);
        if (holds) held += 1;
        const hash = holds ? forecast.hash : computeRecordHash(head.hash, content);
        inserts.addDecision(content, head.hash, hash);
        refs.heads.set(caseId, { seq, hash });
      }
      results[i] = { status: 'accepted', caseId, seq };
    });
    plan?.learn?.(refs, held, planned);
    await inserts.flush(tx);
  }

  // 4. Remember every accepted record's key, and answer repeats inside the batch like their first.
  const accepted = fresh.filter((i) => results[i]?.status === 'accepted');
  if (accepted.length > 0) {
    // COPY: cheaper for the store than an insert from unnested arrays (no array to parse and unnest).
    await tx.copyFrom(
      'audit.ingest_key',
      INGEST_KEY_COLUMNS,
      accepted.map((i) => {
        const r = results[i];
        return [
          records[i]?.idempotencyKey ?? '',
          records[i]?.type ?? '',
          hashes[i] ?? '',
          r?.status === 'accepted' ? r.caseId : null,
          r?.status === 'accepted' ? r.seq : null,
          writtenBy,
        ];
      }),
    );
  }
  for (const { index, of } of repeats) {
    const first = results[of];
    results[index] =
      first?.status === 'accepted'
        ? { status: 'duplicate', caseId: first.caseId, seq: first.seq }
        : (first ?? rejected('the first record with this idempotency key was not written'));
  }
  return results.map((r) => r ?? rejected('not processed'));
}

/** Batch results with how the batch got written, for tests and the CLI's report. */
export interface BatchOutcome {
  readonly results: RecordResult[];
  /** Whole-batch writes that failed and were retried record by record (0 when all went to plan). */
  readonly fallbacks: number;
}

const RETRYABLE = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure

function sqlState(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

/**
 * Writes a batch in one transaction (retrying a deadlock a few times). If the store refuses the batch
 * for a reason the writer could not foresee, each record is written on its own, so one bad record
 * never takes the others with it.
 */
export async function ingestBatch(
  db: Db,
  records: readonly IngestRecord[],
  writtenBy: string,
  plan?: BatchPlan,
): Promise<BatchOutcome> {
  if (records.length === 0) return { results: [], fallbacks: 0 };
  for (let attempt = 1; ; attempt += 1) {
    try {
      const results = await db.transaction((tx) => writeRecords(tx, records, writtenBy, plan));
      return { results, fallbacks: 0 };
    } catch (error) {
      if (RETRYABLE.has(sqlState(error) ?? '') && attempt < 4) continue;
      if (error instanceof StoreError) throw error;
      if (!isDataError(error)) throw new StoreError(error);
      if (records.length === 1) {
        return { results: [rejected(storeRefusal(error))], fallbacks: 1 };
      }
      const results: RecordResult[] = [];
      let fallbacks = 1;
      for (const record of records) {
        const single = await ingestBatch(db, [record], writtenBy);
        results.push(...single.results);
        fallbacks += single.fallbacks;
      }
      return { results, fallbacks };
    }
  }
}
