/**
 * What the public notice of an AI system is: its content in Danish and English, the loose draft a
 * publisher edits, the rules a draft must meet to be published, and what changed between two
 * published versions. The fields follow the Dutch algorithm register's publication standard and the
 * UK Algorithmic Transparency Recording Standard (README, "Open data"). No Astro, HTTP or SQL here.
 */
import { z } from 'zod';
import { CASE_AREAS, caseAreaSchema } from './types.ts';

/** The Dutch standard's limit for the short description, written at B1 reading level. */
export const SHORT_DESCRIPTION_MAX_LENGTH = 350;
const NAME_MAX_LENGTH = 100;
const LONG_TEXT_MAX_LENGTH = 2500;
/** The Dutch standard's limit for "Technische werking" (methods_and_models). */
const TECHNICAL_TEXT_MAX_LENGTH = 5000;
const SHORT_TEXT_MAX_LENGTH = 200;
/** The most risks or impact assessments one notice lists. */
export const MAX_LIST_ITEMS = 20;

export const NOTICE_LANGUAGES = ['da', 'en'] as const;
export type NoticeLanguage = (typeof NOTICE_LANGUAGES)[number];

const requiredText = (max: number): z.ZodString => z.string().trim().min(1).max(max);
const isoDate = z.iso.date();
const httpUrl = z.url({ protocol: /^https?$/ }).max(500);

/** The texts every version has had in each language since the register began. */
const baseTexts = {
  name: requiredText(NAME_MAX_LENGTH),
  shortDescription: requiredText(SHORT_DESCRIPTION_MAX_LENGTH),
  purpose: requiredText(LONG_TEXT_MAX_LENGTH),
  /** How it is used in case processing, and what the caseworker sees. */
  useInCaseProcessing: requiredText(LONG_TEXT_MAX_LENGTH),
  /** Who decides, and how the output is checked (§1 stk. 6). */
  humanOversight: requiredText(LONG_TEXT_MAX_LENGTH),
  /** What the data protection impact assessment found, in plain words. */
  dpiaSummary: requiredText(LONG_TEXT_MAX_LENGTH),
};

/**
 * The texts added for the UK and Dutch standards (ATRS `alternatives_considered`, the model part of
 * tier 2 and `appeals_and_review`; the Algoritmeregister's `proportionality` and
 * `methods_and_models`). Required to publish; a version published before they existed has null.
 */
const standardTexts = {
  /** The trade-offs weighed and the alternatives considered, and why this use is justified. */
  tradeOffs: requiredText(LONG_TEXT_MAX_LENGTH),
  /** How the model works, for a technical reader: input, method, output, whether it learns. */
  technicalDescription: requiredText(TECHNICAL_TEXT_MAX_LENGTH),
  /** How a citizen complains about or appeals a decision in which the system was used. */
  appealRoute: requiredText(LONG_TEXT_MAX_LENGTH),
};

/** The texts a published version has in each language (null: not stated in that version). */
export const noticeTextsSchema = z.object({
  ...baseTexts,
  tradeOffs: standardTexts.tradeOffs.nullable().default(null),
  technicalDescription: standardTexts.technicalDescription.nullable().default(null),
  appealRoute: standardTexts.appealRoute.nullable().default(null),
});
export type NoticeTexts = z.infer<typeof noticeTextsSchema>;
const publishableTextsSchema = z.object({ ...baseTexts, ...standardTexts });

/** The texts a version published before the standards' fields may lack. */
export const STANDARD_TEXT_FIELDS = Object.keys(standardTexts) as (keyof typeof standardTexts)[];

export const TEXT_FIELDS = Object.keys(noticeTextsSchema.shape) as (keyof NoticeTexts)[];

export const noticeDataSourceSchema = z.object({
  /** An audit.data_source id. */
  sourceId: z.string().regex(/^[a-z0-9_]+$/),
  categories: z.array(z.string().min(1)).min(1),
});
export type NoticeDataSource = z.infer<typeof noticeDataSourceSchema>;

