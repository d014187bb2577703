/**
 * The words of each letter, from locales/{da,en}/digital-post.json. Letters go out in Danish (the
 * language of Digital Post); English exists for the key-parity test and a future choice per citizen.
 * Each function returns a Letter ready for `enqueueLetter`: the caller supplies who and what, this
 * module supplies the words.
 */
import { formatDate } from '../i18n/format.ts';
import type { Locale } from '../i18n/locales.ts';
import { getTranslator } from '../i18n/translations.ts';
import { newMessageUuid, type Letter } from './memo.ts';

/** The translate function of this feature's namespace. */
function words(locale: Locale): (key: string, options?: Record<string, string>) => string {
  const t = getTranslator(locale);
  return (key, options = {}) => t(key, { ns: 'digital-post', ...options });
}

/** Who sends and who receives: the same for every letter. */
export interface LetterParties {
  /** The municipality's CVR number (config `digitalPost.senderCvr`). */
  readonly senderCvr: string;
  /** The municipality's name, e.g. "Egebæk Kommune". */
  readonly municipality: string;
  readonly recipientCpr: string;
  readonly recipientName: string;
  readonly language?: Locale;
  /** Defaults to now. */
  readonly createdAt?: Date;
  /** Defaults to a new UUID; pass one to build the same letter twice. */
  readonly messageUuid?: string;
}

/** The request types letters name; unknown types are named by their code. */
export type LetterRequestType = 'explanation' | 'reassessment' | 'objection' | 'correction';

function frame(parties: LetterParties, body: string): string {
  const t = words(parties.language ?? 'da');
  return [
    t('letters.greeting', { name: parties.recipientName }),
    body,
    t('letters.noReply'),
    t('letters.signOff', { municipality: parties.municipality }),
  ].join('\n\n');
}

function base(parties: LetterParties): Omit<Letter, 'kind' | 'label' | 'text'> {
  return {
    messageUuid: parties.messageUuid ?? newMessageUuid(),
    senderCvr: parties.senderCvr,
    senderName: parties.municipality,
    recipientCpr: parties.recipientCpr,
    language: parties.language ?? 'da',
    createdAt: parties.createdAt ?? new Date(),
  };
}

/** The receipt for a new request (GDPR art. 12(3)): reference, what was asked, and the deadline as a date. */
export function requestReceiptLetter(
  parties: LetterParties,
  request: {
    readonly reference: string;
    readonly type: LetterRequestType;
    readonly caseNumber: string;
    readonly caseTitle: string;
    readonly receivedAt: Date;
    /** The deadline, an ISO date (YYYY-MM-DD) in Danish time. */
    readonly deadline: string;
    /** The request's page in the portal. */
    readonly url: URL;
  },
): Letter {
  const locale = parties.language ?? 'da';
  const t = words(locale);
  return {
    ...base(parties),
    kind: 'request_receipt',
    label: t('letters.receipt.label', { reference: request.reference }),
    text: frame(
      parties,
      t('letters.receipt.body', {
        reference: request.reference,
        type: t(`letters.types.${request.type}`),
        caseTitle: request.caseTitle,
        caseNumber: request.caseNumber,
        received: formatDate(request.receivedAt, locale),
        deadline: formatDate(request.deadline, locale),
      }),
    ),
    link: { label: t('letters.linkLabel'), url: request.url.toString() },
  };
}

/** The citizen is told of an extension, with the reason, within the first month (GDPR art. 12(3)). */
export function deadlineExtensionLetter(
  parties: LetterParties,
  extension: {
    readonly reference: string;
    readonly reason: string;
    readonly deadline: string;
    readonly url: URL;
  },
): Letter {
  const locale = parties.language ?? 'da';
  const t = words(locale);
  return {
    ...base(parties),
    kind: 'deadline_extension',
    label: t('letters.extension.label', { reference: extension.reference }),
    text: frame(
      parties,
      t('letters.extension.body', {
        reference: extension.reference,
        reason: extension.reason,
        deadline: formatDate(extension.deadline, locale),
      }),
    ),
    link: { label: t('letters.linkLabel'), url: extension.url.toString() },
  };
}

/**
 * The answer, in the caseworker's words. `legalNotification` when the answer is a decision (a
 * re-assessment's outcome), so Digital Post treats receipt as having legal effect.
 */
export function requestAnswerLetter(
  parties: LetterParties,
  answer: {
    readonly reference: string;
    readonly answer: string;
    readonly url: URL;
    readonly legalNotification?: boolean;
  },
): Letter {
  const t = words(parties.language ?? 'da');
  return {
    ...base(parties),
    kind: 'request_answer',
    label: t('letters.answer.label', { reference: answer.reference }),
    text: frame(parties, t('letters.answer.body', { reference: answer.reference, answer: answer.answer })),
    link: { label: t('letters.linkLabel'), url: answer.url.toString() },
    legalNotification: answer.legalNotification ?? false,
  };
}

/**
 * The notice that AI was used on the citizen's case (§2 stk. 4; issue 14): each use with its date,
 * system and purpose, and a link to the case page. Batch a day's uses into one letter and enqueue it
 * with the idempotency key `ai-notice:<case id>:<date>`.
 */
export function aiUseNoticeLetter(
  parties: LetterParties,
  notice: {
    readonly caseNumber: string;
    readonly caseTitle: string;
    readonly uses: readonly {
      readonly occurredAt: Date;
      readonly system: string;
      readonly purpose: string;
    }[];
    readonly url: URL;
  },
): Letter {
  const locale = parties.language ?? 'da';
  const t = words(locale);
  const uses = notice.uses
    .map((use) =>
      t('letters.aiNotice.use', {
        date: formatDate(use.occurredAt, locale),
        system: use.system,
        purpose: use.purpose,
      }),
    )
    .join('\n');
  return {
    ...base(parties),
    kind: 'ai_use_notice',
    label: t('letters.aiNotice.label', { caseNumber: notice.caseNumber }),
    text: frame(
      parties,
      [
        t('letters.aiNotice.intro', { caseTitle: notice.caseTitle, caseNumber: notice.caseNumber }),
        uses,
        t('letters.aiNotice.human'),
        t('letters.aiNotice.more'),
      ].join('\n\n'),
    ),
    link: { label: t('letters.caseLinkLabel'), url: notice.url.toString() },
  };
}
