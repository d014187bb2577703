/**
 * The publisher's workflow as plain functions: who may use it, reading the side-by-side form into a
 * draft, and what each POST does (start, save, preview, publish, retire). Pages pass in the request's
 * parts and render or redirect on the result; the origin (CSRF) check is the middleware's.
 */
import type { StaffSession } from '../auth/session-types.ts';
import type { Db } from '../db/db.ts';
import { publishDraft, retireSystem, saveDraft, startNotice, type PublishResult } from '../db/notices.ts';
import {
  MAX_LIST_ITEMS,
  NOTICE_LANGUAGES,
  noticeDraftSchema,
  TEXT_FIELDS,
  type FieldError,
  type NoticeDraft,
} from '../domain/notice.ts';
import { localeFromPath, localizedPath, type Locale } from '../i18n/locales.ts';

/** The publisher pages, relative to the language root. */
export const PUBLISHER_PATH = '/medarbejder/ai-systemer';
/** The staff login page (the login issue's); it sends the member of staff back to `returnTo`. */
export const STAFF_LOGIN_PATH = '/medarbejder/log-ind';

export type PublisherAccess =
  | { ok: true; staff: StaffSession }
  | { ok: false; error: 'login_required'; location: string }
  | { ok: false; error: 'forbidden' };

/**
 * Whether the request may use the publisher pages: a staff session with the `publisher` role. No
 * session sends the browser to the staff login (in the page's language) and back here; a session
 * without the role is refused.
 */
export function checkPublisherAccess(
  staff: StaffSession | undefined,
  url: URL,
  locale: Locale = localeFromPath(url.pathname),
): PublisherAccess {
  if (!staff) {
    // The page's own address in its language, also when /en/... was rendered from the Danish route.
    const returnTo = `${localizedPath(url.pathname, locale)}${url.search}`;
    const login = localizedPath(STAFF_LOGIN_PATH, locale);
    return {
      ok: false,
      error: 'login_required',
      location: `${login}?${new URLSearchParams({ returnTo }).toString()}`,
    };
  }
  return staff.roles.includes('publisher') ? { ok: true, staff } : { ok: false, error: 'forbidden' };
}

/** A publisher page's path in a language: `publisherPath('da', 'laegeresume')`. */
export function publisherPath(locale: Locale, ...segments: string[]): string {
  return localizedPath([PUBLISHER_PATH, ...segments].join('/'), locale);
}

const text = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

const all = (form: FormData, name: string): string[] =>
  form.getAll(name).filter((v): v is string => typeof v === 'string');

/**
 * The rows of a repeated group (`risks.0.da.risk`, `risks.1.da.risk` …) in index order, each read by
 * `read(prefix)`; rows the publisher left blank are dropped, so the draft's indexes are the
 * form's after a re-render. One row more than a notice may hold is kept, so "too many" is an error
 * rather than a silent cut.
 */
function rows<T>(
  form: FormData,
  group: string,
  read: (prefix: string) => T,
  blank: (row: T) => boolean,
): T[] {
  const indexes = new Set<number>();
  const pattern = new RegExp(`^${group}\\.(\\d{1,3})\\.`);
  for (const key of form.keys()) {
    const match = pattern.exec(key);
    if (match?.[1] !== undefined) indexes.add(Number(match[1]));
  }
  return [...indexes]
    .sort((a, b) => a - b)
    .map((i) => read(`${group}.${i}`))
    .filter((row) => !blank(row))
    .slice(0, MAX_LIST_ITEMS + 1);
}

const allBlank = (...values: string[]): boolean => values.every((v) => v.trim() === '');

/**
 * The form's fields as a draft. Field names are the draft's dotted paths ("da.purpose",
 * "legalBasis.url"); case areas are checkboxes named `caseAreas`, data categories checkboxes named
 * `dataCategories` with the value "sourceId:category".
 */
