/** /.well-known/security.txt (RFC 9116; src/site/security-txt.ts), Contact from SECURITY_CONTACT. */
import type { APIRoute } from 'astro';
import { getConfig } from '../../config.ts';
import { methodNotAllowed } from '../../server/endpoint.ts';
import { securityTxt } from '../../site/security-txt.ts';

export const GET: APIRoute = () => {
  const config = getConfig();
  const text = securityTxt({
    contacts: config.securityContacts,
    baseUrl: config.publicBaseUrl,
    now: new Date(),
  });
  return new Response(text, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
};

export const ALL = methodNotAllowed(['GET']);
