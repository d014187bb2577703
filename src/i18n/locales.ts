/**
 * The portal's languages and the URL scheme between them: Danish (the default) at `/...`,
 * English at `/en/...`, the same paths otherwise. Pure functions, unit-tested.
 */
export const LOCALES = ['da', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'da';

/** The language a path is in. */
export function localeFromPath(pathname: string): Locale {
  return pathname === '/en' || pathname.startsWith('/en/') ? 'en' : 'da';
}

/** The path without its language prefix: `/en/mine-sager` -> `/mine-sager`. */
export function stripLocale(pathname: string): string {
  if (pathname === '/en' || pathname === '/en/') return '/';
  return pathname.startsWith('/en/') ? pathname.slice(3) : pathname;
}

/** The same page in another language: `localizedPath('/mine-sager', 'en')` -> `/en/mine-sager`. */
export function localizedPath(pathname: string, locale: Locale): string {
  const base = stripLocale(pathname);
  if (locale === DEFAULT_LOCALE) return base;
  return base === '/' ? '/en/' : `/en${base}`;
}

/**
 * The language switch's target: the same page and the same query in the other language, so a
 * filtered register or a page of results stays what it was (`/ai-systemer?q=tale` -> `/en/ai-systemer?q=tale`).
 */
export function languageSwitchHref(pathname: string, search: string, locale: Locale): string {
  // Astro may hand a rendered route's path back with a trailing slash (`/mine-sager/x/anmod/`).
  const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  const query = search === '' || search === '?' ? '' : search.startsWith('?') ? search : `?${search}`;
  return `${localizedPath(path, locale)}${query}`;
}
