/**
 * The CSRF guard for every state-changing request. Astro's own `security.checkOrigin` answers 403
 * before any middleware runs, which also blocks the IdP's server-to-server back-channel logout POST
 * (it has no Origin). So the portal checks origins itself, stricter than Astro (every content type,
 * not only forms), and exempts exactly the endpoints that do not rely on cookies: back-channel
 * logout (authenticated by a signed logout token) and the ingest API (bearer token or mTLS).
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Paths that authenticate the request themselves and never read the session cookie. */
export const ORIGIN_CHECK_EXEMPT = new Set([
  '/auth/backchannel-logout',
  '/auth/staff/backchannel-logout',
  '/api/v1/ingest',
]);

/**
 * Whether a request may change state: safe methods always; otherwise the Origin header must be the
 * portal's own origin. Under `Referrer-Policy: no-referrer` browsers send `Origin: null` even for
 * our own forms (Fetch standard), so then Sec-Fetch-Site, which pages cannot forge, must say
 * same-origin.
 */
export function isSameOriginOrSafe(request: Request, pathname: string, publicOrigin: string): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  if (ORIGIN_CHECK_EXEMPT.has(pathname)) return true;
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== 'null') return origin === publicOrigin;
  return request.headers.get('sec-fetch-site') === 'same-origin';
}
