/** The register's open-data routes: one answer shape for every JSON document anyone may fetch. */
import type { APIRoute } from 'astro';
import { getConfig } from '../config.ts';
import { getStore } from '../server/store.ts';
import { loadStandardRecord } from './public-pages.ts';

/** How an open JSON document is described: a JSON Schema or data, and how long caches may keep it. */
export interface OpenJsonOptions {
  readonly schema?: boolean;
  readonly maxAgeSeconds?: number;
}

/** Pretty JSON that any site may fetch (open data carries no personal data). */
export function openJson(body: unknown, options: OpenJsonOptions = {}): Response {
  const headers: Record<string, string> = {
    'Content-Type': `${options.schema ? 'application/schema+json' : 'application/json'}; charset=utf-8`,
    'Access-Control-Allow-Origin': '*',
  };
  if (options.maxAgeSeconds !== undefined)
    headers['Cache-Control'] = `public, max-age=${String(options.maxAgeSeconds)}`;
  return new Response(JSON.stringify(body, null, 2), { headers });
}

/** GET of one system's notice shaped as the UK ATRS or the Dutch Algoritmeregister record. */
export function standardRecordRoute(kind: 'atrs' | 'algoritmeregister'): APIRoute {
  return async ({ params }) => {
    const record = await loadStandardRecord(
      await getStore(),
      getConfig().publicBaseUrl,
      params.slug ?? '',
      kind,
    );
    if (!record) return Response.json({ error: 'not_found' }, { status: 404 });
    return openJson(record);
  };
}
