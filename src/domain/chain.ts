/**
 * Tamper evidence for the audit store. Every AI event and decision on a case is one link in the
 * case's hash chain: hash = SHA-256(prev_hash || canonical content). One function computes it; the
 * seed, the ingest writer and the verifier all call it, so there is one definition of "intact".
 * See docs/adr/0003-hash-chain-per-case.md for the layout.
 */
import { createHash } from 'node:crypto';
import type { DecisionEn, EventEn, Explanation } from './explanation.ts';

/** The content of an AI event that its hash covers. */
export interface AiEventContent {
  readonly type: 'ai_event';
  readonly caseId: string;
  readonly seq: number;
  readonly occurredAt: Date;
  readonly systemId: string;
  readonly systemVersion: string;
  readonly kind: string;
  readonly purposeCode: string;
  readonly purposeNote: string | null;
  readonly output: string;
  readonly staffId: string | null;
  readonly dataReused: boolean;
  readonly usedForTraining: boolean;
  readonly sources: readonly { readonly dataSourceId: string; readonly categories: readonly string[] }[];
  /** Optional, sealed when present; absent keys are left out of the canonical JSON, so older hashes hold. */
  readonly explanation?: Explanation | undefined;
  /** English texts next to the Danish ones (optional, sealed when present). */
  readonly en?: EventEn | undefined;
}

/** The content of a decision that its hash covers. */
export interface DecisionContent {
  readonly type: 'decision';
  readonly caseId: string;
  readonly seq: number;
  readonly decidedAt: Date;
  readonly outcome: string;
  readonly reasons: string;
  readonly decidedById: string | null;
  readonly consideredEventSeqs: readonly number[];
  readonly aiAssessment: string;
  readonly departureReason: string | null;
  readonly appealBody: string;
  readonly appealDeadlineWeeks: number;
  /** English texts next to the Danish ones (optional, sealed when present). */
  readonly en?: DecisionEn | undefined;
}

export type ChainContent = AiEventContent | DecisionContent;

/** JSON with keys sorted at every level, so equal content always gives equal bytes. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Order-independent parts are sorted before hashing, so a writer's ordering cannot break a chain. */
function normalise(content: ChainContent): ChainContent {
  if (content.type === 'ai_event') {
    return {
      ...content,
      sources: [...content.sources]
        .map((s) => ({ dataSourceId: s.dataSourceId, categories: [...s.categories].sort() }))
        .sort((a, b) => (a.dataSourceId < b.dataSourceId ? -1 : 1)),
    };
  }
  return { ...content, consideredEventSeqs: [...content.consideredEventSeqs].sort((a, b) => a - b) };
}

/**
 * The hash of one chain record. The first record of a case has `prevHash` null.
 * Timestamps are hashed at millisecond precision (what both pg and PGlite return).
 */
export function computeRecordHash(prevHash: string | null, content: ChainContent): string {
  return createHash('sha256')
    .update(prevHash ?? '')
    .update('\n')
    .update(canonicalJson(normalise(content)))
    .digest('hex');
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
 * Checks one case's chain: records in seq order 1..n, each pointing at the previous hash and
 * hashing to what is stored. Reports the first record where that fails.
 */
export function verifyChain(records: readonly StoredChainRecord[]): ChainVerdict {
  const ordered = [...records].sort((a, b) => a.content.seq - b.content.seq);
  let prev: string | null = null;
  for (const [index, record] of ordered.entries()) {
    const brokenAt = { type: record.content.type, seq: record.content.seq };
    if (record.content.seq !== index + 1) return { intact: false, brokenAt, reason: 'sequence_gap' };
    if (record.prevHash !== prev) return { intact: false, brokenAt, reason: 'prev_hash_mismatch' };
    if (computeRecordHash(prev, record.content) !== record.hash) {
      return { intact: false, brokenAt, reason: 'content_changed' };
    }
    prev = record.hash;
  }
  return { intact: true, length: ordered.length, head: prev };
}
