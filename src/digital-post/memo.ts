/**
 * Builds Digital Post letters as MeMo messages (namespace https://DigitalPost.dk/MeMo-1, MeMo 1.1), the
 * message model every Danish public sender uses, sent through KOMBIT's SF1601 (KombiPostAfsend).
 * Element names and their order follow the Agency for Digital Government's published MeMo examples
 * (MeMo_Minimum_Example.xml and MeMo_Full_Example.xml): a MessageHeader (messageType, messageUUID, label,
 * mandatory, legalNotification, postType, Sender, Recipient) and a MessageBody (createdDateTime and a
 * MainDocument of one or more Files, then Actions).
 *
 * The main document is one UTF-8 `text/plain` file: MeMo allows it (the full example carries one), it
 * needs no PDF renderer, and every Digital Post client shows it. A letter may carry a link to the portal
 * as an INFORMATION action, so the citizen reaches the page the letter is about in one step.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const MEMO_NAMESPACE = 'https://DigitalPost.dk/MeMo-1';
export const MEMO_VERSION = '1.1';
export const MEMO_SCHEMA_VERSION = '1.1.0';

/** The letters Indsigt sends: the three of a citizen's request (issue 11) and the AI-use notice (issue 14). */
export const LETTER_KINDS = [
  'request_receipt',
  'deadline_extension',
  'request_answer',
  'ai_use_notice',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** XML 1.0 cannot carry these characters at all (NUL and most C0 controls); a letter must not contain them. */
const NOT_XML_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

const xmlText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !NOT_XML_CHARACTERS.test(s), { error: 'contains characters XML cannot carry' });

/** A letter before it becomes XML; the builder refuses anything MeMo would refuse. */
export const letterSchema = z.object({
  /** The MeMo MessageUUID: the letter's identity on every retry. */
  messageUuid: z.uuid(),
  kind: z.enum(LETTER_KINDS),
  /** The municipality's CVR number (the sender, MeMo idType CVR). */
  senderCvr: z.string().regex(/^\d{8}$/, 'a CVR number has 8 digits'),
  /** The sender as the citizen sees it, e.g. "Egebæk Kommune". */
  senderName: xmlText(200),
  /** The citizen's CPR number (the recipient, MeMo idType CPR). */
  recipientCpr: z.string().regex(/^\d{10}$/, 'a CPR number has 10 digits'),
  /** The letter's title in the citizen's inbox (MeMo label). */
  label: xmlText(200),
  /** The letter itself, plain text. */
  text: xmlText(100_000),
  /** Language of the main document (ISO 639-1). Digital Post letters are in Danish. */
  language: z.enum(['da', 'en']).default('da'),
  /** A link to the page the letter is about, shown as an action. */
  link: z.object({ label: xmlText(100), url: z.url({ protocol: /^https?$/ }) }).optional(),
  /** True when receiving the letter has legal effect (MeMo legalNotification), e.g. a decision. */
  legalNotification: z.boolean().default(false),
  createdAt: z.date(),
});
export type Letter = z.input<typeof letterSchema>;

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A MeMo element (prefix memo:) holding text or child elements. */
function el(name: string, content: string | readonly string[]): string {
  const inner = typeof content === 'string' ? escapeXml(content) : content.join('');
  return `<memo:${name}>${inner}</memo:${name}>`;
}

/** A file name from the label: letters, digits and dashes only, so every inbox accepts it. */
function fileName(label: string): string {
  const base = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/æ/gi, 'ae')
    .replace(/ø/gi, 'oe')
    .replace(/å/gi, 'aa')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
  return `${base || 'brev'}.txt`;
}

/** MeMo dateTime: UTC with seconds and a Z, as in the standard's examples. */
function memoDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export type BuildResult = { ok: true; xml: string } | { ok: false; errors: string[] };

/**
 * Builds the MeMo XML of one letter. Pure: the same letter gives the same bytes, so a retry sends
 * exactly what the outbox holds. Returns the problems instead of throwing, naming the field.
 */
export function buildMemoMessage(input: Letter): BuildResult {
  const parsed = letterSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  }
  const letter = parsed.data;
  const header = el('MessageHeader', [
    el('messageType', 'DIGITALPOST'),
    el('messageUUID', letter.messageUuid),
    el('label', letter.label),
    el('mandatory', 'false'),
    el('legalNotification', String(letter.legalNotification)),
    el('postType', 'MYNDIGHEDSPOST'),
    el('Sender', [el('senderID', letter.senderCvr), el('idType', 'CVR'), el('label', letter.senderName)]),
    el('Recipient', [el('recipientID', letter.recipientCpr), el('idType', 'CPR')]),
  ]);
  const file = el('File', [
    el('encodingFormat', 'text/plain'),
    el('filename', fileName(letter.label)),
    el('language', letter.language),
    el('content', Buffer.from(letter.text, 'utf8').toString('base64')),
  ]);
  const action = letter.link
    ? [
        el('Action', [
          el('label', letter.link.label),
          el('actionCode', 'INFORMATION'),
          el('EntryPoint', [el('url', letter.link.url)]),
        ]),
      ]
    : [];
  const body = el('MessageBody', [
    el('createdDateTime', memoDateTime(letter.createdAt)),
    el('MainDocument', [el('label', letter.label), file, ...action]),
  ]);
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<memo:Message xmlns:memo="${MEMO_NAMESPACE}" memoVersion="${MEMO_VERSION}" memoSchVersion="${MEMO_SCHEMA_VERSION}">` +
    `${header}${body}</memo:Message>`;
  return { ok: true, xml };
}

/** A new MessageUUID for a letter about to be enqueued. */
export function newMessageUuid(): string {
  return randomUUID();
}
