/** Open data: the open numbers on citizens' requests per municipality (src/register/open-numbers.ts). */
import type { APIRoute } from 'astro';
import { getCachedRequestStatistics } from '../../../register/open-numbers.ts';
import { getStore } from '../../../server/store.ts';
import { openJson } from '../../../register/open-data-routes.ts';
import { methodNotAllowed } from '../../../server/endpoint.ts';

export const GET: APIRoute = async () =>
  openJson(await getCachedRequestStatistics(await getStore()), { maxAgeSeconds: 300 });

export const ALL = methodNotAllowed(['GET']);
