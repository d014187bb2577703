/**
 * robots.txt (RFC 9309): crawlers may read everything public, and are kept away from the addresses
 * that start a login (each would open an OIDC transaction at the IdP), the staff pages and the
 * machine APIs. The citizen's own pages are not listed: they answer a crawler with a redirect to the
 * login, which is disallowed, and listing them would mark a logged-in case page "blocked from
 * indexing" in Lighthouse's SEO audit for no gain.
 */

/** Paths no crawler should request (prefixes, as RFC 9309 matches them). */
export const DISALLOWED_PATHS = [
  '/log-ind',
  '/en/log-ind',
  '/medarbejder',
  '/en/medarbejder',
  '/auth/',
  '/api/v1/ingest',
] as const;

/** The robots.txt text, pointing at the sitemap under `baseUrl`. */
export function robotsTxt(baseUrl: URL): string {
  return [
    'User-agent: *',
    ...DISALLOWED_PATHS.map((path) => `Disallow: ${path}`),
    'Allow: /',
    '',
    `Sitemap: ${new URL('/sitemap.xml', baseUrl).href}`,
    '',
  ].join('\n');
}