export function draftFromForm(form: FormData): NoticeDraft {
  const languages = Object.fromEntries(
    NOTICE_LANGUAGES.map((lang) => [
      lang,
      Object.fromEntries(TEXT_FIELDS.map((field) => [field, text(form, `${lang}.${field}`)])),
    ]),
  );
  const categories = new Map<string, string[]>();
  for (const value of all(form, 'dataCategories')) {
    const [sourceId, category] = value.split(':');
    if (!sourceId || !category) continue;
    categories.set(sourceId, [...(categories.get(sourceId) ?? []), category]);
  }
  return noticeDraftSchema.parse({
    ...languages,
    caseAreas: all(form, 'caseAreas'),
    legalBasis: { reference: text(form, 'legalBasis.reference'), url: text(form, 'legalBasis.url') },
    dataSources: [...categories].map(([sourceId, cats]) => ({ sourceId, categories: cats })),
    supplier: text(form, 'supplier'),
    processor: text(form, 'processor'),
    dpiaDate: text(form, 'dpiaDate'),
    inUseSince: text(form, 'inUseSince'),
    retiredOn: text(form, 'retiredOn'),
    contact: { email: text(form, 'contact.email'), phone: text(form, 'contact.phone') },
    dataProtectionOfficer: {
      name: text(form, 'dataProtectionOfficer.name'),
      email: text(form, 'dataProtectionOfficer.email'),
    },
    lifecycleStatus: text(form, 'lifecycleStatus'),
    risks: rows(
      form,
      'risks',
      (p) => ({
        da: { risk: text(form, `${p}.da.risk`), mitigation: text(form, `${p}.da.mitigation`) },
        en: { risk: text(form, `${p}.en.risk`), mitigation: text(form, `${p}.en.mitigation`) },
      }),
      (r) => allBlank(r.da.risk, r.da.mitigation, r.en.risk, r.en.mitigation),
    ),
    impactAssessments: rows(
      form,
      'impactAssessments',
      (p) => ({
        title: { da: text(form, `${p}.title.da`), en: text(form, `${p}.title.en`) },
        url: text(form, `${p}.url`),
        date: text(form, `${p}.date`),
      }),
      (a) => allBlank(a.title.da, a.title.en, a.url, a.date),
    ),
    technicalDocumentationUrl: text(form, 'technicalDocumentationUrl'),
    seniorResponsibleOwner: {
      name: text(form, 'seniorResponsibleOwner.name'),
      role: {
        da: text(form, 'seniorResponsibleOwner.role.da'),
        en: text(form, 'seniorResponsibleOwner.role.en'),
      },
    },
    appealUrl: text(form, 'appealUrl'),
    changeSummary: { da: text(form, 'changeSummary.da'), en: text(form, 'changeSummary.en') },
  });
}

export type PublisherOutcome =
  | { kind: 'redirect'; location: string }
  | { kind: 'not_found' }
  /** The draft form again, with the errors by field (nothing was published). */
  | { kind: 'invalid_draft'; draft: NoticeDraft; errors: FieldError[] }
  /** The retire form again, with its errors. */
  | { kind: 'invalid_retire'; errors: FieldError[]; retire: RetireInput }
  /** Nothing differs from the latest version (`version`), so nothing was published. */
  | { kind: 'unchanged'; action: 'publish' | 'retire'; version: number };

export interface RetireInput {
  readonly retiredOn: string;
  readonly changeSummary: { readonly da: string; readonly en: string };
}

function afterPublish(
  result: PublishResult,
  locale: Locale,
  action: 'publish' | 'retire',
): PublisherOutcome | null {
  if (result.ok) {
    const query = new URLSearchParams({ published: result.slug, version: String(result.version) });
    return { kind: 'redirect', location: `${publisherPath(locale)}?${query.toString()}` };
  }
  if (result.error === 'unchanged') return { kind: 'unchanged', action, version: result.version };
  return result.error === 'not_found' ? { kind: 'not_found' } : null;
}

/** POST on the publisher's list: start the notice of a system that has none, then edit it. */
export async function handleListPost(
  db: Db,
  input: { staff: StaffSession; form: FormData; locale: Locale },
): Promise<PublisherOutcome> {
  const systemId = text(input.form, 'systemId');
  const started = await startNotice(db, systemId, input.staff.staffId);
  if (!started.ok && started.error === 'not_found') return { kind: 'not_found' };
  return { kind: 'redirect', location: publisherPath(input.locale, systemId) };
}

/**
 * POST on a notice's edit page. `action` is the button pressed: `save` keeps the draft, `preview`
 * keeps it and shows it as the public will see it, `publish` keeps it and publishes it as a new
 * version if it is complete, `retire` publishes a new version with the date the system was retired.
 */
export async function handleEditPost(
  db: Db,
  input: { staff: StaffSession; systemId: string; form: FormData; locale: Locale },
): Promise<PublisherOutcome> {
  const { staff, systemId, form, locale } = input;
  const action = text(form, 'action');
  if (action === 'retire') {
    const retire: RetireInput = {
      retiredOn: text(form, 'retiredOn'),
      changeSummary: { da: text(form, 'changeSummary.da'), en: text(form, 'changeSummary.en') },
    };
    const result = await retireSystem(db, { systemId, staffId: staff.staffId, ...retire });
    return (
      afterPublish(result, locale, 'retire') ?? { kind: 'invalid_retire', errors: errorsOf(result), retire }
    );
  }
  const draft = draftFromForm(form);
  const saved = await saveDraft(db, systemId, draft, staff.staffId);
  if (!saved.ok) return { kind: 'not_found' };
  if (action === 'preview')
    return { kind: 'redirect', location: publisherPath(locale, systemId, 'forhaandsvisning') };
  if (action === 'publish') {
    const result = await publishDraft(db, { systemId, staffId: staff.staffId });
    return (
      afterPublish(result, locale, 'publish') ?? { kind: 'invalid_draft', draft, errors: errorsOf(result) }
    );
  }
  return { kind: 'redirect', location: `${publisherPath(locale, systemId)}?saved=1` };
}

function errorsOf(result: PublishResult): FieldError[] {
  return !result.ok && result.error === 'invalid' ? result.errors : [];
}
