/**
 * Tamper evidence for the audit store. Every AI event and decision on a case is one link in the
 * case's hash chain: hash = SHA-256(prev_hash || canonical content). One function computes it; the
 * seed, the ingest writer and the verifier all call it, so there is one definition of "intact".
 * See docs/adr/0003-hash-chain-per-case.md for the layout.
 */
import { hash } from 'node:crypto';
import type { DecisionEn, EventEn, Explanation } from './explanation.ts';

/**
 * A member of staff as they were when they acted: name, title and unit are copied into the sealed
 * record, so a later rename of the staff record cannot rewrite who the citizen is told acted.
 */
export interface StaffSnapshot {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly unit: string;
}

/** A data source an event read, as it was then: its name and owner are sealed with the categories. */
export interface SourceSnapshot {
  readonly dataSourceId: string;
  readonly name: string;
  readonly ownerAuthority: string;
  readonly categories: readonly string[];
}

/**
 * The content of an AI event that its hash covers: every fact the case page and the case record show
 * about it. Add a fact as an optional field (absent = omitted from the hash) so older records keep
 * their hashes; see docs/adr/0011-sealed-content-layout.md.
 */
export interface AiEventContent {
  readonly type: 'ai_event';
  readonly caseId: string;
  readonly seq: number;
  readonly occurredAt: Date;
  readonly systemId: string;
  readonly systemName: string;
  readonly systemVersion: string;
  readonly kind: string;
  readonly purposeCode: string;
  readonly purposeNote: string | null;
  readonly output: string;
  readonly staff: StaffSnapshot | null;
  readonly dataReused: boolean;
  readonly usedForTraining: boolean;
  readonly sources: readonly SourceSnapshot[];
  /** Optional, sealed when present; absent keys are left out of the canonical JSON, so older hashes hold. */
  readonly explanation?: Explanation | undefined;
  /** English texts next to the Danish ones (optional, sealed when present). */
  readonly en?: EventEn | undefined;
}

/** The content of a decision that its hash covers, with the decision-maker as they were then. */
export interface DecisionContent {
  readonly type: 'decision';
  readonly caseId: string;
  readonly seq: number;
  readonly decidedAt: Date;
  readonly outcome: string;
  readonly reasons: string;
  readonly decidedBy: StaffSnapshot | null;
  readonly consideredEventSeqs: readonly number[];
  readonly aiAssessment: string;
  readonly departureReason: string | null;
  readonly appealBody: string;
  readonly appealDeadlineWeeks: number;
  /** English texts next to the Danish ones (optional, sealed when present). */
  readonly en?: DecisionEn | undefined;
}

/**
 * The content of one step of a citizen's request (issue 11): who, when, what. Chained per request,
 * not per case: `seq` counts the request's steps. `details` holds the step's own facts (the
 * request's text, a new deadline and its reason, the answer, to whom it was forwarded, ...).
 */
export interface RequestStepContent {
  readonly type: 'request_step';
  readonly requestId: string;
  readonly seq: number;
  readonly occurredAt: Date;
  readonly action: string;
  /** A snapshot of the member of staff as they were; all null for the citizen's own step. */
  readonly actorStaffId: string | null;
  readonly actorName: string | null;
  readonly actorTitle: string | null;
  readonly actorUnit: string | null;
  readonly details: Readonly<Record<string, string | number | boolean | null | readonly (string | number)[]>>;
}

export type ChainContent = AiEventContent | DecisionContent | RequestStepContent;

/**
 * The sealed header of a case: whose case it is and the facts the citizen is shown about it. Version 1
 * is written with the case; a change of status, title or dates appends the next version. The hash of
 * version 1 is the genesis of the case's chain of events and decisions (the first record's prev_hash),
 * so the owner is part of every record's hash and of every signed checkpoint.
 */