/** Where the system is in its life (ATRS `phase`, Algoritmeregister `status`). */
export const LIFECYCLE_STATUSES = ['development', 'pilot', 'in_use', 'retired'] as const;
export const lifecycleStatusSchema = z.enum(LIFECYCLE_STATUSES);
export type LifecycleStatus = z.infer<typeof lifecycleStatusSchema>;

const bothLanguages = (max: number) => z.object({ da: requiredText(max), en: requiredText(max) });

/** One risk the municipality has identified, and what it does about it, in both languages. */
export const noticeRiskSchema = z.object({
  da: z.object({ risk: requiredText(LONG_TEXT_MAX_LENGTH), mitigation: requiredText(LONG_TEXT_MAX_LENGTH) }),
  en: z.object({ risk: requiredText(LONG_TEXT_MAX_LENGTH), mitigation: requiredText(LONG_TEXT_MAX_LENGTH) }),
});
export type NoticeRisk = z.infer<typeof noticeRiskSchema>;

/** An impact assessment (DPIA, human-rights, bias audit …): its title, where to read it, when done. */
export const impactAssessmentSchema = z.object({
  title: bothLanguages(SHORT_TEXT_MAX_LENGTH),
  url: httpUrl,
  date: isoDate,
});
export type ImpactAssessment = z.infer<typeof impactAssessmentSchema>;

/** The senior responsible owner: the named person accountable for the system, and their role. */
export const seniorResponsibleOwnerSchema = z.object({
  name: requiredText(SHORT_TEXT_MAX_LENGTH),
  role: bothLanguages(SHORT_TEXT_MAX_LENGTH),
});
export type SeniorResponsibleOwner = z.infer<typeof seniorResponsibleOwnerSchema>;
/**
 * Retsinformation's addresses: a link there must be the act itself by its ELI address
 * (https://www.retsinformation.dk/eli/lta/2024/254), never the front page or a search, so a reader
 * lands on the provision the notice relies on.
 */
const RETSINFORMATION_HOST = /^(www\.)?retsinformation\.dk$/;
const ELI_PATH = /^\/eli\/[a-z]+\/\d{4}\/\d+(\/[a-z0-9]+)*\/?$/;

/** Whether a legal-basis link may be published: https, and on retsinformation.dk an ELI address. */
export function isLegalBasisUrl(value: string): boolean {
  const url = URL.parse(value);
  if (!url || url.protocol !== 'https:') return false;
  return !RETSINFORMATION_HOST.test(url.hostname) || ELI_PATH.test(url.pathname);
}

const legalBasisUrlSchema = z
  .url({ protocol: /^https$/ })
  .refine(isLegalBasisUrl, { message: 'notEliAddress' });

const noticeContentObject = z.object({
  da: noticeTextsSchema,
  en: noticeTextsSchema,
  lifecycleStatus: lifecycleStatusSchema,
  caseAreas: z.array(caseAreaSchema).min(1),
  legalBasis: z.object({
    /** The provision relied on, with its § (e.g. "Bekendtgørelse ..., § 1, stk. 2"). */
    reference: requiredText(300),
    /** https; on retsinformation.dk the act's ELI address (isLegalBasisUrl). */
    url: legalBasisUrlSchema,
  }),
  dataSources: z.array(noticeDataSourceSchema).min(1),
  supplier: requiredText(SHORT_TEXT_MAX_LENGTH),
  /** The data processor (§2 stk. 3). */
  processor: requiredText(SHORT_TEXT_MAX_LENGTH),
  dpiaDate: isoDate,
  inUseSince: isoDate,
  retiredOn: isoDate.nullable(),
  contact: z.object({ email: z.email(), phone: requiredText(50) }),
  dataProtectionOfficer: z.object({ name: requiredText(SHORT_TEXT_MAX_LENGTH), email: z.email() }),
  // The standards' fields. Plain members, so a diff of two versions sees them like any other.
  risks: z.array(noticeRiskSchema).max(MAX_LIST_ITEMS).default([]),
  impactAssessments: z.array(impactAssessmentSchema).max(MAX_LIST_ITEMS).default([]),
  /** Source code or technical documentation of the model. */
  technicalDocumentationUrl: httpUrl.nullable().default(null),
  seniorResponsibleOwner: seniorResponsibleOwnerSchema.nullable().default(null),
  /** The page that tells how to complain or appeal. */
  appealUrl: httpUrl.nullable().default(null),
});

