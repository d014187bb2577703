/** Open data: the AI register as CSV (UTF-8, RFC 4180), one record per system. */
import type { APIRoute } from 'astro';
import { getConfig } from '../../../config.ts';
import { aiSystemsCsv } from '../../../register/open-data.ts';
import { loadAiSystemsExport } from '../../../register/public-pages.ts';
import { getStore } from '../../../server/store.ts';
import { methodNotAllowed } from '../../../server/endpoint.ts';

export const GET: APIRoute = async () => {
  const data = await loadAiSystemsExport(await getStore(), getConfig().publicBaseUrl);
  if (!data) return new Response(null, { status: 404 });
  return new Response(aiSystemsCsv(data), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': 'attachment; filename="ai-systemer.csv"',
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'public, max-age=300',
    },
  });
};

export const ALL = methodNotAllowed(['GET']);
