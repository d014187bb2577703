/** Open data: the open numbers on citizens' requests per municipality (src/register/open-numbers.ts). */
import type { APIRoute } from 'astro';
import { getCachedRequestStatistics } from '../../../register/open-numbers.ts';
import { getStore } from '../../../server/store.ts';
import { methodNotAllowed } from '../../../server/endpoint.ts';

export const GET: APIRoute = async () =>
  new Response(JSON.stringify(await getCachedRequestStatistics(await getStore()), null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'public, max-age=300',
    },
  });

export const ALL = methodNotAllowed(['GET']);
