/**
 * The request loop's letters, sent by Digital Post: each letter a step sends (receipt, extension,
 * answer, refusal) is built as a MeMo letter and written to the outbox in the step's own transaction,
 * so a step is never sealed without its letter. The letter's id is derived from the request and step,
 * and doubles as the outbox's idempotency key: writing the same step's letter twice queues it once.
 */
import { z } from 'zod';
import { getConfig } from '../config.ts';
import type { Queryable } from '../db/db.ts';
import {
  deadlineExtensionLetter,
  enqueueLetter,
  requestAnswerLetter,
  requestReceiptLetter,
  type Letter as PostLetter,
  type LetterParties,
} from '../digital-post/index.ts';
import { getTranslator } from '../i18n/translations.ts';
import type { Letter, LetterSink } from './letters.ts';

/** What every letter about a request names: the citizen, the case and the municipality. $1: request id. */
const CONTEXT_SQL = `select r.case_id, ci.given_name, ci.family_name, c.case_number, c.title, m.name as municipality,
       r.created_at
     from portal.citizen_request r
     join audit."case" c on c.id = r.case_id
     join audit.citizen ci on ci.cpr = c.citizen_cpr
     join audit.municipality m on m.code = c.municipality_code
     where r.id = $1`;

const contextRow = z.object({
  case_id: z.string(),
  given_name: z.string(),
  family_name: z.string(),
  case_number: z.string(),
  title: z.string(),
  municipality: z.string(),
  created_at: z.date(),
});

/** The MeMo letter for one of the request loop's letters. */
function toPostLetter(
  letter: Letter,
  parties: LetterParties,
  caseFacts: { number: string; title: string },
  receivedAt: Date,
): PostLetter {
  const url = new URL(`/mine-anmodninger/${letter.requestId}`, getConfig().publicBaseUrl);
  const fact = (name: string): string => letter.facts[name] ?? '';
  switch (letter.kind) {
    case 'receipt':
      return requestReceiptLetter(parties, {
        reference: letter.reference,
        type: letter.requestKind,
        caseNumber: caseFacts.number,
        caseTitle: caseFacts.title,
        receivedAt,
        deadline: fact('deadline'),
        url,
      });
    case 'extension':
      return deadlineExtensionLetter(parties, {
        reference: letter.reference,
        reason: fact('reason'),
        deadline: fact('deadline'),
        url,
      });
    case 'answer':
      // A re-assessment's outcome is a decision: Digital Post gives its receipt legal effect.
      return requestAnswerLetter(parties, {
        reference: letter.reference,
        answer: fact('text'),
        url,
        legalNotification: letter.facts['outcome'] !== null && letter.facts['outcome'] !== undefined,
      });
    case 'refusal': {
      const t = getTranslator('da');
      return requestAnswerLetter(parties, {
        reference: letter.reference,
        answer: `${fact('reasons')}\n\n${t('letters.refusalComplaint', { ns: 'digital-post' })}`,
        url,
        legalNotification: true,
      });
    }
  }
}

/** Writes each letter to the Digital Post outbox in the caller's transaction. */
export const digitalPostSink: LetterSink = async (tx: Queryable, letters) => {
  for (const letter of letters) {
    const { rows } = await tx.query(CONTEXT_SQL, [letter.requestId]);
    const context = contextRow.parse(rows[0]);
    const parties: LetterParties = {
      senderCvr: getConfig().digitalPost.senderCvr,
      municipality: context.municipality,
      recipientCpr: letter.recipientCpr,
      recipientName: `${context.given_name} ${context.family_name}`,
      createdAt: letter.createdAt,
      messageUuid: letter.messageId,
    };
    const built = toPostLetter(
      letter,
      parties,
      { number: context.case_number, title: context.title },
      context.created_at,
    );
    const queued = await enqueueLetter(tx, built, {
      requestId: letter.requestId,
      caseId: context.case_id,
      idempotencyKey: `request-letter:${letter.messageId}`,
    });
    // A letter MeMo would refuse is a programming error: the step must not be sealed without it.
    if (!queued.ok) throw new Error(`Digital Post refused the ${letter.kind} letter of a request`);
  }
};
