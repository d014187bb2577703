/** Readiness: the audit store answers. 503 otherwise, so a load balancer stops sending traffic here. */
import type { APIRoute } from 'astro';
import { pingStore } from '../db/municipality.ts';
import { getStore } from '../server/store.ts';
import { methodNotAllowed } from '../server/endpoint.ts';

export const GET: APIRoute = async () => {
  const ready = await getStore()
    .then(pingStore)
    .catch(() => false);
  return Response.json(
    { status: ready ? 'ready' : 'unavailable' },
    { status: ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
};

export const ALL = methodNotAllowed(['GET']);
