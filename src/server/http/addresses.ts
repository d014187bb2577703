/**
 * Request targets the portal cannot decode (issue 10, "Failing safe"). A bad %-escape never reaches
 * the adapter's bare "Bad request." (or a 500 further in, when a rewrite decodes the path again): the
 * front server renders the translated 400 page /ugyldig-adresse in its place.
 */

/** Where an undecodable address is rendered (the English page under /en). */
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

/** The page that answers an undecodable `target`, in the language its path asks for. */
export function badAddressPage(target: string): string {
  return target.startsWith('/en/') || target === '/en' ? `/en${BAD_ADDRESS_PATH}` : BAD_ADDRESS_PATH;
}

/**
 * Where an address with a trailing slash lives (issue 12: `/x/` -> `/x`, 301), with its query string;
 * undefined when the address is already canonical. `/` and `/en/` are the front pages and keep theirs.
 * The result is always a path on this site: leading slashes are collapsed and backslashes escaped,
 * so `//evil.example/` or `/\evil.example/` cannot redirect to another host.
 */
export function trailingSlashRedirect(target: string): string | undefined {
  const query = target.indexOf('?');
  const path = query === -1 ? target : target.slice(0, query);
  if (path === '/' || path === '/en/' || !path.endsWith('/')) return undefined;
  const trimmed = path.replace(/\/+$/, '').replace(/^\/+/, '/').replace(/\\/g, '%5C');
  const canonical = trimmed === '' ? '/' : trimmed === '/en' ? '/en/' : trimmed;
  return canonical + (query === -1 ? '' : target.slice(query));
}
