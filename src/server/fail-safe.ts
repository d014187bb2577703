/**
 * How the portal answers when it cannot do what was asked: a JSON route gets a JSON error, a page
 * gets a translated page. Shared by the middleware and the endpoints (issue 10, failing safe).
 */

/** Routes that answer JSON (or another machine format) rather than HTML. */
export function isJsonRoute(pathname: string): boolean {
  return /^\/(en\/)?(api\/|\.well-known\/|readyz$|healthz$)/.test(pathname) || /\.(json|csv)$/.test(pathname);
}

/** 503 for a JSON route while the audit store is down; nothing about the store itself. */
export function storeUnavailableJson(): Response {
  return Response.json(
    { error: 'store_unavailable', message: 'the audit store could not be reached; try again shortly' },
    { status: 503, headers: { 'Cache-Control': 'no-store', 'Retry-After': '5' } },
  );
}

/** 400 for a JSON body with a NUL or other control character in it. */
export function controlCharactersJson(): Response {
  return Response.json(
    { error: 'control_characters', message: 'the body holds a NUL or other control character' },
    { status: 400, headers: { 'Cache-Control': 'no-store' } },
  );
}
