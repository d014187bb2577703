/**
 * The integrity of a case as the citizen is told about it: every fact shown is as it was sealed (the
 * case header, and each AI event and decision with the staff, system and data sources as they were
 * then), the chain is as long as the store recorded and ends where it recorded, and every decision was
 * made by a human (§1 stk. 6: no decision based solely on automated processing). Pure: it checks the
 * rows the case page has already read, so it costs no query.
 */
import {
  computeRecordHash,
  verifyChain,
  type CaseContent,
  type ChainVerdict,
  type StoredChainRecord,
} from './chain.ts';
import type { AiEvent, CaseFacts, CaseSealState, CaseTimeline, Decision } from './types.ts';

/** Why a case's own facts cannot be trusted. */
export type CaseChangeReason =
  /** The case has no sealed header at all. */
  | 'not_sealed'
  /** The newest sealed header does not hash to what is stored, or is not the one the head record names. */
  | 'seal_broken'
  /** The case row (its citizen, number, status ...) differs from the sealed header. */
  | 'facts_differ';

export type IntegrityProblem =
  | { readonly kind: 'chain_broken'; readonly verdict: Extract<ChainVerdict, { intact: false }> }
  | { readonly kind: 'decision_without_human'; readonly decisionSeq: number }
  /** The chain does not have the length or the last hash the head record says it had. */
  | { readonly kind: 'chain_incomplete'; readonly expectedLength: number; readonly foundLength: number }
  | { readonly kind: 'case_changed'; readonly reason: CaseChangeReason };

export interface CaseIntegrity {
  readonly intact: boolean;
  readonly problems: readonly IntegrityProblem[];
}

/** The chain record of an AI event as read from the store (its sealed snapshot, not today's names). */
export function eventChainRecord(caseId: string, event: AiEvent): StoredChainRecord {
  return {
    content: {
      type: 'ai_event',
      caseId,
      seq: event.seq,
      occurredAt: event.occurredAt,
      systemId: event.systemId,
      systemName: event.systemName,
      systemVersion: event.systemVersion,
      kind: event.kind,
      purposeCode: event.purposeCode,
      purposeNote: event.purposeNote,
      output: event.output,
      staff: event.staff,
      dataReused: event.dataReused,
      usedForTraining: event.usedForTraining,
      // The English names beside a source are today's reference rows, shown but not sealed.
      sources: event.sources.map((s) => ({
        dataSourceId: s.dataSourceId,
        name: s.name,
        ownerAuthority: s.ownerAuthority,
        categories: s.categories,
      })),
      explanation: event.explanation ?? undefined,
      en: event.en ?? undefined,
    },
    prevHash: event.prevHash,
    hash: event.hash,
  };
}

/** The chain record of a decision as read from the store. */
export function decisionChainRecord(caseId: string, decision: Decision): StoredChainRecord {
  return {
    content: {
      type: 'decision',
      caseId,
      seq: decision.seq,
      decidedAt: decision.decidedAt,
      outcome: decision.outcome,
      reasons: decision.reasons,
      decidedBy: decision.decidedBy,
      consideredEventSeqs: decision.consideredEventSeqs,
      aiAssessment: decision.aiAssessment,
      departureReason: decision.departureReason,
      appealBody: decision.appealBody,
      appealDeadlineWeeks: decision.appealDeadlineWeeks,
      en: decision.en ?? undefined,
    },
    prevHash: decision.prevHash,
    hash: decision.hash,
  };
}

/** The sealed content of a case header version. */
export function caseHeaderContent(caseId: string, version: number, facts: CaseFacts): CaseContent {
  return {
    type: 'case',
    caseId,
    version,
    municipalityCode: facts.municipalityCode,
    caseNumber: facts.caseNumber,
    citizenCpr: facts.citizenCpr,
    area: facts.area,
    title: facts.title,
    titleEn: facts.titleEn ?? null,
    status: facts.status,
    openedOn: facts.openedOn,
    closedOn: facts.closedOn,
  };
}

const FACT_KEYS = [
  'municipalityCode',
  'caseNumber',
  'citizenCpr',
  'area',
  'title',
  'status',
  'openedOn',
  'closedOn',
] as const satisfies readonly (keyof CaseFacts)[];

