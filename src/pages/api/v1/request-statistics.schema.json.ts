/** The JSON Schema of /api/v1/request-statistics, generated from its zod schema. */
import type { APIRoute } from 'astro';
import { requestStatisticsJsonSchema } from '../../../register/open-numbers.ts';
import { methodNotAllowed } from '../../../server/endpoint.ts';

export const GET: APIRoute = () =>
  new Response(JSON.stringify(requestStatisticsJsonSchema(), null, 2), {
    headers: {
      'Content-Type': 'application/schema+json; charset=utf-8',
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'public, max-age=3600',
    },
  });

export const ALL = methodNotAllowed(['GET']);
