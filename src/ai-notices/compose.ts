/**
 * AI-use notices (executive order §2 stk. 4: AI use must be clearly visible to the citizen). When an AI
 * event is written to a citizen's case through the ingest API or CLI, the citizen gets a Digital Post
 * letter naming the system, what it was for, and a link to the case page. Events are batched: at most
 * one letter per case per Danish day (the outbox's idempotency key `ai-notice:<case>:<date>`), and an
 * event is told once (portal.ai_notice_event's primary key), whatever retries or crashes happen —
 * the letter and its events are written in one transaction, and the outbox sends each letter once.
 */
import { z } from 'zod';
import type { Db, Queryable } from '../db/db.ts';
import { aiUseNoticeLetter, enqueueLetter } from '../digital-post/index.ts';
import { getTranslator } from '../i18n/translations.ts';

/** Only events written this recently are considered: notices are about new uses, not the archive. */
const LOOKBACK_DAYS = 7;
/** At most this many events per run; the next run takes the rest. */
const MAX_EVENTS_PER_RUN = 20_000;
/** One composer at a time across every portal instance. */
const COMPOSER_LOCK = 7_341_214;

/**
 * AI events written by the ingest path recently, for systems with notices on (written after they were
 * turned on), that no letter has told the citizen about. $1 since, $2 limit.
 */
const UNTOLD_SQL = `select e.id, e.case_id::text as case_id, e.occurred_at, e.system_name, e.purpose_code
     from audit.ingest_key k
     join audit.ai_event e on e.case_id = k.case_id and e.seq = k.seq
     join portal.ai_notice_setting s on s.system_id = e.system_id and s.enabled and k.written_at >= s.changed_at
     where k.record_type = 'ai_event' and k.written_at >= $1
       and not exists (select 1 from portal.ai_notice_event n where n.ai_event_id = e.id)
     order by e.case_id, e.seq
     limit $2`;

/** Whom and what a case's letter is about. $1: case ids. */
const CASES_SQL = `select c.id::text as id, c.case_number, c.title, c.citizen_cpr, ci.given_name, ci.family_name,
       m.name as municipality
     from audit."case" c
     join audit.citizen ci on ci.cpr = c.citizen_cpr
     join audit.municipality m on m.code = c.municipality_code
     where c.id = any($1::uuid[])`;

const eventRow = z.object({
  id: z.coerce.number(),
  case_id: z.string(),
  occurred_at: z.date(),
  system_name: z.string(),
  purpose_code: z.string(),
});
const caseRow = z.object({
  id: z.string(),
  case_number: z.string(),
  title: z.string(),
  citizen_cpr: z.string(),
  given_name: z.string(),
  family_name: z.string(),
  municipality: z.string(),
});

/** The Danish calendar day of a moment ("2026-11-23"): the unit of "one letter per case per day". */
export function copenhagenDay(at: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(at);
}

export interface ComposeSettings {
  readonly senderCvr: string;
  readonly publicBaseUrl: URL;
  readonly now?: Date;
}

export interface ComposeResult {
  /** Letters written to the outbox now. */
  readonly letters: number;
  /** Events those letters tell about. */
  readonly events: number;
  /** Cases left for another day: a letter about them went out today already. */
  readonly deferredCases: number;
}

/** The purpose of a use in plain words, as the case page says it. */
function purposeText(code: string): string {
  const t = getTranslator('da');
  const key = `purposes.${code}`;
  const text = t(key, { ns: 'cases' });
  return text === key ? code : text;
}

/**
 * Writes today's AI-use notices to the Digital Post outbox: one letter per case with untold events,
 * unless that case had one today already (its events then wait for tomorrow's letter).
 */
export async function composeAiUseNotices(db: Db, settings: ComposeSettings): Promise<ComposeResult> {
  const now = settings.now ?? new Date();
  const day = copenhagenDay(now);
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [COMPOSER_LOCK]);
    const since = new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000);
    const { rows } = await tx.query(UNTOLD_SQL, [since, MAX_EVENTS_PER_RUN]);
    const byCase = new Map<string, z.infer<typeof eventRow>[]>();
    for (const row of rows) {
      const event = eventRow.parse(row);
      byCase.set(event.case_id, [...(byCase.get(event.case_id) ?? []), event]);
    }
    if (byCase.size === 0) return { letters: 0, events: 0, deferredCases: 0 };
    const cases = new Map(
      (await tx.query(CASES_SQL, [[...byCase.keys()]])).rows.map((row) => {
        const c = caseRow.parse(row);
        return [c.id, c];
      }),
    );
    let letters = 0;
    let events = 0;
    let deferredCases = 0;
    for (const [caseId, uses] of byCase) {
      const facts = cases.get(caseId);
      if (!facts) continue;
      const letter = aiUseNoticeLetter(
        {
          senderCvr: settings.senderCvr,
          municipality: facts.municipality,
          recipientCpr: facts.citizen_cpr,
          recipientName: `${facts.given_name} ${facts.family_name}`,
          createdAt: now,
        },
        {
          caseNumber: facts.case_number,
          caseTitle: facts.title,
          uses: uses.map((u) => ({
            occurredAt: u.occurred_at,
            system: u.system_name,
            purpose: purposeText(u.purpose_code),
          })),
          url: new URL(`/mine-sager/${caseId}`, settings.publicBaseUrl),
        },
      );
      const queued = await enqueueLetter(tx, letter, {
        caseId,
        idempotencyKey: `ai-notice:${caseId}:${day}`,
      });
      if (!queued.ok) throw new Error('Digital Post refused an AI-use notice');
      if (!queued.enqueued) {
        deferredCases += 1;
        continue;
      }
      await recordToldEvents(
        tx,
        uses.map((u) => u.id),
        caseId,
        queued.messageUuid,
      );
      letters += 1;
      events += uses.length;
    }
    return { letters, events, deferredCases };
  });
}

async function recordToldEvents(
  tx: Queryable,
  eventIds: readonly number[],
  caseId: string,
  messageUuid: string,
): Promise<void> {
  await tx.query(
    `insert into portal.ai_notice_event (ai_event_id, case_id, message_uuid)
     select unnest($1::bigint[]), $2, $3`,
    [eventIds, caseId, messageUuid],
  );
}
