/**
 * The citizen's side of the request loop, one function a page: ask about a case (and which AI use),
 * the list of my requests a page at a time, and one request with every step and its integrity.
 * Pages render, redirect or answer an error on the result.
 */
import { getConfig } from '../config.ts';
import { getCaseTimeline } from '../db/cases.ts';
import type { Db } from '../db/db.ts';
import {
  getRequestForCitizen,
  listRequestsForCitizen,
  submitCitizenRequest,
  type CitizenRequest,
  type Page,
  type RequestWithSteps,
} from '../db/requests.ts';
import {
  stateFromSteps,
  verifyRequest,
  type RequestIntegrity,
  type RequestKind,
  type RequestState,
} from '../domain/citizen-request.ts';
import type { CaseTimeline } from '../domain/types.ts';
import { localizedPath } from '../i18n/locales.ts';
import { requireCitizen } from '../server/guards.ts';
import { log } from '../server/log.ts';
import { pageParam } from '../server/pagination.ts';
import {
  offeredKinds,
  parseCitizenRequestForm,
  readForm,
  type CitizenField,
  type CitizenFormValues,
  type FieldErrors,
} from './forms.ts';
import { recordRepresentativeAction } from '../representation/actions.ts';
import { letterSink, lettersForStep, type LetterSink } from './letters.ts';

export interface RequestRouteContext {
  readonly db: Db;
  readonly locals: Pick<App.Locals, 'citizen' | 'staff' | 'sessionExpired' | 'locale' | 'representative'>;
  readonly url: URL;
  readonly request: Request;
}

export type RequestRouteResult<View> =
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'auth_error'; readonly reason: 'session_expired' | 'forbidden' }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'render'; readonly status: number; readonly view: View };

/** An AI use on the case, as the form offers it ("which use do you mean?"). */
export interface UseOption {
  readonly seq: number;
  readonly systemName: string;
  readonly systemNameEn: string | null;
  readonly occurredAt: Date;
  readonly kind: string;
  readonly sources: readonly {
    readonly id: string;
    readonly name: string;
    readonly nameEn: string | null;
    readonly ownerAuthority: string;
    readonly ownerAuthorityEn: string | null;
  }[];
}

export interface RequestFormView {
  readonly timeline: CaseTimeline;
  readonly kinds: readonly RequestKind[];
  readonly uses: readonly UseOption[];
  readonly values: CitizenFormValues;
  readonly errors: FieldErrors<CitizenField>;
  readonly rateLimited: boolean;
  readonly limit: number;
}

function guardCitizen(
  ctx: RequestRouteContext,
): { ok: true; cpr: string; pseudonym: string } | { ok: false; result: RequestRouteResult<never> } {
  const guard = requireCitizen(ctx.locals, ctx.url);
  if (guard.ok) return { ok: true, cpr: guard.session.cpr, pseudonym: guard.session.pseudonym };
  return {
    ok: false,
    result:
      'redirect' in guard
        ? { kind: 'redirect', location: guard.redirect }
        : { kind: 'auth_error', reason: guard.error },
  };
}

/**
 * Ask the municipality about a case: GET shows the form (a use pre-chosen by `?brug=<seq>`, a kind by
 * `?type=`), POST validates, stores the request with its sealed receipt, queues the receipt letter,
 * and goes to the request's page.
 */
