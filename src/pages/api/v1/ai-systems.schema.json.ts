/** The JSON Schema of the open-data export, generated from its zod schema. */
import type { APIRoute } from 'astro';
import { getConfig } from '../../../config.ts';
import { aiSystemsJsonSchema } from '../../../register/open-data.ts';
import { methodNotAllowed } from '../../../server/endpoint.ts';

export const GET: APIRoute = () =>
  new Response(JSON.stringify(aiSystemsJsonSchema(getConfig().publicBaseUrl), null, 2), {
    headers: {
      'Content-Type': 'application/schema+json; charset=utf-8',
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'public, max-age=3600',
    },
  });

export const ALL = methodNotAllowed(['GET']);
