/** Liveness: the process is up. */
import type { APIRoute } from 'astro';
import { methodNotAllowed } from '../server/endpoint.ts';

export const GET: APIRoute = () =>
  Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });

export const ALL = methodNotAllowed(['GET']);