type ContentShape = Pick<z.infer<typeof noticeContentObject>, 'retiredOn' | 'inUseSince' | 'lifecycleStatus'>;
const retiredAfterStart = (c: ContentShape): boolean => c.retiredOn === null || c.retiredOn >= c.inUseSince;
const retiredHasDate = (c: ContentShape): boolean => c.lifecycleStatus !== 'retired' || c.retiredOn !== null;

/**
 * Versions published before the lifecycle status existed knew only "in use" and "retired (from a
 * date)": read them as such. Nothing else is invented for them; their new fields read as not stated.
 */
function withLifecycleStatus(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || 'lifecycleStatus' in value) return value;
  const retiredOn = (value as { retiredOn?: unknown }).retiredOn;
  return { ...value, lifecycleStatus: typeof retiredOn === 'string' ? 'retired' : 'in_use' };
}

/** A published version's content, as stored: complete in both languages, as the rules were when published. */
export const noticeContentSchema = z.preprocess(
  withLifecycleStatus,
  noticeContentObject
    .refine(retiredAfterStart, { path: ['retiredOn'], message: 'retiredBeforeStart' })
    .refine(retiredHasDate, { path: ['retiredOn'], message: 'retiredNeedsDate' }),
);
export type NoticeContent = z.infer<typeof noticeContentSchema>;

/** What a new version must hold: every field, the standards' fields too. */
const publishableContentSchema = noticeContentObject
  .extend({
    da: publishableTextsSchema,
    en: publishableTextsSchema,
    risks: z.array(noticeRiskSchema).min(1).max(MAX_LIST_ITEMS),
    impactAssessments: z.array(impactAssessmentSchema).min(1).max(MAX_LIST_ITEMS),
    technicalDocumentationUrl: httpUrl,
    seniorResponsibleOwner: seniorResponsibleOwnerSchema,
    appealUrl: httpUrl,
  })
  .refine(retiredAfterStart, { path: ['retiredOn'], message: 'retiredBeforeStart' })
  .refine(retiredHasDate, { path: ['retiredOn'], message: 'retiredNeedsDate' });

/**
 * What a stored version is read with: the same shape, without the publishing rules, because a
 * published version is never rewritten and one from before a rule was tightened stays readable.
 */
export const storedNoticeContentSchema = z.preprocess(
  withLifecycleStatus,
  noticeContentObject.extend({
    legalBasis: z.object({ reference: z.string(), url: z.string() }),
  }),
);

/**
 * The content in one canonical form: the sets in it (case areas, data sources, their categories) in a
 * fixed order, so the order a form or a seed lists them in is never a change.
 */
export function canonicalContent(content: NoticeContent): NoticeContent {
  return {
    ...content,
    caseAreas: [...content.caseAreas].sort((a, b) => CASE_AREAS.indexOf(a) - CASE_AREAS.indexOf(b)),
    dataSources: [...content.dataSources]
      .map((s) => ({ ...s, categories: [...s.categories].sort() }))
      .sort((a, b) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0)),
  };
}

/** The publisher's own words on what changed, in both languages. */
export const changeSummarySchema = z.object({
  da: requiredText(500),
  en: requiredText(500),
});
export type ChangeSummary = z.infer<typeof changeSummarySchema>;

// A stored draft or a content may hold null for a text not stated: the form shows it blank.
const draftText = z
  .string()
  .nullish()
  .transform((v) => v ?? '');
