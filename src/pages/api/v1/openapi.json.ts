/** GET /api/v1/openapi.json: the OpenAPI 3.1 document of the portal's API (src/server/openapi.ts). */
import type { APIRoute } from 'astro';
import { openApiDocument } from '../../../server/openapi.ts';
import { methodNotAllowed } from '../../../server/endpoint.ts';

export const GET: APIRoute = () =>
  Response.json(openApiDocument(), { headers: { 'Cache-Control': 'public, max-age=300' } });

export const ALL = methodNotAllowed(['GET']);