export interface CaseContent {
  readonly type: 'case';
  readonly caseId: string;
  readonly version: number;
  readonly municipalityCode: string;
  readonly caseNumber: string;
  readonly citizenCpr: string;
  readonly area: string;
  readonly title: string;
  /** The title in English (issue 13; optional, sealed when present). */
  readonly titleEn?: string | null | undefined;
  readonly status: string;
  /** ISO dates, as both drivers return `date` columns. */
  readonly openedOn: string;
  readonly closedOn: string | null;
}

/** Anything the store seals with computeRecordHash. */
export type SealedContent = ChainContent | CaseContent;

/** An object's own keys in sealing order, with each key already written as JSON. */
interface KeyOrder {
  readonly keys: readonly string[];
  readonly sorted: readonly string[];
  readonly sortedJson: readonly string[];
}

/**
 * Key orders seen before, by first key: records of one type share their keys in one order, so the
 * sort and the keys' JSON are done once per shape, not once per record. Bounded (32 per first key:
 * with 8, the ingest's records and sealed contents, which all begin with `type`, filled them, and
 * every decision record's keys were sorted again: 8,439 times in the bench's 50,000 lines, now 10).
 */
const keyOrders = new Map<string, KeyOrder[]>();

function keyOrderOf(keys: readonly string[]): KeyOrder {
  const first = keys[0] ?? '';
  let known = keyOrders.get(first);
  if (known) {
    search: for (const order of known) {
      if (order.keys.length !== keys.length) continue;
      for (let i = 0; i < keys.length; i += 1) if (order.keys[i] !== keys[i]) continue search;
      return order;
    }
  }
  // The default sort compares UTF-16 code units, as canonicalJson's comparator does.
  const sorted = [...keys].sort();
  const order = { keys, sorted, sortedJson: sorted.map((k) => JSON.stringify(k)) };
  if (!known) {
    if (keyOrders.size >= 1024) keyOrders.clear();
    known = [];
    keyOrders.set(first, known);
  }
  if (known.length < 32) known.push(order);
  return order;
}

/**
 * JSON with keys sorted at every level, so equal content always gives equal bytes (idempotency
 * payloads, checkpoints). Unlike sealedJson it keeps null fields; undefined ones are left out.
 */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1)
      out += (i === 0 ? '' : ',') + ((canonicalJson(value[i]) as string | undefined) ?? '');
    return `${out}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const { sorted, sortedJson } = keyOrderOf(Object.keys(record));
    let out = '{';
    for (let i = 0; i < sorted.length; i += 1) {
      const v = record[sorted[i] ?? ''];
      if (v === undefined) continue;
      out += `${out.length === 1 ? '' : ','}${sortedJson[i] ?? ''}:${canonicalJson(v)}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(value);
}

/**
 * The bytes a sealed record's hash covers: canonical JSON in which a null or absent field is omitted,
 * so adding an optional fact to a content type never changes the hash of a record without it.
 * One pass, no intermediate objects: the bulk seed and ingest hash millions of records with it.
 */
export function sealedJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const known = deepFrozenJson.get(value);
  if (known !== undefined) return known;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  // Whether every object inside is deep-frozen too (a Date never is: setTime changes a frozen one).
  let deepFrozen = Object.isFrozen(value);
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      out += (i === 0 ? '' : ',') + sealedJson(item);
      if (deepFrozen && typeof item === 'object' && item !== null) deepFrozen = deepFrozenJson.has(item);
    }
    out += ']';
  } else {
    const record = value as Record<string, unknown>;
    const { sorted, sortedJson } = keyOrderOf(Object.keys(record));
    out = '{';
    for (let i = 0; i < sorted.length; i += 1) {
      const v = record[sorted[i] ?? ''];
      if (v === null || v === undefined) continue;
      out += `${out.length === 1 ? '' : ','}${sortedJson[i] ?? ''}:${sealedJson(v)}`;
      if (deepFrozen && typeof v === 'object') deepFrozen = deepFrozenJson.has(v);
    }
    out += '}';
  }
  if (deepFrozen) deepFrozenJson.set(value, out);
  return out;
}

