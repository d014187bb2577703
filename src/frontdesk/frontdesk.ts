/**
 * The front desk's request pipelines, one function a page: the CPR-in-URL check, access, method,
 * action, view. Staff see a citizen's cases only after the look-up is recorded (§2 stk. 2), and the
 * citizen sees every look-up on /min-log. Pages render, redirect or answer an error on the result.
 */
import { updateSessionData } from '../auth/index.ts';
import type { StaffSession } from '../auth/session-types.ts';
import { getConfig } from '../config.ts';
import { recordStaffLookup } from '../db/access-records.ts';
import { getCaseTimeline, listCasesForCitizen } from '../db/cases.ts';
import { listRequestsForCitizen, type CitizenRequest, type Page } from '../db/requests.ts';
import type { Db } from '../db/db.ts';
import { cprPseudonym } from '../domain/cpr.ts';
import { verifyCaseChain, type CaseIntegrity } from '../domain/integrity.ts';
import {
  containsCprLike,
  decodeSessionPurpose,
  encodeSessionPurpose,
  parseLookupForm,
  type LookupFieldError,
  type LookupFormValues,
  type LookupPurpose,
} from '../domain/staff-lookup.ts';
import type { CaseSummary, CaseTimeline } from '../domain/types.ts';
import { localizedPath, type Locale } from '../i18n/locales.ts';
import { requireStaff } from '../server/guards.ts';
import { log } from '../server/log.ts';
import { pageParam } from '../server/pagination.ts';
import { readForm } from '../server/forms.ts';

/** The staff start page, where the look-up form is. */
export const FRONTDESK_PATH = '/medarbejder';
/** The citizen's view as the member of staff sees it. */
export const HELPING_PATH = '/medarbejder/borger';
/** Base of the case links in the staff view. */
export const HELPING_CASES_PATH = '/medarbejder/borger/sager';

/**
 * Whether a query string carries a CPR number: any key or value shaped like one, or a key named
 * "cpr". Under /medarbejder such a request is refused (400) before anything else, and the URL is
 * never logged: a CPR number must not travel in a URL (browser history, proxies, referrers).
 */
export function queryCarriesCpr(url: URL): boolean {
  for (const [key, value] of url.searchParams) {
    if (key.trim().toLowerCase() === 'cpr' || containsCprLike(key) || containsCprLike(value)) return true;
  }
  // Also the raw query, in case the parameters split a number ("?a=010160&b=-0006" does not, but
  // "?010160-0006" has no value at all).
  return containsCprLike(decodeURIComponentSafe(url.search));
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

export interface FrontdeskContext {
  readonly db: Db;
  readonly staff: StaffSession | undefined;
  readonly sessionToken: string | undefined;
  readonly sessionExpired: boolean;
  readonly url: URL;
  readonly locale: Locale;
  readonly request: Request;
}

export type FrontdeskErrorReason = 'cpr_in_url' | 'lookup_unavailable';

export type RouteResult<View> =
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'auth_error'; readonly reason: 'session_expired' | 'forbidden' }
  | { readonly kind: 'frontdesk_error'; readonly reason: FrontdeskErrorReason; readonly status: 400 | 503 }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'render'; readonly status: number; readonly view: View };

/** The citizen a member of staff is helping, as the banner names them. */
export interface HelpingBannerView {
  readonly citizenName: string;
  readonly staffName: string;
  readonly staffTitle: string;
  readonly staffUnit: string;
  readonly purpose: LookupPurpose;
  readonly purposeText: string | null;
}

export interface StartView {
  readonly staff: StaffSession;
  readonly canLookUp: boolean;
  readonly helping: HelpingBannerView | null;
  readonly values: LookupFormValues;
  readonly errors: readonly LookupFieldError[];
  /** After a POST: nobody with that CPR number, too many look-ups, or the view just ended. */
  readonly notice: 'no_citizen' | 'rate_limited' | 'ended' | null;
}

const EMPTY_FORM: LookupFormValues = { cpr: '', purpose: '', purposeText: '' };

