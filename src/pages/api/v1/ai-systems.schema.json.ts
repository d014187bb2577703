/** The JSON Schema of the open-data export, generated from its zod schema. */
import type { APIRoute } from 'astro';
import { getConfig } from '../../../config.ts';
import { aiSystemsJsonSchema } from '../../../register/open-data.ts';
import { openJson } from '../../../register/open-data-routes.ts';
import { methodNotAllowed } from '../../../server/endpoint.ts';

export const GET: APIRoute = () =>
  openJson(aiSystemsJsonSchema(getConfig().publicBaseUrl), { schema: true, maxAgeSeconds: 3600 });

export const ALL = methodNotAllowed(['GET']);
