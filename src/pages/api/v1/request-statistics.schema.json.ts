/** The JSON Schema of /api/v1/request-statistics, generated from its zod schema. */
import type { APIRoute } from 'astro';
import { requestStatisticsJsonSchema } from '../../../register/open-numbers.ts';
import { openJson } from '../../../register/open-data-routes.ts';
import { methodNotAllowed } from '../../../server/endpoint.ts';

export const GET: APIRoute = () =>
  openJson(requestStatisticsJsonSchema(), { schema: true, maxAgeSeconds: 3600 });

export const ALL = methodNotAllowed(['GET']);
