/** The portal's public key for private_key_jwt client authentication, for the IdP to fetch. */
import type { APIRoute } from 'astro';
import { getConfig } from '../../config.ts';
import { methodNotAllowed } from '../../server/endpoint.ts';

const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']);

export const GET: APIRoute = () => {
  const privateJwk = getConfig().clientPrivateJwk;
  const keys = privateJwk
    ? [
        Object.fromEntries(
          Object.entries(JSON.parse(privateJwk) as Record<string, unknown>).filter(
            ([k]) => !PRIVATE_MEMBERS.has(k),
          ),
        ),
      ]
    : [];
  return Response.json({ keys }, { headers: { 'Cache-Control': 'public, max-age=300' } });
};

export const ALL = methodNotAllowed(['GET']);