/** Refuses a CPR number in the query string (400), logging the path only. */
function refuseCprInQuery(url: URL): RouteResult<never> | null {
  if (!queryCarriesCpr(url)) return null;
  log.warn('query string with a CPR number refused', { path: url.pathname });
  return { kind: 'frontdesk_error', reason: 'cpr_in_url', status: 400 };
}

/** The staff session with the front-desk role, or the answer instead. */
function frontdeskAccess(
  ctx: FrontdeskContext,
): { ok: true; staff: StaffSession; token: string } | { ok: false; result: RouteResult<never> } {
  const guard = requireStaff(
    { citizen: undefined, staff: ctx.staff, sessionExpired: ctx.sessionExpired, locale: ctx.locale },
    ctx.url,
    'frontdesk',
  );
  if (!guard.ok) {
    return 'redirect' in guard
      ? { ok: false, result: { kind: 'redirect', location: guard.redirect } }
      : { ok: false, result: { kind: 'auth_error', reason: guard.error } };
  }
  if (!ctx.sessionToken) return { ok: false, result: { kind: 'auth_error', reason: 'session_expired' } };
  return { ok: true, staff: guard.session, token: ctx.sessionToken };
}

function bannerOf(staff: StaffSession): HelpingBannerView | null {
  if (!staff.helping) return null;
  return {
    citizenName: staff.helping.name,
    staffName: staff.name,
    staffTitle: staff.title,
    staffUnit: staff.unit,
    ...decodeSessionPurpose(staff.helping.purpose),
  };
}

const formText = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

/**
 * The staff start page. GET: roles, and for the front desk the look-up form. POST (front desk only):
 * validate, record the look-up, set the citizen on the staff session, and go to the citizen's view.
 */
export async function frontdeskStartRoute(
  ctx: FrontdeskContext,
  record = recordStaffLookup,
): Promise<RouteResult<StartView>> {
  const refused = refuseCprInQuery(ctx.url);
  if (refused) return refused;
  const guard = requireStaff(
    { citizen: undefined, staff: ctx.staff, sessionExpired: ctx.sessionExpired, locale: ctx.locale },
    ctx.url,
  );
  if (!guard.ok) {
    return 'redirect' in guard
      ? { kind: 'redirect', location: guard.redirect }
      : { kind: 'auth_error', reason: guard.error };
  }
  const staff = guard.session;
  const canLookUp = staff.roles.includes('frontdesk');
  const view = (over: Partial<StartView> = {}): StartView => ({
    staff,
    canLookUp,
    helping: bannerOf(staff),
    values: EMPTY_FORM,
    errors: [],
    notice: ctx.url.searchParams.get('afsluttet') === '1' ? 'ended' : null,
    ...over,
  });
  if (ctx.request.method !== 'POST') return { kind: 'render', status: 200, view: view() };

  const access = frontdeskAccess(ctx);
  if (!access.ok) return access.result;
  const form = await readForm(ctx.request);
  const typed: LookupFormValues = {
    cpr: formText(form, 'cpr'),
    purpose: formText(form, 'purpose'),
    purposeText: formText(form, 'purposeText'),
  };
  const parsed = parseLookupForm(typed);
  if (!parsed.ok) {
    return { kind: 'render', status: 422, view: view({ values: parsed.values, errors: parsed.errors }) };
  }

  const { lookup } = parsed;
  const result = await record(
    ctx.db,
    {
      staffId: access.staff.staffId,
      name: access.staff.name,
      title: access.staff.title,
      unit: access.staff.unit,
    },
    lookup,
    {
      // In the look-up's transaction: the session names the citizen only if the record is written.
      beforeCommit: (tx, recorded) =>
        updateSessionData(tx, access.token, {
          ...access.staff,
          helping: recorded.citizen
            ? {
                cpr: recorded.citizen.cpr,
                name: recorded.citizen.name,
                purpose: encodeSessionPurpose(lookup.purpose, lookup.purposeText),
                accessRecordId: recorded.accessRecordId,
              }
            : null,
        }),
    },
  );
  const who = cprPseudonym(lookup.cpr, getConfig().sessionSecret);
  if (!result.ok && result.error === 'not_recorded') {
    log.error('look-up not recorded, nothing shown', {
      staff: access.staff.staffId,
      citizen: who,
      cause: result.cause instanceof Error ? result.cause.message : 'unknown',
    });
    return { kind: 'frontdesk_error', reason: 'lookup_unavailable', status: 503 };
  }
  if (!result.ok) {
    log.warn('look-up refused: rate limit', { staff: access.staff.staffId });
    return { kind: 'render', status: 429, view: view({ values: typed, notice: 'rate_limited' }) };
  }
  log.info('citizen looked up', {
    staff: access.staff.staffId,
    citizen: who,
    accessRecord: result.accessRecordId,
    found: result.citizen !== null,
  });
  if (!result.citizen) {
    // The look-up is recorded; the previous citizen, if any, is no longer on the session.
    return {
      kind: 'render',
      status: 200,
      view: view({ helping: null, values: { ...EMPTY_FORM }, notice: 'no_citizen' }),
    };
  }
  return { kind: 'redirect', location: localizedPath(HELPING_PATH, ctx.locale) };
}