export async function requestFormRoute(
  ctx: RequestRouteContext,
  caseId: string,
  sink: LetterSink = letterSink,
): Promise<RequestRouteResult<RequestFormView>> {
  const who = guardCitizen(ctx);
  if (!who.ok) return who.result;
  const found = await getCaseTimeline(ctx.db, who.cpr, caseId);
  if (!found.ok) {
    log.warn('request form: case not found for citizen', { who: who.pseudonym, caseId: caseId.slice(0, 64) });
    return { kind: 'not_found' };
  }
  const timeline = found.timeline;
  const uses: UseOption[] = timeline.events.map((e) => ({
    seq: e.seq,
    systemName: e.systemName,
    systemNameEn: e.systemNameEn ?? null,
    occurredAt: e.occurredAt,
    kind: e.kind,
    sources: e.sources.map((s) => ({
      id: s.dataSourceId,
      name: s.name,
      nameEn: s.nameEn ?? null,
      ownerAuthority: s.ownerAuthority,
      ownerAuthorityEn: s.ownerAuthorityEn ?? null,
    })),
  }));
  const config = getConfig();
  const view = (over: Partial<RequestFormView>): RequestFormView => ({
    timeline,
    kinds: offeredKinds(uses.length > 0),
    uses,
    values: {
      kind: ctx.url.searchParams.get('type') ?? '',
      uses: ctx.url.searchParams.getAll('brug'),
      source: '',
      message: '',
    },
    errors: {},
    rateLimited: false,
    limit: config.requests.perCitizenPerDay,
    ...over,
  });
  if (ctx.request.method !== 'POST') return { kind: 'render', status: 200, view: view({}) };

  const form = await readForm(ctx.request);
  const parsed = parseCitizenRequestForm(
    form,
    uses.map((u) => ({ seq: u.seq, sourceIds: u.sources.map((s) => s.id) })),
  );
  if (!parsed.ok)
    return { kind: 'render', status: 422, view: view({ values: parsed.values, errors: parsed.errors }) };
  // A representative files on the citizen's behalf: sealed into the receipt and logged for the citizen.
  const representative = ctx.locals.representative;
  const request = representative ? { ...parsed.value, filedBy: representative.actorName } : parsed.value;
  const saved = await submitCitizenRequest(ctx.db, who.cpr, timeline.case.id, request, {
    limit: { max: config.requests.perCitizenPerDay, windowHours: 24 },
    fallbackUnit: config.requests.fallbackUnit,
    beforeCommit: async (tx, receipt, reference, id) => {
      await sink(
        tx,
        lettersForStep(receipt, { id, reference, kind: parsed.value.kind, citizenCpr: who.cpr }),
      );
      if (representative) {
        await recordRepresentativeAction(tx, {
          grantorCpr: who.cpr,
          actorName: representative.actorName,
          actorPseudonym: representative.actorPseudonym,
          action: 'write',
          path: `/mine-anmodninger/${id}`,
        });
      }
    },
  });
  const typed: CitizenFormValues = {
    kind: parsed.value.kind,
    uses: parsed.value.eventSeqs.map(String),
    source: parsed.value.dataSourceId
      ? `${parsed.value.eventSeqs[0] ?? ''}:${parsed.value.dataSourceId}`
      : '',
    message: parsed.value.message,
  };
  if (!saved.ok && saved.error === 'rate_limited') {
    log.warn('citizen request refused: rate limit', { who: who.pseudonym });
    return { kind: 'render', status: 429, view: view({ values: typed, rateLimited: true }) };
  }
  if (!saved.ok && saved.error === 'no_such_use') {
    return { kind: 'render', status: 422, view: view({ values: typed, errors: { uses: 'uses_unknown' } }) };
  }
  if (!saved.ok) return { kind: 'not_found' };
  log.info('citizen request received', { who: who.pseudonym, request: saved.id, kind: parsed.value.kind });
  return {
    kind: 'redirect',
    location: `${localizedPath(`/mine-anmodninger/${saved.id}`, ctx.locals.locale)}?sendt=1`,
  };
}

export interface MyRequestsView {
  readonly page: Page<CitizenRequest>;
  readonly now: Date;
}

/** My requests, newest first, 20 a page (`?side=`). */
export async function myRequestsRoute(ctx: RequestRouteContext): Promise<RequestRouteResult<MyRequestsView>> {
  const who = guardCitizen(ctx);
  if (!who.ok) return who.result;
  const page = await listRequestsForCitizen(ctx.db, who.cpr, pageParam(ctx.url));
  return { kind: 'render', status: 200, view: { page, now: new Date() } };
}

export interface RequestDetailView {
  readonly data: RequestWithSteps;
  readonly state: RequestState | null;
  readonly integrity: RequestIntegrity;
  readonly justSent: boolean;
  readonly now: Date;
}

/** The request's page view: its steps, state and integrity verdict. */
export function requestDetail(data: RequestWithSteps, url: URL): RequestDetailView {
  return {
    data,
    state: stateFromSteps(data.steps),
    integrity: verifyRequest(data.request, data.steps),
    justSent: url.searchParams.get('sendt') === '1',
    now: new Date(),
  };
}

/** One of my requests with every step; someone else's, or none, is 404. */
export async function myRequestRoute(
  ctx: RequestRouteContext,
  requestId: string,
): Promise<RequestRouteResult<RequestDetailView>> {
  const who = guardCitizen(ctx);
  if (!who.ok) return who.result;
  const data = await getRequestForCitizen(ctx.db, who.cpr, requestId);
  if (!data) {
    log.warn('request not found for citizen', { who: who.pseudonym, request: requestId.slice(0, 64) });
    return { kind: 'not_found' };
  }
  const view = requestDetail(data, ctx.url);
  if (!view.integrity.intact) log.error('request integrity broken', { request: data.request.id });
  return { kind: 'render', status: 200, view };
}
