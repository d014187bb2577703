/**
 * The transactional outbox of Digital Post letters (portal.outbox_message). `enqueueLetter` writes a
 * letter in the caller's transaction, so the request step and its letter commit or roll back together.
 * Workers claim due letters with `for update skip locked` and a lease, so any number of portal
 * instances can run a worker and no two send the same letter at once; the MessageUUID makes a second
 * send after a crash harmless (the transports deliver a UUID once).
 */
import { z } from 'zod';
import type { Queryable } from '../db/db.ts';
import { buildMemoMessage, LETTER_KINDS, type Letter, type LetterKind } from './memo.ts';

export type EnqueueResult =
  | { ok: true; messageUuid: string; enqueued: true }
  /** A letter with the same idempotency key is already in the outbox: nothing was written. */
  | { ok: true; messageUuid: string; enqueued: false }
  | { ok: false; errors: string[] };

export interface EnqueueOptions {
  readonly caseId?: string;
  readonly requestId?: string;
  /** At most one letter per key, ever (e.g. `ai-notice:<case>:<date>`, issue 14). */
  readonly idempotencyKey?: string;
}

/**
 * Builds the letter's MeMo XML and writes it to the outbox in the caller's transaction `tx`.
 * Nothing is sent here: a worker sends it after the transaction commits.
 */
export async function enqueueLetter(
  tx: Queryable,
  letter: Letter,
  options: EnqueueOptions = {},
): Promise<EnqueueResult> {
  const built = buildMemoMessage(letter);
  if (!built.ok) return built;
  const { rows } = await tx.query(
    `insert into portal.outbox_message
       (message_uuid, kind, recipient_cpr, sender_cvr, label, memo_xml, case_id, request_id, idempotency_key,
        created_at, next_attempt_at, language)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)
     on conflict (idempotency_key) do nothing
     returning message_uuid`,
    [
      letter.messageUuid,
      letter.kind,
      letter.recipientCpr,
      letter.senderCvr,
      letter.label.trim(),
      built.xml,
      options.caseId ?? null,
      options.requestId ?? null,
      options.idempotencyKey ?? null,
      letter.createdAt,
      letter.language ?? 'da',
    ],
  );
  if (rows.length > 0) return { ok: true, messageUuid: letter.messageUuid, enqueued: true };
  const existing = await tx.query(
    'select message_uuid from portal.outbox_message where idempotency_key = $1',
    [options.idempotencyKey ?? null],
  );
  return { ok: true, messageUuid: z.string().parse(existing.rows[0]?.['message_uuid']), enqueued: false };
}

/** A letter a worker has claimed and must now send. */
export interface ClaimedLetter {
  readonly messageUuid: string;
  readonly kind: LetterKind;
  readonly recipientCpr: string;
  readonly memoXml: string;
  /** Including this one. */
  readonly attempts: number;
}

const claimedRow = z.object({
  message_uuid: z.string(),
  kind: z.enum(LETTER_KINDS),
  recipient_cpr: z.string(),
  memo_xml: z.string(),
  attempts: z.number().int(),
});

/**
 * Claims up to `limit` due letters for `leaseSeconds`: each claim counts as an attempt (so a letter
 * that crashes every worker still ends as dead), and no other worker takes them until the lease runs
 * out. `skip locked` lets concurrent workers pass over rows another is claiming instead of waiting.
 */
export async function claimDueLetters(
  db: Queryable,
  limit: number,
  leaseSeconds: number,
): Promise<ClaimedLetter[]> {
  const { rows } = await db.query(
    `with due as (
       select message_uuid from portal.outbox_message
       where status = 'pending' and next_attempt_at <= now() and (locked_until is null or locked_until <= now())
       order by next_attempt_at
       limit $1
       for update skip locked
     )
     update portal.outbox_message m
     set locked_until = now() + make_interval(secs => $2), attempts = m.attempts + 1
     from due where m.message_uuid = due.message_uuid
     returning m.message_uuid, m.kind, m.recipient_cpr, m.memo_xml, m.attempts`,
    [limit, leaseSeconds],
  );
  return rows.map((row) => {
    const r = claimedRow.parse(row);
    return {
      messageUuid: r.message_uuid,
      kind: r.kind,
      recipientCpr: r.recipient_cpr,
      memoXml: r.memo_xml,
      attempts: r.attempts,
    };
  });
}

/** Marks a letter delivered. A letter already marked (by a slower twin) stays as it is. */
export async function markLetterSent(db: Queryable, messageUuid: string): Promise<void> {
  await db.query(
    `update portal.outbox_message
     set status = 'sent', sent_at = now(), locked_until = null, last_error = null
     where message_uuid = $1 and status <> 'sent'`,
    [messageUuid],
  );
}

