/**
 * What every endpoint (a `.ts` route under src/pages) shares: a request with a method the endpoint
 * does not serve is answered 405 in JSON with an `Allow` header (RFC 9110 §15.5.6), not Astro's empty
 * 404. Each endpoint exports `ALL = methodNotAllowed([...its methods])`; a test holds every endpoint
 * to it (tests/unit/endpoints.test.ts).
 */
import type { APIRoute } from 'astro';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The `ALL` handler of an endpoint that serves `methods` (HEAD is allowed wherever GET is). */
export function methodNotAllowed(methods: readonly HttpMethod[]): APIRoute {
  const allowed = methods.includes('GET') ? [...methods, 'HEAD'] : [...methods];
  const allow = allowed.join(', ');
  return () =>
    Response.json(
      { error: 'method_not_allowed', message: `use ${allow}` },
      { status: 405, headers: { Allow: allow, 'Cache-Control': 'no-store' } },
    );
}