/**
 * The sealed JSON of deep-frozen objects (frozen, and every object inside them too), which cannot
 * change: a snapshot or text that many records share (a member of staff, a template's data sources,
 * a fixed explanation) is written once, not once per record. An object that is not frozen is written
 * every time, so a record changed after it was hashed is hashed as it is now.
 */
const deepFrozenJson = new WeakMap<object, string>();

function isSorted<T>(values: readonly T[], before: (a: T, b: T) => boolean): boolean {
  for (let i = 1; i < values.length; i += 1) if (!before(values[i - 1] as T, values[i] as T)) return false;
  return true;
}

const bySourceId = (a: SourceSnapshot, b: SourceSnapshot): boolean => a.dataSourceId < b.dataSourceId;
const byText = (a: string, b: string): boolean => a < b;
const byNumber = (a: number, b: number): boolean => a < b;

/**
 * Order-independent parts are sorted before hashing, so a writer's ordering cannot break a chain.
 * Content already in order (the usual case) is hashed as it is, without copies.
 */
function normalise(content: SealedContent): SealedContent {
  if (content.type === 'ai_event') {
    const { sources } = content;
    if (isSorted(sources, bySourceId) && sources.every((s) => isSorted(s.categories, byText))) return content;
    return {
      ...content,
      sources: [...sources]
        .map((s) => ({ ...s, categories: [...s.categories].sort() }))
        .sort((a, b) => (a.dataSourceId < b.dataSourceId ? -1 : 1)),
    };
  }
  if (content.type === 'decision') {
    if (isSorted(content.consideredEventSeqs, byNumber)) return content;
    return { ...content, consideredEventSeqs: [...content.consideredEventSeqs].sort((a, b) => a - b) };
  }
  return content;
}

/**
 * The hash of one sealed record: SHA-256 over the previous hash, a newline and the content's sealed
 * JSON. The first record of a case's chain has the case's genesis (the hash of its sealed header,
 * version 1) as `prevHash`; version 1 of the header has null. Timestamps are hashed at millisecond
 * precision (what both pg and PGlite return).
 */
export function computeRecordHash(prevHash: string | null, content: SealedContent): string {
  return hash('sha256', `${prevHash ?? ''}\n${sealedJson(normalise(content))}`);
}

/** A stored chain record: its content and the hashes stored beside it. */
export interface StoredChainRecord {
  readonly content: ChainContent;
  readonly prevHash: string | null;
  readonly hash: string;
}

export type ChainBreakReason = 'sequence_gap' | 'prev_hash_mismatch' | 'content_changed';

export type ChainVerdict =
  | { readonly intact: true; readonly length: number; readonly head: string | null }
  | {
      readonly intact: false;
      readonly brokenAt: { readonly type: ChainContent['type']; readonly seq: number };
      readonly reason: ChainBreakReason;
    };

/**
 * Checks one case's chain: records in seq order 1..n, the first pointing at `genesis` (the hash of the
 * case's sealed header, or null for a case sealed before headers existed) and each later one at the
 * previous hash, each hashing to what is stored. Reports the first record where that fails.
 */
export function verifyChain(
  records: readonly StoredChainRecord[],
  genesis: string | null = null,
): ChainVerdict {
  const ordered = [...records].sort((a, b) => a.content.seq - b.content.seq);
  let prev: string | null = genesis;
  for (const [index, record] of ordered.entries()) {
    const brokenAt = { type: record.content.type, seq: record.content.seq };
    if (record.content.seq !== index + 1) return { intact: false, brokenAt, reason: 'sequence_gap' };
    if (record.prevHash !== prev) return { intact: false, brokenAt, reason: 'prev_hash_mismatch' };
    if (computeRecordHash(prev, record.content) !== record.hash) {
      return { intact: false, brokenAt, reason: 'content_changed' };
    }
    prev = record.hash;
  }
  return { intact: true, length: ordered.length, head: ordered.length === 0 ? null : prev };
}
