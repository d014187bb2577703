/** The work behind the citizen's case pages: who is asking, and their case or "not found". */
import { getCaseTimeline } from '../db/cases.ts';
import type { CaseIntegrity } from '../domain/integrity.ts';
import type { CaseTimeline } from '../domain/types.ts';
import { requireCitizen } from '../server/guards.ts';
import { log } from '../server/log.ts';
import { getStore } from '../server/store.ts';
import { caseIntegrityCache } from './integrity-cache.ts';

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

/**
 * The logged-in citizen's case with its integrity (reused while its rows are unchanged:
 * integrity-cache.ts), in three round-trips. Another citizen's case and
 * a case that does not exist are the same `not_found`; the attempt is logged with the pseudonym.
 */
export async function loadCitizenCase(
  locals: App.Locals,
  url: URL,
  caseId: string | undefined,
): Promise<CaseAnswer> {
  const guard = requireCitizen(locals, url);
  if (!guard.ok)
    return 'redirect' in guard
      ? { kind: 'redirect', to: guard.redirect }
      : { kind: 'error', error: guard.error };
  const result = await getCaseTimeline(await getStore(), guard.session.cpr, caseId ?? '');
  if (!result.ok) {
    log.warn('case not found for citizen', {
      who: guard.session.pseudonym,
      caseId: (caseId ?? '').slice(0, 64),
    });
    return { kind: 'not_found' };
  }
  return {
    kind: 'ok',
    cpr: guard.session.cpr,
    timeline: result.timeline,
    integrity: caseIntegrityCache.verify(result.timeline, result.rowVersions),
  };
}
