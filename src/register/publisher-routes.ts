/**
 * Each publisher page's request pipeline, one line a step: access, method, action, view. A page
 * calls its route with the request's parts and renders, redirects or answers 403/404 on the result.
 */
import type { StaffSession } from '../auth/session-types.ts';
import type { Db } from '../db/db.ts';
import {
  getEditableNotice,
  getPublishedNotice,
  listDataSources,
  listSystemsForPublisher,
  type DataSourceInfo,
  type EditableNotice,
  type PublisherSystem,
} from '../db/notices.ts';
import type { RegisterFacts } from '../db/register-facts.ts';
import {
  changedFields,
  diffContent,
  validateDraft,
  type FieldError,
  type NoticeDraft,
} from '../domain/notice.ts';
import type { Locale } from '../i18n/locales.ts';
import { readForm } from '../server/forms.ts';
import { getRegisterFactsSnapshot } from './facts-cache.ts';
import { todayInDenmark } from './format.ts';
import { historyOf, type HistoryItem } from './public-pages.ts';
import {
  checkPublisherAccess,
  handleEditPost,
  handleListPost,
  type PublisherOutcome,
  type RetireInput,
} from './publisher.ts';
import { announceDataChanged } from '../server/data-changes.ts';

export interface RouteContext {
  readonly db: Db;
  readonly staff: StaffSession | undefined;
  readonly url: URL;
  readonly locale: Locale;
  readonly request: Request;
}

export type RouteResult<View> =
  | { kind: 'redirect'; location: string }
  | { kind: 'forbidden'; status: 403 }
  | { kind: 'not_found' }
  | { kind: 'render'; status: number; view: View };

export interface ListView {
  readonly systems: readonly PublisherSystem[];
  /** After a publication: which notice, which version. */
  readonly published: { readonly slug: string; readonly version: number } | null;
}

/** The publisher's list of systems; POST starts a notice. */
export async function publisherListRoute(ctx: RouteContext): Promise<RouteResult<ListView>> {
  const access = checkPublisherAccess(ctx.staff, ctx.url, ctx.locale);
  if (!access.ok)
    return access.error === 'forbidden' ? { kind: 'forbidden', status: 403 } : redirect(access.location);
  if (ctx.request.method === 'POST') {
    const outcome = await handleListPost(ctx.db, {
      staff: access.staff,
      // A body that is not a form is treated as an empty one: the validation then refuses it by field.
      form: await readForm(ctx.request),
      locale: ctx.locale,
    });
    return outcome.kind === 'redirect' ? outcome : { kind: 'not_found' };
  }
  const slug = ctx.url.searchParams.get('published');
  const version = Number(ctx.url.searchParams.get('version'));
  return {
    kind: 'render',
    status: 200,
    view: {
      systems: await listSystemsForPublisher(ctx.db),
      published: slug && Number.isSafeInteger(version) && version > 0 ? { slug, version } : null,
    },
  };
}

export interface EditView {
  readonly notice: EditableNotice;
  readonly draft: NoticeDraft;
  readonly errors: readonly FieldError[];
  readonly retire: RetireInput | null;
  readonly retireErrors: readonly FieldError[];
  /** A publish or retirement refused because nothing differs from the latest version. */
  readonly unchanged: { readonly action: 'publish' | 'retire'; readonly version: number } | null;
  readonly dataSources: readonly DataSourceInfo[];
  readonly saved: boolean;
}

/** A notice's edit page; POST saves, previews, publishes or retires. */
export async function publisherEditRoute(
  ctx: RouteContext,
  systemId: string,
): Promise<RouteResult<EditView>> {
  const access = checkPublisherAccess(ctx.staff, ctx.url, ctx.locale);
  if (!access.ok)
    return access.error === 'forbidden' ? { kind: 'forbidden', status: 403 } : redirect(access.location);
  let outcome: PublisherOutcome | null = null;
  if (ctx.request.method === 'POST') {
    outcome = await handleEditPost(ctx.db, {
      staff: access.staff,
      systemId,
      // A body that is not a form is treated as an empty one: the validation then refuses it by field.
      form: await readForm(ctx.request),
      locale: ctx.locale,
    });
    // A publish or retirement is committed: this process's public pages show it from now on.
    announceDataChanged();
    if (outcome.kind === 'redirect' || outcome.kind === 'not_found') return outcome;
  }
  const found = await getEditableNotice(ctx.db, systemId);
  if (!found.ok) return { kind: 'not_found' };
  return {
    kind: 'render',
    // 409: the request conflicts with the register's state (nothing new to publish); 422: invalid input.
    status: outcome?.kind === 'unchanged' ? 409 : outcome ? 422 : 200,
    view: {
      notice: found.notice,
      draft: outcome?.kind === 'invalid_draft' ? outcome.draft : found.notice.draft,
      errors: outcome?.kind === 'invalid_draft' ? outcome.errors : [],
      retire: outcome?.kind === 'invalid_retire' ? outcome.retire : null,
      retireErrors: outcome?.kind === 'invalid_retire' ? outcome.errors : [],
      unchanged: outcome?.kind === 'unchanged' ? { action: outcome.action, version: outcome.version } : null,
      dataSources: await listDataSources(ctx.db),
      saved: ctx.url.searchParams.get('saved') === '1',
    },
  };
}

export interface PreviewView {
  readonly notice: EditableNotice;
  /** The draft as it would be published, or the errors that stop it. */
  readonly validation: ReturnType<typeof validateDraft>;
  readonly dataSources: readonly DataSourceInfo[];
  readonly facts: RegisterFacts;
  /** The draft as the next version, then the published versions, newest first. */
  readonly history: readonly HistoryItem[];
  /** The latest version's number when the draft is the same as it (publishing would be refused). */
  readonly unchangedSince: number | null;
  readonly today: string;
}

/** The draft shown as the public will see it once published. */
export async function publisherPreviewRoute(
  ctx: RouteContext,
  systemId: string,
): Promise<RouteResult<PreviewView>> {
  const access = checkPublisherAccess(ctx.staff, ctx.url, ctx.locale);
  if (!access.ok)
    return access.error === 'forbidden' ? { kind: 'forbidden', status: 403 } : redirect(access.location);
  const found = await getEditableNotice(ctx.db, systemId);
  if (!found.ok) return { kind: 'not_found' };
  const dataSources = await listDataSources(ctx.db);
  const validation = validateDraft(found.notice.draft, new Map(dataSources.map((s) => [s.id, s.categories])));
  const published = await getPublishedNotice(ctx.db, found.notice.slug);
  const { latest } = found.notice;
  const unchangedSince =
    validation.ok && latest && diffContent(latest.content, validation.content).length === 0
      ? latest.version
      : null;
  const pending: HistoryItem[] =
    validation.ok && unchangedSince === null
      ? [
          {
            version: null,
            publishedAt: null,
            changeSummary: validation.changeSummary,
            changedFields: changedFields(found.notice.latest?.content ?? null, validation.content),
            path: null,
          },
        ]
      : [];
  return {
    kind: 'render',
    status: 200,
    view: {
      notice: found.notice,
      validation,
      dataSources,
      history: [...pending, ...(published.ok ? historyOf(published.notice) : [])],
      unchangedSince,
      facts: await getRegisterFactsSnapshot(ctx.db),
      today: todayInDenmark(),
    },
  };
}

const redirect = (location: string): { kind: 'redirect'; location: string } => ({
  kind: 'redirect',
  location,
});