export interface HelpingView {
  readonly banner: HelpingBannerView;
  readonly cases: readonly CaseSummary[];
  /** The citizen's requests and their status, read-only (`?side=` pages them). */
  readonly requests: Page<CitizenRequest>;
  /** The print-friendly page (?print=1): the copy handed to the citizen. */
  readonly print: boolean;
  readonly printedAt: Date;
}

/**
 * The citizen's cases and requests as the citizen sees them, for the member of staff helping them. POST ends
 * the help: the citizen is taken off the staff session.
 */
export async function helpingRoute(ctx: FrontdeskContext): Promise<RouteResult<HelpingView>> {
  const refused = refuseCprInQuery(ctx.url);
  if (refused) return refused;
  const access = frontdeskAccess(ctx);
  if (!access.ok) return access.result;
  const start = localizedPath(FRONTDESK_PATH, ctx.locale);
  if (ctx.request.method === 'POST') {
    await updateSessionData(ctx.db, access.token, { ...access.staff, helping: null });
    log.info('front-desk view ended', { staff: access.staff.staffId });
    return { kind: 'redirect', location: `${start}?afsluttet=1` };
  }
  const banner = bannerOf(access.staff);
  if (!banner || !access.staff.helping) return { kind: 'redirect', location: start };
  return {
    kind: 'render',
    status: 200,
    view: {
      banner,
      cases: await listCasesForCitizen(ctx.db, access.staff.helping.cpr),
      requests: await listRequestsForCitizen(ctx.db, access.staff.helping.cpr, pageParam(ctx.url)),
      print: ctx.url.searchParams.get('print') === '1',
      printedAt: new Date(),
    },
  };
}

export interface HelpingCaseView {
  readonly banner: HelpingBannerView;
  readonly timeline: CaseTimeline;
  readonly integrity: CaseIntegrity;
  readonly print: boolean;
  readonly printedAt: Date;
}

/** One of the citizen's cases, read-only, for the member of staff helping them. */
export async function helpingCaseRoute(
  ctx: FrontdeskContext,
  caseId: string,
): Promise<RouteResult<HelpingCaseView>> {
  const refused = refuseCprInQuery(ctx.url);
  if (refused) return refused;
  const access = frontdeskAccess(ctx);
  if (!access.ok) return access.result;
  const banner = bannerOf(access.staff);
  if (!banner || !access.staff.helping) {
    return { kind: 'redirect', location: localizedPath(FRONTDESK_PATH, ctx.locale) };
  }
  // Scoped by the helped citizen's CPR number: another citizen's case is "not found".
  const found = await getCaseTimeline(ctx.db, access.staff.helping.cpr, caseId);
  if (!found.ok) return { kind: 'not_found' };
  return {
    kind: 'render',
    status: 200,
    view: {
      banner,
      timeline: found.timeline,
      integrity: verifyCaseChain(found.timeline),
      print: ctx.url.searchParams.get('print') === '1',
      printedAt: new Date(),
    },
  };
}
