/** The JSON Schema of one system's UK ATRS record, generated from its zod schema (also in docs/schemas/). */
import type { APIRoute } from 'astro';
import { getConfig } from '../../../config.ts';
import { standardJsonSchema } from '../../../register/standards.ts';
import { methodNotAllowed } from '../../../server/endpoint.ts';

export const GET: APIRoute = () =>
  new Response(JSON.stringify(standardJsonSchema('atrs', getConfig().publicBaseUrl), null, 2), {
    headers: {
      'Content-Type': 'application/schema+json; charset=utf-8',
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'public, max-age=3600',
    },
  });

export const ALL = methodNotAllowed(['GET']);