const draftPair = z.object({ da: draftText, en: draftText }).prefault({});
const draftTextsSchema = z
  .object(
    Object.fromEntries(TEXT_FIELDS.map((key) => [key, draftText])) as Record<
      keyof NoticeTexts,
      typeof draftText
    >,
  )
  .prefault({});

/**
 * A draft: the same shape as the content, but anything may be missing or wrong, because a publisher
 * saves work in progress. Stored as JSON in portal.notice.draft.
 */
export const noticeDraftSchema = z.object({
  da: draftTextsSchema,
  en: draftTextsSchema,
  caseAreas: z.array(z.string()).default([]),
  legalBasis: z.object({ reference: draftText, url: draftText }).prefault({}),
  dataSources: z
    .array(z.object({ sourceId: z.string(), categories: z.array(z.string()).default([]) }))
    .default([]),
  supplier: draftText,
  processor: draftText,
  dpiaDate: draftText,
  inUseSince: draftText,
  retiredOn: draftText,
  contact: z.object({ email: draftText, phone: draftText }).prefault({}),
  dataProtectionOfficer: z.object({ name: draftText, email: draftText }).prefault({}),
  lifecycleStatus: draftText,
  risks: z
    .array(
      z.object({
        da: z.object({ risk: draftText, mitigation: draftText }).prefault({}),
        en: z.object({ risk: draftText, mitigation: draftText }).prefault({}),
      }),
    )
    .default([]),
  impactAssessments: z.array(z.object({ title: draftPair, url: draftText, date: draftText })).default([]),
  technicalDocumentationUrl: draftText,
  seniorResponsibleOwner: z
    .object({ name: draftText, role: draftPair })
    .nullish()
    .transform((v) => v ?? { name: '', role: { da: '', en: '' } }),
  appealUrl: draftText,
  changeSummary: draftPair,
});
export type NoticeDraft = z.infer<typeof noticeDraftSchema>;
export type DraftRisk = NoticeDraft['risks'][number];
export type DraftImpactAssessment = NoticeDraft['impactAssessments'][number];

/** An empty draft (every field blank). */
export function emptyDraft(): NoticeDraft {
  return noticeDraftSchema.parse({});
}

/** A published content as a draft to edit, with a blank change summary. */
export function draftFromContent(content: NoticeContent): NoticeDraft {
  return noticeDraftSchema.parse({ ...content, retiredOn: content.retiredOn ?? '' });
}

/** Why a field was refused; each code has a translated message (register namespace, `errors.*`). */
export type FieldErrorCode =
  | 'required'
  | 'tooLong'
  | 'invalidUrl'
  | 'invalidEmail'
  | 'invalidDate'
  | 'chooseOne'
  | 'invalidChoice'
  | 'unknownSource'
  | 'retiredBeforeStart'
  | 'retiredNeedsDate'
  | 'addOne'
  | 'tooMany'
  | 'notEliAddress';

export interface FieldError {
  /** The field's dotted path, which is also its form field's name: "en.purpose", "legalBasis.url". */
  readonly path: string;
  readonly code: FieldErrorCode;
  /** For `tooLong`: the most characters allowed. */
  readonly maximum?: number;
}

/** Arrays are one form control each (a group of checkboxes): their errors belong to the group. */
const GROUPED = new Set(['caseAreas', 'dataSources']);

function fieldPath(path: readonly PropertyKey[]): string {
  const [first] = path;
  if (typeof first === 'string' && GROUPED.has(first)) return first;
  return path.map(String).join('.');
}

