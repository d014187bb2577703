/** Open data: the AI register as JSON, versioned, described by /api/v1/ai-systems.schema.json. */
import type { APIRoute } from 'astro';
import { getConfig } from '../../../config.ts';
import { loadAiSystemsExport } from '../../../register/public-pages.ts';
import { openJson } from '../../../register/open-data-routes.ts';
import { getStore } from '../../../server/store.ts';
import { methodNotAllowed } from '../../../server/endpoint.ts';

export const GET: APIRoute = async () => {
  const data = await loadAiSystemsExport(await getStore(), getConfig().publicBaseUrl);
  if (!data) return new Response(null, { status: 404 });
  return openJson(data);
};

export const ALL = methodNotAllowed(['GET']);
