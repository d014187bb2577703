/** The JSON Schema of one system's UK ATRS record, generated from its zod schema (also in docs/schemas/). */
import type { APIRoute } from 'astro';
import { getConfig } from '../../../config.ts';
import { standardJsonSchema } from '../../../register/standards.ts';
import { openJson } from '../../../register/open-data-routes.ts';
import { methodNotAllowed } from '../../../server/endpoint.ts';

export const GET: APIRoute = () =>
  openJson(standardJsonSchema('atrs', getConfig().publicBaseUrl), { schema: true, maxAgeSeconds: 3600 });

export const ALL = methodNotAllowed(['GET']);