function errorFor(issue: z.core.$ZodIssue): FieldError {
  const path = fieldPath(issue.path);
  switch (issue.code) {
    case 'too_small':
      if (issue.origin !== 'array') return { path, code: 'required' };
      return { path, code: GROUPED.has(path) ? 'chooseOne' : 'addOne' };
    case 'too_big':
      return { path, code: issue.origin === 'array' ? 'tooMany' : 'tooLong', maximum: Number(issue.maximum) };
    case 'invalid_format':
      if (issue.format === 'url') return { path, code: 'invalidUrl' };
      if (issue.format === 'email') return { path, code: 'invalidEmail' };
      if (issue.format === 'date') return { path, code: 'invalidDate' };
      return { path, code: 'required' };
    case 'invalid_value':
      return { path, code: 'invalidChoice' };
    case 'custom':
      if (
        issue.message === 'retiredBeforeStart' ||
        issue.message === 'retiredNeedsDate' ||
        issue.message === 'notEliAddress'
      )
        return { path, code: issue.message };
      return { path, code: 'invalidChoice' };
    default:
      return { path, code: 'required' };
  }
}

const trimOrNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** A draft's texts in one language, a blank text of the standards' fields as null (not stated). */
function textsInput(texts: NoticeDraft['da']): Record<string, string | null> {
  const input: Record<string, string | null> = { ...texts };
  for (const field of STANDARD_TEXT_FIELDS) input[field] = trimOrNull(texts[field]);
  return input;
}

/** Whether the publisher left every field of the senior responsible owner blank. */
const blankOwner = (o: NoticeDraft['seniorResponsibleOwner']): boolean =>
  [o.name, o.role.da, o.role.en].every((v) => v.trim() === '');

/** Turns a draft into the input a content must parse from: blank optional values become null. */
function contentInput(draft: NoticeDraft): unknown {
  return {
    ...draft,
    changeSummary: undefined,
    da: textsInput(draft.da),
    en: textsInput(draft.en),
    impactAssessments: draft.impactAssessments.map((a) => ({ ...a, url: a.url.trim(), date: a.date.trim() })),
    technicalDocumentationUrl: trimOrNull(draft.technicalDocumentationUrl),
    seniorResponsibleOwner: blankOwner(draft.seniorResponsibleOwner) ? null : draft.seniorResponsibleOwner,
    appealUrl: trimOrNull(draft.appealUrl),
    retiredOn: trimOrNull(draft.retiredOn),
    legalBasis: { reference: draft.legalBasis.reference, url: draft.legalBasis.url.trim() },
    contact: { email: draft.contact.email.trim(), phone: draft.contact.phone },
    dataProtectionOfficer: {
      name: draft.dataProtectionOfficer.name,
      email: draft.dataProtectionOfficer.email.trim(),
    },
    dataSources: draft.dataSources.filter((s) => s.categories.length > 0),
  };
}

export type DraftValidation =
  { ok: true; content: NoticeContent; changeSummary: ChangeSummary } | { ok: false; errors: FieldError[] };

/**
 * Whether a draft may be published: every field in both languages, valid links, dates and e-mail
 * addresses, and data sources that exist in the audit store with categories they provide.
 * `knownDataSources` maps audit.data_source ids to their categories. `rules: 'as_published'` checks
 * only what a stored version must hold (a retirement republishes the latest version as it was, so a
 * version from before the standards' fields can still be retired).
 */
export function validateDraft(
  draft: NoticeDraft,
  knownDataSources: ReadonlyMap<string, readonly string[]>,
  rules: 'complete' | 'as_published' = 'complete',
): DraftValidation {
  const errors: FieldError[] = [];
  const schema = rules === 'complete' ? publishableContentSchema : noticeContentSchema;
  const content = schema.safeParse(contentInput(draft));
  // A stage left unchosen is missing ("required"), not a wrong choice (zod reports both alike).
  const blankChoice = (e: FieldError): FieldError =>
    e.path === 'lifecycleStatus' && draft.lifecycleStatus.trim() === ''
      ? { path: e.path, code: 'required' }
      : e;
  if (!content.success) errors.push(...content.error.issues.map(errorFor).map(blankChoice));
  const summary = changeSummarySchema.safeParse(draft.changeSummary);
  if (!summary.success)
    errors.push(
      ...summary.error.issues.map((issue) => errorFor({ ...issue, path: ['changeSummary', ...issue.path] })),
    );
  for (const source of draft.dataSources) {
    const known = knownDataSources.get(source.sourceId);
    if (!known || source.categories.some((c) => !known.includes(c))) {
      errors.push({ path: 'dataSources', code: 'unknownSource' });
      break;
    }
  }
  if (errors.length > 0 || !content.success || !summary.success)
    return { ok: false, errors: uniqueErrors(errors) };
  return { ok: true, content: canonicalContent(content.data), changeSummary: summary.data };
}

