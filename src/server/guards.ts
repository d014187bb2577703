/**
 * Who may see a page: a logged-in citizen, or a member of staff with a role. Pages call these and
 * map the answer: redirect to login, the session-expired page (401) or the forbidden page (403).
 */
import type { CitizenSession, StaffRole, StaffSession } from '../auth/session-types.ts';
import { localizedPath, type Locale } from '../i18n/locales.ts';

export type Guarded<T> =
  | { readonly ok: true; readonly session: T }
  | { readonly ok: false; readonly redirect: string }
  | { readonly ok: false; readonly error: 'session_expired' | 'forbidden' };

interface GuardLocals {
  readonly citizen: CitizenSession | undefined;
  readonly staff: StaffSession | undefined;
  readonly sessionExpired: boolean;
  readonly locale: Locale;
}

/** The logged-in citizen, or where to go instead. */
export function requireCitizen(locals: GuardLocals, url: URL): Guarded<CitizenSession> {
  if (locals.citizen) return { ok: true, session: locals.citizen };
  if (locals.sessionExpired) return { ok: false, error: 'session_expired' };
  const login = localizedPath('/log-ind', locals.locale);
  return { ok: false, redirect: `${login}?returnTo=${encodeURIComponent(url.pathname)}` };
}

/** The logged-in member of staff with `role` (any role when none is given), or where to go instead. */
export function requireStaff(locals: GuardLocals, url: URL, role?: StaffRole): Guarded<StaffSession> {
  if (locals.staff) {
    if (role && !locals.staff.roles.includes(role)) return { ok: false, error: 'forbidden' };
    return { ok: true, session: locals.staff };
  }
  if (locals.sessionExpired) return { ok: false, error: 'session_expired' };
  const login = localizedPath('/medarbejder/log-ind', locals.locale);
  return { ok: false, redirect: `${login}?returnTo=${encodeURIComponent(url.pathname)}` };
}
