/**
 * What the statutory pages state about the portal, read from the code and the configuration that
 * decide it, so the pages cannot drift from what the portal does: every cookie it sets with its
 * lifetime, how long a session lives, and who the controller and its contacts are.
 */
import { cookieNames } from '../auth/index.ts';
import { IDLE_MINUTES } from '../auth/sessions.ts';
import type { Config } from '../config.ts';
import type { Queryable } from '../db/db.ts';
import { getMunicipalityDetails, type MunicipalityDetails } from '../db/municipality.ts';
import { LOGIN_COOKIE_MAX_AGE } from '../login/login-pages.ts';

/** How long a cookie lives in the browser. */
export type CookieLifetime =
  { readonly kind: 'browser_session' } | { readonly kind: 'minutes'; readonly minutes: number };

/** One cookie the portal sets: its name, what it is for (statutory.json `cookies.purpose.*`), its lifetime. */
export interface PortalCookie {
  readonly name: string;
  readonly purpose: 'session' | 'login';
  readonly lifetime: CookieLifetime;
}

/**
 * Every cookie the portal sets (src/login/login-pages.ts and src/middleware.ts; both strictly
 * necessary, HttpOnly, SameSite=Lax). The development IdP's own cookies belong to the IdP, not here.
 */
export function portalCookies(config: Config): PortalCookie[] {
  const names = cookieNames(config);
  return [
    { name: names.session, purpose: 'session', lifetime: { kind: 'browser_session' } },
    {
      name: names.login,
      purpose: 'login',
      lifetime: { kind: 'minutes', minutes: LOGIN_COOKIE_MAX_AGE / 60 },
    },
  ];
}

/** How long a login lasts (src/auth/sessions.ts and SESSION_ABSOLUTE_MINUTES). */
export interface SessionLimits {
  readonly citizenIdleMinutes: number;
  readonly staffIdleMinutes: number;
  readonly absoluteMinutes: number;
  /** How long after login a representative may act on a power of attorney. */
  readonly representationMinutes: number;
}

export function sessionLimits(config: Config): SessionLimits {
  return {
    citizenIdleMinutes: IDLE_MINUTES.citizen,
    staffIdleMinutes: IDLE_MINUTES.staff,
    absoluteMinutes: config.sessionAbsoluteMinutes,
    representationMinutes: config.representationMaxAgeMinutes,
  };
}

export interface StatutoryFacts {
  readonly municipality: MunicipalityDetails | null;
  /** The accessibility statement's feedback address: ACCESSIBILITY_CONTACT_EMAIL, else the municipality's. */
  readonly accessibilityEmail: string | undefined;
  readonly cookies: readonly PortalCookie[];
  readonly session: SessionLimits;
}

/** Everything the four statutory pages state, from the store and the configuration. */
export async function loadStatutoryFacts(db: Queryable, config: Config): Promise<StatutoryFacts> {
  const municipality = await getMunicipalityDetails(db);
  return {
    municipality,
    accessibilityEmail: config.accessibilityContactEmail ?? municipality?.contactEmail,
    cookies: portalCookies(config),
    session: sessionLimits(config),
  };
}

/**
 * The accessibility statement's own dates (webtilgængelighedsloven § 4: kept up to date, reviewed
 * at least once a year). Change `reviewedOn` when the statement is reviewed.
 */
export const ACCESSIBILITY_STATEMENT = { preparedOn: '2026-12-06', reviewedOn: '2026-12-06' } as const;