/**
 * Records a failed attempt: the letter waits `retryInSeconds` and is tried again, or, when `dead`,
 * stops in the dead-letter state for staff to see. `error` must hold no personal data.
 */
export async function markLetterFailed(
  db: Queryable,
  messageUuid: string,
  failure: { readonly error: string; readonly dead: boolean; readonly retryInSeconds: number },
): Promise<void> {
  await db.query(
    `update portal.outbox_message
     set status = case when $2 then 'dead' else 'pending' end,
         next_attempt_at = now() + make_interval(secs => $3),
         locked_until = null,
         last_error = $4
     where message_uuid = $1 and status = 'pending'`,
    [messageUuid, failure.dead, failure.retryInSeconds, failure.error.slice(0, 1000)],
  );
}

/** Puts a dead letter back in the queue, due now, with its attempts counted afresh. */
export async function retryDeadLetter(db: Queryable, messageUuid: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `update portal.outbox_message
     set status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = null
     where message_uuid = $1 and status = 'dead'`,
    [messageUuid],
  );
  return rowCount > 0;
}

export const OUTBOX_STATUSES = ['pending', 'sent', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** A letter as staff see it: no CPR number, the case it is about instead. */
export interface OutboxEntry {
  readonly messageUuid: string;
  readonly kind: LetterKind;
  readonly label: string;
  /** The language the letter (and its label) is written in. */
  readonly language: 'da' | 'en';
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly createdAt: Date;
  readonly nextAttemptAt: Date;
  readonly sentAt: Date | null;
  readonly lastError: string | null;
  readonly caseNumber: string | null;
}

const entryRow = z.object({
  message_uuid: z.string(),
  kind: z.enum(LETTER_KINDS),
  label: z.string(),
  language: z.enum(['da', 'en']),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number().int(),
  created_at: z.date(),
  next_attempt_at: z.date(),
  sent_at: z.date().nullable(),
  last_error: z.string().nullable(),
  case_number: z.string().nullable(),
});

export interface OutboxOverview {
  readonly counts: Readonly<Record<OutboxStatus, number>>;
  readonly entries: readonly OutboxEntry[];
}

/**
 * The outbox for staff: how many letters are in each state, and the latest `limit` letters in
 * `status` (dead letters by default, the ones that need a person).
 */
export async function getOutboxOverview(
  db: Queryable,
  status: OutboxStatus = 'dead',
  limit = 50,
): Promise<OutboxOverview> {
  const countRows = await db.query(
    'select status, count(*)::int as n from portal.outbox_message group by status',
  );
  const counts: Record<OutboxStatus, number> = { pending: 0, sent: 0, dead: 0 };
  for (const row of countRows.rows) {
    const r = z.object({ status: z.enum(OUTBOX_STATUSES), n: z.number().int() }).parse(row);
    counts[r.status] = r.n;
  }
  const { rows } = await db.query(
    `select m.message_uuid, m.kind, m.label, m.language, m.status, m.attempts, m.created_at, m.next_attempt_at,
            m.sent_at, m.last_error, c.case_number
     from portal.outbox_message m left join audit."case" c on c.id = m.case_id
     where m.status = $1
     order by m.created_at desc
     limit $2`,
    [status, limit],
  );
  return {
    counts,
    entries: rows.map((row) => {
      const r = entryRow.parse(row);
      return {
        messageUuid: r.message_uuid,
        kind: r.kind,
        label: r.label,
        language: r.language,
        status: r.status,
        attempts: r.attempts,
        createdAt: r.created_at,
        nextAttemptAt: r.next_attempt_at,
        sentAt: r.sent_at,
        lastError: r.last_error,
        caseNumber: r.case_number,
      };
    }),
  };
}

/** The letters sent or waiting about a case, oldest first (the case page shows them, issue 14). */
export async function listLettersForCase(
  db: Queryable,
  caseId: string,
): Promise<{ kind: LetterKind; status: OutboxStatus; createdAt: Date; sentAt: Date | null }[]> {
  const { rows } = await db.query(
    `select kind, status, created_at, sent_at from portal.outbox_message
     where case_id = $1 order by created_at`,
    [caseId],
  );
  return rows.map((row) => {
    const r = z
      .object({
        kind: z.enum(LETTER_KINDS),
        status: z.enum(OUTBOX_STATUSES),
        created_at: z.date(),
        sent_at: z.date().nullable(),
      })
      .parse(row);
    return { kind: r.kind, status: r.status, createdAt: r.created_at, sentAt: r.sent_at };
  });
}