/** One error per field: the first one found. */
function uniqueErrors(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.path) ? false : (seen.add(e.path), true)));
}

/** The content's fields that are not per language: every key of the content but `da` and `en`. */
const SHARED_FIELDS = Object.keys(noticeContentObject.shape).filter(
  (key): key is Exclude<keyof NoticeContent, NoticeLanguage> =>
    !(NOTICE_LANGUAGES as readonly string[]).includes(key),
);

/**
 * The fields a reader can see changed between two versions, named language-independently: the texts,
 * then every other field of the content. Read from the schema, so a field added to it is covered.
 */
export type ChangeField = keyof NoticeTexts | Exclude<keyof NoticeContent, NoticeLanguage>;
// A non-empty tuple, so the export's schema can list the fields as an enum.
export const CHANGE_FIELDS = [...TEXT_FIELDS, ...SHARED_FIELDS] as [ChangeField, ...ChangeField[]];

/** One field that differs between two versions: a text in one language, or a shared field. */
export interface FieldChange {
  readonly field: ChangeField;
  /** The language of a text field; null for a shared field. */
  readonly language: NoticeLanguage | null;
  /** The value in the earlier version, as stored (a text, a date, a list, an object or null). */
  readonly before: unknown;
  readonly after: unknown;
}

/** Whether two JSON values are the same, whatever the order of object keys (a stored row's is the store's). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b))
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]))
    );
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const record = (o: object): Record<string, unknown> => o as Record<string, unknown>;
  const keys = (o: object): string[] => Object.keys(o).filter((k) => record(o)[k] !== undefined);
  const [ka, kb] = [keys(a), keys(b)];
  return ka.length === kb.length && ka.every((k) => sameValue(record(a)[k], record(b)[k]));
}

/**
 * Every field that differs between a version and the one before it, from the content itself (never
 * from what a publisher says changed): each text per language, then each shared field, in the
 * schema's order. Sets are compared in their canonical order. The first version has no predecessor
 * and differs in nothing.
 */
export function diffContent(previous: NoticeContent | null, next: NoticeContent): FieldChange[] {
  if (!previous) return [];
  const [a, b] = [canonicalContent(previous), canonicalContent(next)];
  const changes: FieldChange[] = [];
  for (const field of TEXT_FIELDS)
    for (const language of NOTICE_LANGUAGES)
      if (!sameValue(a[language][field], b[language][field]))
        changes.push({ field, language, before: a[language][field], after: b[language][field] });
  for (const field of SHARED_FIELDS)
    if (!sameValue(a[field], b[field]))
      changes.push({ field, language: null, before: a[field], after: b[field] });
  return changes;
}

/** Which fields differ between a version and the one before it (a text counts once, whichever language changed). */
export function changedFields(previous: NoticeContent | null, next: NoticeContent): ChangeField[] {
  return [...new Set(diffContent(previous, next).map((c) => c.field))];
}

export type NoticeStatus = LifecycleStatus;

/**
 * The status a reader sees today: retired from the retirement date on; before it, the lifecycle
 * status, except that a retirement announced for a later date still counts as in use until then.
 * `today` is an ISO date.
 */
export function noticeStatus(
  content: Pick<NoticeContent, 'retiredOn' | 'lifecycleStatus'>,
  today: string,
): NoticeStatus {
  if (content.retiredOn !== null && content.retiredOn <= today) return 'retired';
  return content.lifecycleStatus === 'retired' ? 'in_use' : content.lifecycleStatus;
}
