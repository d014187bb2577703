/**
 * The built static files (dist/client: hashed CSS and scripts under /_astro/, the favicon), read
 * into memory once at start with their compressed variants. Serving them needs no filesystem call
 * per request (the adapter's static handler stat()ed the disk for every request, pages included).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { buildRepresentation, type Representation } from './representation.ts';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/**
 * Every file under `clientDir` by its URL path. Hashed build output (`/_astro/`) is cached for a
 * year as immutable; other files for an hour. Dotfiles are left out except under /.well-known/.
 */
export async function loadStaticFiles(clientDir: string): Promise<Map<string, Representation>> {
  const files = new Map<string, Representation>();
  let exists = false;
  try {
    exists = statSync(clientDir).isDirectory();
  } catch {
    exists = false;
  }
  if (!exists) return files;
  for (const path of walk(clientDir)) {
    const urlPath = `/${relative(clientDir, path).split(sep).join('/')}`;
    if (/\/\./.test(urlPath) && !urlPath.startsWith('/.well-known/')) continue;
    const immutable = urlPath.startsWith('/_astro/');
    const headers = {
      'content-type': TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
      'x-content-type-options': 'nosniff',
    };
    files.set(
      urlPath,
      await buildRepresentation(200, headers, readFileSync(path), undefined, statSync(path).mtime),
    );
  }
  return files;
}
