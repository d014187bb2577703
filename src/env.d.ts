/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    locale: import('./i18n/locales.ts').Locale;
    t: import('i18next').TFunction;
    /** Set by the middleware when a citizen is logged in. */
    citizen: import('./auth/session-types.ts').CitizenSession | undefined;
    /** Set by the middleware when a member of staff is logged in. */
    staff: import('./auth/session-types.ts').StaffSession | undefined;
    /** The session cookie's token, for pages that end or change the session. */
    sessionToken: string | undefined;
    /** True when the request carried a session that has timed out. */
    sessionExpired: boolean;
    /** Set when a representative acts for the citizen in `citizen` (power of attorney). */
    representative?: import('./representation/representation.ts').Representative | undefined;
    /** Why the power behind this request was refused; the refusal page is shown instead. */
    representationRefused?: import('./representation/representation.ts').RefusalReason | undefined;
    /** The page's own <meta name="description">, set before the layout renders (src/components/HeadMeta.astro). */
    description?: string | undefined;
    /** Set by the case page when it renders a page to keep (src/cases/page-cache.ts); the middleware keeps it. */
    casePageKey?: import('./cases/page-cache.ts').CasePageKey | undefined;
  }
}