/** Whether two sets of case facts are the same (an absent English title is null). */
export function sameFacts(a: CaseFacts, b: CaseFacts): boolean {
  return FACT_KEYS.every((k) => a[k] === b[k]) && (a.titleEn ?? null) === (b.titleEn ?? null);
}

/** What is wrong with the case's own facts (its header), or null. */
export function caseHeaderProblem(caseId: string, seal: CaseSealState): CaseChangeReason | null {
  const { latest, head } = seal;
  if (latest === null) return 'not_sealed';
  const hash = computeRecordHash(latest.prevHash, caseHeaderContent(caseId, latest.version, latest));
  const linked = (latest.version === 1) === (latest.prevHash === null);
  const named = head !== null && head.sealVersion === latest.version && head.sealHash === latest.hash;
  const genesisKnown = latest.version !== 1 || seal.genesis === latest.hash;
  if (hash !== latest.hash || !linked || !named || !genesisKnown) return 'seal_broken';
  return sameFacts(latest, seal.live) ? null : 'facts_differ';
}

/**
 * Compares a chain with its head record: it must end at the seq and hash the store recorded when the
 * last record was appended. A deleted tail, or a tail record rewritten with a recomputed hash, fails.
 */
export function chainAgainstHead(
  records: readonly StoredChainRecord[],
  head: CaseSealState['head'],
): IntegrityProblem | null {
  let last: StoredChainRecord | undefined;
  for (const r of records) if (!last || r.content.seq > last.content.seq) last = r;
  const foundLength = last?.content.seq ?? 0;
  const expectedLength = head?.seq ?? 0;
  const expectedHash = head?.hash ?? null;
  if (foundLength === expectedLength && (last?.hash ?? null) === expectedHash) return null;
  return { kind: 'chain_incomplete', expectedLength, foundLength };
}

/**
 * Verifies a case's timeline as read: the case header, the chain over its events and decisions from
 * the header's genesis to the recorded head, and the rule that a decision without a human
 * decision-maker is an integrity error (§1 stk. 6), never shown as normal.
 */
export function verifyCaseChain(
  timeline: Pick<CaseTimeline, 'case' | 'seal' | 'events' | 'decisions'>,
): CaseIntegrity {
  const caseId = timeline.case.id;
  const records = [
    ...timeline.events.map((e) => eventChainRecord(caseId, e)),
    ...timeline.decisions.map((d) => decisionChainRecord(caseId, d)),
  ];
  const problems: IntegrityProblem[] = [];
  const header = caseHeaderProblem(caseId, timeline.seal);
  if (header !== null) problems.push({ kind: 'case_changed', reason: header });
  const verdict = verifyChain(records, timeline.seal.genesis);
  if (!verdict.intact) problems.push({ kind: 'chain_broken', verdict });
  const ending = chainAgainstHead(records, timeline.seal.head);
  if (ending !== null) problems.push(ending);
  for (const decision of timeline.decisions) {
    if (decision.decidedBy === null)
      problems.push({ kind: 'decision_without_human', decisionSeq: decision.seq });
  }
  return { intact: problems.length === 0, problems };
}

/** A stored version of a case's sealed header. */
export interface StoredCaseSeal extends CaseFacts {
  readonly version: number;
  readonly prevHash: string | null;
  readonly hash: string;
}

/**
 * Checks every version of a case's sealed header (what `npm run verify` does beyond the page): versions
 * 1..n, each linked to the one before and hashing to what is stored, and the same citizen, case number
 * and municipality in all of them. Returns the first version that fails, or null.
 */
export function verifyCaseSeals(caseId: string, seals: readonly StoredCaseSeal[]): number | null {
  const ordered = [...seals].sort((a, b) => a.version - b.version);
  let prev: string | null = null;
  const first = ordered[0];
  for (const [index, seal] of ordered.entries()) {
    const fixed =
      first !== undefined &&
      seal.citizenCpr === first.citizenCpr &&
      seal.caseNumber === first.caseNumber &&
      seal.municipalityCode === first.municipalityCode;
    if (
      seal.version !== index + 1 ||
      seal.prevHash !== prev ||
      !fixed ||
      computeRecordHash(prev, caseHeaderContent(caseId, seal.version, seal)) !== seal.hash
    ) {
      return seal.version;
    }
    prev = seal.hash;
  }
  return null;
}
