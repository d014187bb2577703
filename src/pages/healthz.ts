/** Liveness: the process is up. */
import type { APIRoute } from 'astro';

export const GET: APIRoute = () =>
  Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
