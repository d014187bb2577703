/**
 * The pages the law and citizens expect on a Danish public self-service site (issue 12): the
 * accessibility statement (webtilgængelighedsloven § 4), the privacy notice (GDPR art. 13-14), the
 * cookie list (cookiebekendtgørelsen: strictly necessary cookies, named) and what Indsigt is.
 * Danish paths; `/en/...` renders each in English. The footer links them in this order.
 */
export const STATUTORY_PAGES = [
  { path: '/tilgaengelighed', titleKey: 'accessibility.title' },
  { path: '/privatliv', titleKey: 'privacy.title' },
  { path: '/cookies', titleKey: 'cookies.title' },
  { path: '/om', titleKey: 'about.title' },
] as const;

export type StatutoryPath = (typeof STATUTORY_PAGES)[number]['path'];
