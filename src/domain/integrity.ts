/**
 * The integrity of a case as the citizen is told about it: the hash chain is intact, and every
 * decision was made by a human (§1 stk. 6: no decision based solely on automated processing).
 */
import { verifyChain, type ChainVerdict, type StoredChainRecord } from './chain.ts';
import type { AiEvent, CaseTimeline, Decision } from './types.ts';

export type IntegrityProblem =
  | { readonly kind: 'chain_broken'; readonly verdict: Extract<ChainVerdict, { intact: false }> }
  | { readonly kind: 'decision_without_human'; readonly decisionSeq: number };

export interface CaseIntegrity {
  readonly intact: boolean;
  readonly problems: readonly IntegrityProblem[];
}

/** The chain record of an AI event as read from the store. */
export function eventChainRecord(caseId: string, event: AiEvent): StoredChainRecord {
  return {
    content: {
      type: 'ai_event',
      caseId,
      seq: event.seq,
      occurredAt: event.occurredAt,
      systemId: event.systemId,
      systemVersion: event.systemVersion,
      kind: event.kind,
      purposeCode: event.purposeCode,
      purposeNote: event.purposeNote,
      output: event.output,
      staffId: event.staff?.id ?? null,
      dataReused: event.dataReused,
      usedForTraining: event.usedForTraining,
      sources: event.sources.map((s) => ({ dataSourceId: s.dataSourceId, categories: s.categories })),
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
      decidedById: decision.decidedBy?.id ?? null,
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

/**
 * Verifies a case's timeline as read: the chain over its events and decisions, and the rule that a
 * decision without a human decision-maker is an integrity error (§1 stk. 6), never shown as normal.
 */
export function verifyCaseChain(
  timeline: Pick<CaseTimeline, 'case' | 'events' | 'decisions'>,
): CaseIntegrity {
  const caseId = timeline.case.id;
  const verdict = verifyChain([
    ...timeline.events.map((e) => eventChainRecord(caseId, e)),
    ...timeline.decisions.map((d) => decisionChainRecord(caseId, d)),
  ]);
  const problems: IntegrityProblem[] = [];
  if (!verdict.intact) problems.push({ kind: 'chain_broken', verdict });
  for (const decision of timeline.decisions) {
    if (decision.decidedBy === null)
      problems.push({ kind: 'decision_without_human', decisionSeq: decision.seq });
  }
  return { intact: problems.length === 0, problems };
}
