/**
 * Which pages are public: the same for every visitor who is not logged in, so a browser, a proxy
 * and the portal's own page cache (src/server/http/public-cache.ts) may keep them for a short while
 * (issue 12: `Cache-Control: public, max-age`; issue 15: rendered once per data version). Every
 * other page stays `no-store`: it may show personal data.
 */

/**
 * The front page, the register and its notices, the open data, the statutory pages (accessibility,
 * privacy, cookies, about) and the files for crawlers (paths without /en).
 */
const PUBLIC_PATH =
  /^\/(ai-systemer(\/[a-z0-9-]{1,100}(\/versioner\/[1-9][0-9]{0,5})?)?|api\/v1\/(ai-systems(\.csv|\.schema\.json|\/[a-z0-9-]{1,100}\/(atrs|algoritmeregister)\.json)?|(atrs|algoritmeregister)\.schema\.json|case-record\.schema\.json|openapi\.json)|tilgaengelighed|privatliv|cookies|om|robots\.txt|sitemap\.xml|\.well-known\/security\.txt)?$/;

/** Whether a page at this (language-stripped) path is public. */
export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATH.test(pathname);
}

/**
 * The Cache-Control for a response: public and short for a public page answered 200 to a visitor
 * without a session (who sees the anonymous page), else `no-store`. A header the route set wins.
 */
export function cacheControlFor(input: {
  readonly pathname: string;
  readonly status: number;
  readonly loggedIn: boolean;
  readonly setsCookie: boolean;
  readonly maxAgeSeconds: number;
}): string {
  const shareable =
    isPublicPath(input.pathname) && input.status === 200 && !input.loggedIn && !input.setsCookie;
  return shareable ? `public, max-age=${String(input.maxAgeSeconds)}` : 'no-store';
}
