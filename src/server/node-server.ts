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
 * Whether a request target's path decodes: every %-escape is two hex digits forming UTF-8, at every
 * level, and decoding yields no NUL or other control character. Checked per segment.
 */
export function isDecodablePath(target: string): boolean {
  const path = target.split(/[?#]/, 1)[0] ?? '';
  try {
    for (const segment of path.split('/')) {
      // The router decodes a path, and a rewrite (/en/...) decodes it again: every level of an
      // escaped escape ("%25zz", "%2525zz") must decode too, and none may yield a control character.
      let text = segment;
      for (let level = 0; level < 4 && text.includes('%'); level += 1) {
        text = decodeURIComponent(text);
        if (/[\u0000-\u001f\u007f]/.test(text)) return false;
      }
      if (text.includes('%') && /%(?![0-9a-f]{2})/i.test(text)) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** The server: security headers on every response, undecodable addresses to the 400 page. */
export function createPortalServer(handler: NodeHandler, headers: Readonly<Record<string, string>>): Server {
  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const target = req.url ?? '/';
    if (!isDecodablePath(target)) {
      // Rendered by Astro like any page (translated, with the site's frame); it answers 400.
      req.url = target.startsWith('/en/') || target === '/en' ? `/en${BAD_ADDRESS_PATH}` : BAD_ADDRESS_PATH;
      req.method = 'GET';
    }
    void handler(req, res);
  });
  // Longer than a load balancer's idle timeout (commonly 60 s), so the proxy, not us, closes idle
  // kept-alive connections and never sends a request on one we are closing.
  server.keepAliveTimeout = 65_000;
  return server;
}
