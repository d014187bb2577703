/**
 * The caseworker's side of the request loop: the unit's inbox (earliest deadline first, with filters
 * and pages) and one request with the case as the citizen sees it and the actions on it. Only staff
 * with the `caseworker` role (others: 403), and only the requests of their own unit (another unit's:
 * 404, the same as none). Every action is a POST form behind the middleware's origin check.
 */
import type { StaffSession } from '../auth/session-types.ts';
import { getCaseTimeline } from '../db/cases.ts';
import {
  appendCaseworkerStep,
  getRequestForUnit,
  listInbox,
  type CitizenRequest,
  type InboxFilter,
  type Page,
} from '../db/requests.ts';
import {
  allowedActions,
  requestKindSchema,
  requestStatusSchema,
  stepForAction,
  type CaseworkerAction,
} from '../domain/citizen-request.ts';
import { verifyCaseChain, type CaseIntegrity } from '../domain/integrity.ts';
import type { CaseTimeline } from '../domain/types.ts';
import { localizedPath } from '../i18n/locales.ts';
import { requireStaff } from '../server/guards.ts';
import { log } from '../server/log.ts';
import { pageParam } from '../server/pagination.ts';
import {
  requestDetail,
  type RequestDetailView,
  type RequestRouteContext,
  type RequestRouteResult,
} from './citizen-routes.ts';
import {
  parseCaseworkerForm,
  readForm,
  type CaseworkerField,
  type CaseworkerFormValues,
  type FieldErrors,
} from './forms.ts';
import { letterSink, lettersForStep, type LetterSink } from './letters.ts';

/** The inbox's path. */
export const INBOX_PATH = '/medarbejder/anmodninger';

function guardCaseworker(
  ctx: RequestRouteContext,
): { ok: true; staff: StaffSession } | { ok: false; result: RequestRouteResult<never> } {
  const guard = requireStaff(ctx.locals, ctx.url, 'caseworker');
  if (guard.ok) return { ok: true, staff: guard.session };
  return {
    ok: false,
    result:
      'redirect' in guard
        ? { kind: 'redirect', location: guard.redirect }
        : { kind: 'auth_error', reason: guard.error },
  };
}

/** The filters in the inbox's query string; an unknown value is the default. */
export function inboxFilter(url: URL): InboxFilter {
  const kind = requestKindSchema.safeParse(url.searchParams.get('type'));
  const rawStatus = url.searchParams.get('status');
  const status =
    rawStatus === 'all' ? 'all' : (requestStatusSchema.safeParse(rawStatus).data ?? ('open' as const));
  return { kind: kind.success ? kind.data : null, status };
}

export interface InboxView {
  readonly staff: StaffSession;
  readonly filter: InboxFilter;
  readonly page: Page<CitizenRequest>;
  readonly now: Date;
}

/** The unit's requests, earliest deadline first, filtered by kind and status, 20 a page. */
export async function inboxRoute(ctx: RequestRouteContext): Promise<RequestRouteResult<InboxView>> {
  const who = guardCaseworker(ctx);
  if (!who.ok) return who.result;
  const filter = inboxFilter(ctx.url);
  const page = await listInbox(ctx.db, who.staff.unit, filter, pageParam(ctx.url));
  return { kind: 'render', status: 200, view: { staff: who.staff, filter, page, now: new Date() } };
}

export interface CaseworkerRequestView extends RequestDetailView {
  readonly timeline: CaseTimeline | null;
  readonly caseIntegrity: CaseIntegrity | null;
  readonly actions: readonly CaseworkerAction[];
  /** The form that was refused, with what was typed and the errors by field. */
  readonly refused: {
    readonly action: CaseworkerAction;
    readonly values: CaseworkerFormValues;
    readonly errors: FieldErrors<CaseworkerField>;
  } | null;
  /** The action just done (after the redirect), or `not_allowed` when it could no longer be done. */
  readonly notice: CaseworkerAction | 'not_allowed' | null;
}

const NOTICES = new Set<string>(['take', 'extend', 'forward', 'answer', 'refuse']);

/**
 * One request of the caseworker's unit with the case as the citizen sees it. POST does one action:
 * validated by field (422 with what was typed), allowed only in the request's state (409), sealed as
 * a step with its letter queued in the same transaction, then back to the page (303).
 */
export async function caseworkerRequestRoute(
  ctx: RequestRouteContext,
  requestId: string,
  sink: LetterSink = letterSink,
): Promise<RequestRouteResult<CaseworkerRequestView>> {
  const who = guardCaseworker(ctx);
  if (!who.ok) return who.result;
  const staff = who.staff;
  const data = await getRequestForUnit(ctx.db, staff.unit, requestId);
  if (!data) {
    log.warn('request not found for unit', { staff: staff.staffId, request: requestId.slice(0, 64) });
    return { kind: 'not_found' };
  }
  const found = await getCaseTimeline(ctx.db, data.citizenCpr, data.request.caseId);
  const detail = requestDetail(data, ctx.url);
  const notice = ctx.url.searchParams.get('udfoert');
  const view = (over: Partial<CaseworkerRequestView>): CaseworkerRequestView => ({
    ...detail,
    timeline: found.ok ? found.timeline : null,
    caseIntegrity: found.ok ? verifyCaseChain(found.timeline) : null,
    actions: detail.state ? allowedActions(detail.state) : [],
    refused: null,
    notice: notice && NOTICES.has(notice) ? (notice as CaseworkerAction) : null,
    ...over,
  });
  if (ctx.request.method !== 'POST') return { kind: 'render', status: 200, view: view({}) };

  const parsed = parseCaseworkerForm(await readForm(ctx.request), data.request.kind);
  if (!parsed.ok && parsed.action === null)
    return { kind: 'render', status: 400, view: view({ notice: 'not_allowed' }) };
  if (!parsed.ok && parsed.action !== null) {
    return {
      kind: 'render',
      status: 422,
      view: view({ refused: { action: parsed.action, values: parsed.values, errors: parsed.errors } }),
    };
  }
  if (!parsed.ok) return { kind: 'render', status: 400, view: view({}) };
  const step = stepForAction(parsed.value, {
    unit: staff.unit,
    receivedAt: data.request.createdAt,
    dataSource: data.dataSource,
  });
  const result = step
    ? await appendCaseworkerStep(
        ctx.db,
        staff.unit,
        data.request.id,
        { staffId: staff.staffId, name: staff.name, title: staff.title, unit: staff.unit },
        step,
        {
          beforeCommit: (tx, written) =>
            sink(
              tx,
              lettersForStep(written, {
                id: data.request.id,
                reference: data.request.reference,
                kind: data.request.kind,
                citizenCpr: data.citizenCpr,
              }),
            ),
        },
      )
    : ({ ok: false, error: 'not_allowed' } as const);
  if (!result.ok && result.error === 'not_found') return { kind: 'not_found' };
  if (!result.ok) return { kind: 'render', status: 409, view: view({ notice: 'not_allowed' }) };
  log.info('request step', { staff: staff.staffId, request: data.request.id, action: result.step.action });
  return {
    kind: 'redirect',
    location: `${localizedPath(`${INBOX_PATH}/${data.request.id}`, ctx.locals.locale)}?udfoert=${parsed.value.action}`,
  };
}
