/**
 * The staff page of Digital Post (/medarbejder/post): how many letters wait, were sent or failed, the
 * letters of one status (failed first: they need a person), and "try again" for a failed letter. Any
 * member of staff with a portal role may see it; the page shows the case number, never the CPR number.
 */
import { z } from 'zod';
import type { StaffSession } from '../auth/session-types.ts';
import type { DigitalPostConfig } from '../config.ts';
import type { Db } from '../db/db.ts';
import { localizedPath, type Locale } from '../i18n/locales.ts';
import { readForm } from '../server/forms.ts';
import { log } from '../server/log.ts';
import {
  getOutboxOverview,
  OUTBOX_STATUSES,
  retryDeadLetter,
  type OutboxOverview,
  type OutboxStatus,
} from './outbox.ts';

export const OUTBOX_PAGE_PATH = '/medarbejder/post';
const STAFF_LOGIN_PATH = '/medarbejder/log-ind';

export interface OutboxRouteContext {
  readonly db: Db;
  readonly staff: StaffSession | undefined;
  readonly url: URL;
  readonly locale: Locale;
  readonly request: Request;
  readonly transport: DigitalPostConfig['transport']['kind'];
}

export interface OutboxView {
  readonly overview: OutboxOverview;
  readonly status: OutboxStatus;
  readonly transport: DigitalPostConfig['transport']['kind'];
  /** After "try again": whether the letter was put back in the queue. */
  readonly retried: boolean | null;
}

export type OutboxRouteResult =
  | { kind: 'redirect'; location: string }
  | { kind: 'forbidden'; status: 403 }
  | { kind: 'render'; status: number; view: OutboxView };

const retryForm = z.object({ messageUuid: z.uuid() });

/** The page's pipeline: access, then POST (try again) or GET (the list). */
export async function outboxRoute(ctx: OutboxRouteContext): Promise<OutboxRouteResult> {
  const page = localizedPath(OUTBOX_PAGE_PATH, ctx.locale);
  if (!ctx.staff) {
    const returnTo = `${page}${ctx.url.search}`;
    const login = localizedPath(STAFF_LOGIN_PATH, ctx.locale);
    return { kind: 'redirect', location: `${login}?${new URLSearchParams({ returnTo }).toString()}` };
  }
  if (ctx.staff.roles.length === 0) return { kind: 'forbidden', status: 403 };
  if (ctx.request.method === 'POST') {
    const form = await readForm(ctx.request);
    const parsed = retryForm.safeParse({ messageUuid: form.get('messageUuid') });
    const retried = parsed.success && (await retryDeadLetter(ctx.db, parsed.data.messageUuid));
    if (retried) {
      log.info('Digital Post letter put back in the queue', {
        messageUuid: parsed.data.messageUuid,
        staffId: ctx.staff.staffId,
      });
    }
    return { kind: 'redirect', location: `${page}?status=dead&retried=${retried ? '1' : '0'}` };
  }
  const status = z.enum(OUTBOX_STATUSES).catch('dead').parse(ctx.url.searchParams.get('status'));
  const retriedParam = ctx.url.searchParams.get('retried');
  return {
    kind: 'render',
    status: 200,
    view: {
      overview: await getOutboxOverview(ctx.db, status),
      status,
      transport: ctx.transport,
      retried: retriedParam === '1' ? true : retriedParam === '0' ? false : null,
    },
  };
}
