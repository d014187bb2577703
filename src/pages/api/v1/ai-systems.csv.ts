/**
 * Open data: the AI register as CSV (UTF-8 with BOM, RFC 4180), one record per system. `?sep=semicolon`
 * gives the `;`-separated variant Danish Excel opens in columns with a double click.
 */
import type { APIRoute } from 'astro';
import { getConfig } from '../../../config.ts';
import { aiSystemsCsv, csvSeparatorFrom } from '../../../register/open-data.ts';
import { loadAiSystemsExport } from '../../../register/public-pages.ts';
import { getStore } from '../../../server/store.ts';
import { methodNotAllowed } from '../../../server/endpoint.ts';

export const GET: APIRoute = async ({ url }) => {
  const separator = csvSeparatorFrom(url.searchParams);
  if (separator === null) {
    return Response.json(
      { error: 'bad_separator', message: 'sep must be comma or semicolon' },
      { status: 400, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  const data = await loadAiSystemsExport(await getStore(), getConfig().publicBaseUrl);
  if (!data) return new Response(null, { status: 404 });
  const filename = separator === ';' ? 'ai-systemer-semikolon.csv' : 'ai-systemer.csv';
  return new Response(aiSystemsCsv(data, separator), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Access-Control-Allow-Origin': '*',
    },
  });
};

export const ALL = methodNotAllowed(['GET']);
