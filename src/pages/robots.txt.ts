/** robots.txt (src/site/robots.ts): everything public may be crawled; the login addresses may not. */
import type { APIRoute } from 'astro';
import { getConfig } from '../config.ts';
import { methodNotAllowed } from '../server/endpoint.ts';
import { robotsTxt } from '../site/robots.ts';

export const GET: APIRoute = () =>
  new Response(robotsTxt(getConfig().publicBaseUrl), {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });

export const ALL = methodNotAllowed(['GET']);
