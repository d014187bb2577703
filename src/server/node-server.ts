/**
 * The portal's own node:http server in front of the Astro adapter's handler, so that every response
 * carries the security headers (issue 10): pages and endpoints, the adapter's static files
 * (/_astro/*, /favicon.svg) and any answer the adapter makes itself. A request whose address cannot
 * be decoded never reaches the adapter's bare "Bad request." (or a 500 further in): it is rendered as
 * the translated 400 page /ugyldig-adresse instead.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** The adapter's request handler (`handler` exported by dist/server/entry.mjs). */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** Where an undecodable address is rendered, per language. */
export const BAD_ADDRESS_PATH = '/ugyldig-adresse';

/**
 * Whether a request target's path decodes: every %-escape is two hex digits forming UTF-8, and
 * decoding yields no NUL or other control character. Checked per segment, as the router decodes.
 */
export function isDecodablePath(target: string): boolean {
  const path = target.split(/[?#]/, 1)[0] ?? '';
  try {
    for (const segment of path.split('/')) {
      // A %-escape that decodes to another escape ("%25zz") is decoded again by the router.
      const once = decodeURIComponent(segment);
      if (/[\u0000-\u001f\u007f]/.test(once)) return false;
      if (once.includes('%')) {
        const twice = decodeURIComponent(once);
        if (/[\u0000-\u001f\u007f]/.test(twice)) return false;
      }
    }
    return true;
  } catch {
    return false;
  }
}

/** The server: security headers on every response, undecodable addresses to the 400 page. */
export function createPortalServer(handler: NodeHandler, headers: Readonly<Record<string, string>>): Server {
  return createServer((req, res) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const target = req.url ?? '/';
    if (!isDecodablePath(target)) {
      // Rendered by Astro like any page (translated, with the site's frame); it answers 400.
      req.url = target.startsWith('/en/') || target === '/en' ? `/en${BAD_ADDRESS_PATH}` : BAD_ADDRESS_PATH;
      req.method = 'GET';
    }
    void handler(req, res);
  });
}
