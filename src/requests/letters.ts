/**
 * Which letters a step of a request sends to the citizen by Digital Post: the receipt, an extension
 * (GDPR art. 12(3): the citizen is told why within the first month), the answer and a refusal (with
 * how to complain to Datatilsynet). This module only decides *what* to send; the Digital Post module
 * builds the MeMo message and delivers it. The seam is `LetterSink`: the request loop calls it with
 * `lettersForStep(...)` inside the transaction that writes the step, so a letter is queued exactly
 * when its step is sealed (a transactional outbox's `enqueue(tx, message)` fits it as it is).
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/db.ts';
import { parseStep, type RequestKind, type RequestStep } from '../domain/citizen-request.ts';
import { digitalPostSink } from './digital-post-sink.ts';

export const LETTER_KINDS = ['receipt', 'extension', 'answer', 'refusal'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** One letter to the citizen about a step of their request. */
export interface Letter {
  /** Stable per request and step: a retry of the same letter carries the same id (idempotent send). */
  readonly messageId: string;
  readonly kind: LetterKind;
  /** The recipient (MeMo: CPR). Never logged; used only to address the letter. */
  readonly recipientCpr: string;
  readonly requestId: string;
  readonly reference: string;
  readonly requestKind: RequestKind;
  readonly stepSeq: number;
  readonly createdAt: Date;
  /** The facts the letter states: deadline (ISO date), reason, answer text, refusal reasons. */
  readonly facts: Readonly<Record<string, string | null>>;
}

/** The request a step belongs to, as far as a letter needs it. */
export interface LetterRequest {
  readonly id: string;
  readonly reference: string;
  readonly kind: RequestKind;
  readonly citizenCpr: string;
}

/** A UUID (version 8, RFC 9562 custom) derived from the request and step: the same letter, the same id. */
export function letterMessageId(requestId: string, seq: number, kind: LetterKind): string {
  const h = createHash('sha256').update(`indsigt-letter:${requestId}:${seq}:${kind}`).digest('hex');
  const variant = '89ab'[parseInt(h[16] ?? '0', 16) % 4] ?? '8';
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The letters a step sends: one for a receipt, extension, answer or refusal; none for the others. */
export function lettersForStep(step: RequestStep, request: LetterRequest): Letter[] {
  const parsed = parseStep(step);
  if (!parsed) return [];
  const letter = (kind: LetterKind, facts: Letter['facts']): Letter[] => [
    {
      messageId: letterMessageId(request.id, step.seq, kind),
      kind,
      recipientCpr: request.citizenCpr,
      requestId: request.id,
      reference: request.reference,
      requestKind: request.kind,
      stepSeq: step.seq,
      createdAt: step.occurredAt,
      facts,
    },
  ];
  switch (parsed.action) {
    case 'received':
      return letter('receipt', { deadline: parsed.facts.deadline, unit: parsed.facts.unit });
    case 'extended':
      return letter('extension', { deadline: parsed.facts.deadline, reason: parsed.facts.reason });
    case 'answered':
      return letter('answer', {
        text: parsed.facts.text,
        reassessedBy: parsed.facts.reassessedBy,
        outcome: parsed.facts.outcome,
      });
    case 'refused':
      return letter('refusal', { reasons: parsed.facts.reasons });
    case 'taken':
    case 'forwarded':
      return [];
  }
}

/** Where letters go: called in the step's transaction with the step's letters. */
export type LetterSink = (tx: Queryable, letters: readonly Letter[]) => Promise<void>;

/** A sink that queues nothing (tests, and until the Digital Post outbox is wired in). */
export const discardLetters: LetterSink = () => Promise.resolve();

/** The sink every request route uses: the Digital Post outbox, in the step's transaction. */
export const letterSink: LetterSink = digitalPostSink;
