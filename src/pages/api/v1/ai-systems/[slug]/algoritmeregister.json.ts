/** Open data: one AI system's notice as a Dutch Algoritmeregister record (src/register/standards.ts). */
import type { APIRoute } from 'astro';
import { getConfig } from '../../../../../config.ts';
import { loadStandardRecord } from '../../../../../register/public-pages.ts';
import { getStore } from '../../../../../server/store.ts';
import { methodNotAllowed } from '../../../../../server/endpoint.ts';

export const GET: APIRoute = async ({ params }) => {
  const record = await loadStandardRecord(
    await getStore(),
    getConfig().publicBaseUrl,
    params.slug ?? '',
    'algoritmeregister',
  );
  if (!record) return Response.json({ error: 'not_found' }, { status: 404 });
  return new Response(JSON.stringify(record, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Access-Control-Allow-Origin': '*',
    },
  });
};

export const ALL = methodNotAllowed(['GET']);
