/** The work behind the citizen's case pages: who is asking, and their case or "not found". */
import { currentBranding } from '../branding/index.ts';
import { readCaseDetails, readCaseRow, timelineFromRows } from '../db/cases.ts';
import type { Row } from '../db/db.ts';
import type { CaseIntegrity } from '../domain/integrity.ts';
import type { CaseTimeline } from '../domain/types.ts';
import { requireCitizen } from '../server/guards.ts';
import { log } from '../server/log.ts';
import { getStore } from '../server/store.ts';
import { caseIntegrityCache } from './integrity-cache.ts';
import { casePageCache, casePageKey } from './page-cache.ts';

export type CaseAnswer =
  | {
      readonly kind: 'ok';
      readonly cpr: string;
      readonly timeline: CaseTimeline;
      readonly integrity: CaseIntegrity;
    }
  | { readonly kind: 'redirect'; readonly to: string }
  | { readonly kind: 'error'; readonly error: 'session_expired' | 'forbidden' }
  | { readonly kind: 'not_found' };

type Found =
  | Exclude<CaseAnswer, { kind: 'ok' }>
  | { readonly kind: 'row'; readonly cpr: string; readonly caseId: string; readonly row: Row };

/**
 * The logged-in citizen's case row, in one round-trip. Another citizen's case and a case that does
 * not exist are the same `not_found`; the attempt is logged with the pseudonym.
 */
async function findCitizenCase(locals: App.Locals, url: URL, caseId: string | undefined): Promise<Found> {
  const guard = requireCitizen(locals, url);
  if (!guard.ok)
    return 'redirect' in guard
      ? { kind: 'redirect', to: guard.redirect }
      : { kind: 'error', error: guard.error };
  const row = await readCaseRow(await getStore(), guard.session.cpr, caseId ?? '');
  if (!row) {
    log.warn('case not found for citizen', {
      who: guard.session.pseudonym,
      caseId: (caseId ?? '').slice(0, 64),
    });
    return { kind: 'not_found' };
  }
  return { kind: 'row', cpr: guard.session.cpr, caseId: caseId ?? '', row };
}

/**
 * The found case with its events and decisions (two more round-trips) and its integrity (reused
 * while its rows are unchanged: integrity-cache.ts).
 */
async function answerOf(found: Found): Promise<CaseAnswer> {
  if (found.kind !== 'row') return found;
  const result = timelineFromRows(await readCaseDetails(await getStore(), found.caseId, found.row));
  return {
    kind: 'ok',
    cpr: found.cpr,
    timeline: result.timeline,
    integrity: caseIntegrityCache.verify(result.timeline, result.rowVersions),
  };
}

/** The logged-in citizen's case with its integrity, in three round-trips. */
export async function loadCitizenCase(
  locals: App.Locals,
  url: URL,
  caseId: string | undefined,
): Promise<CaseAnswer> {
  return answerOf(await findCitizenCase(locals, url, caseId));
}

/**
 * The case page's answer: as loadCitizenCase, or the page as already rendered for this viewer from a
 * case row that reads the same (src/cases/page-cache.ts): one round-trip instead of three, and no
 * render. Each request reads the case row through the citizen's own CPR first, after the middleware's
 * session and power-of-attorney checks; only then is a copy looked up. Without a copy,
 * `locals.casePageKey` tells the middleware to keep the page being rendered.
 */
export async function loadCitizenCasePage(
  locals: App.Locals,
  url: URL,
  path: string,
  method: string,
  caseId: string | undefined,
): Promise<CaseAnswer | { readonly kind: 'copy'; readonly response: Response }> {
  const found = await findCitizenCase(locals, url, caseId);
  const { citizen } = locals;
  if (found.kind === 'row' && citizen && (method === 'GET' || method === 'HEAD')) {
    const key = casePageKey(found.caseId, found.row, {
      locale: locals.locale,
      citizen,
      representative: locals.representative,
      path,
      search: url.search,
      branding: await currentBranding(),
    });
    const copy = casePageCache.get(key);
    if (copy) return { kind: 'copy', response: copy };
    if (method === 'GET') locals.casePageKey = key;
  }
  return answerOf(found);
}
