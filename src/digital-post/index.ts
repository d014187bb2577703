/**
 * Digital Post: the public API the rest of the portal uses. The request loop builds a letter with one
 * of the letter functions and calls `enqueueLetter(tx, letter, { caseId, requestId })` inside the
 * transaction that records its step; the worker (started by scripts/serve.ts) sends it.
 */
export {
  aiUseNoticeLetter,
  deadlineExtensionLetter,
  requestAnswerLetter,
  requestReceiptLetter,
  type LetterParties,
  type LetterRequestType,
} from './letters.ts';
export { buildMemoMessage, LETTER_KINDS, MEMO_NAMESPACE, type Letter, type LetterKind } from './memo.ts';
export {
  enqueueLetter,
  getOutboxOverview,
  listLettersForCase,
  retryDeadLetter,
  type EnqueueOptions,
  type EnqueueResult,
  type OutboxEntry,
  type OutboxOverview,
  type OutboxStatus,
} from './outbox.ts';
export type { DigitalPostTransport, OutgoingLetter, SendResult } from './transport.ts';
