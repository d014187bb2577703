// The front server around a stand-in for the Astro handler that writes the way the adapter does
// (writeHead, write, end): compression, the public page cache and its bypass for sessions, and a
// page that fails mid-render answered with a 500 instead of a cut connection.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFrontHandler,
  type AstroHandler,
  type FrontLocals,
} from '../../src/server/http/front-server.ts';
import { PublicPageCache } from '../../src/server/http/public-cache.ts';

const page = `<!doctype html><p>${'Indsigt viser, hvordan AI blev brugt. '.repeat(100)}</p>`;
let server: http.Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

async function serve(
  handler: AstroHandler,
): Promise<{ base: string; renders: () => number; inFlight: () => number }> {
  let renders = 0;
  const counted: AstroHandler = (req, res, next, locals) => {
    renders += 1;
    return handler(req, res, next, locals);
  };
  const front = createFrontHandler({
    handler: counted,
    staticFiles: new Map(),
    publicCache: new PublicPageCache({
      maxEntries: 10,
      maxAgeMs: 60_000,
      checkEveryMs: 1000,
      readVersion: () => Promise.resolve(1),
    }),
    sessionCookie: 'indsigt_session',
    metricsToken: undefined,
  });
  server = http.createServer(front);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${String(port)}`, renders: () => renders, inFlight: front.inFlight };
}

/** Writes like the adapter's writeResponse: head, body chunks, end. */
const astroLike =
  (cacheControl: string): AstroHandler =>
  (_req: IncomingMessage, res: ServerResponse, _next, locals) => {
    (locals as FrontLocals).routePattern = '/ai-systemer';
    res.writeHead(200, { 'content-type': 'text/html', 'cache-control': cacheControl });
    res.write(Buffer.from(page.slice(0, 100)));
    res.write(page.slice(100));
    res.end();
    return Promise.resolve();
  };

function rawGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      })
      .on('error', reject);
  });
}

describe('the front server', () => {
  it('compresses a private page with brotli, and never keeps it', async () => {
    const { base, renders } = await serve(astroLike('no-store'));
    const first = await rawGet(`${base}/mine-sager/x`, { 'accept-encoding': 'gzip, br' });
    expect(first.headers['content-encoding']).toBe('br');
    expect(first.headers['vary']).toMatch(/Accept-Encoding/);
    expect(brotliDecompressSync(first.body).toString()).toBe(page);
    await rawGet(`${base}/mine-sager/x`);
    expect(renders()).toBe(2);
  });

  it('renders a public page once, serves copies with ETag and 304, and renders again for a session', async () => {
    const { base, renders } = await serve(astroLike('public, max-age=60'));
    const first = await rawGet(`${base}/ai-systemer`, { 'accept-encoding': 'br' });
    const second = await rawGet(`${base}/ai-systemer`);
    expect(second.body.toString()).toBe(page);
    expect(second.headers['etag']).toBe(String(first.headers['etag']).replace('-br"', '"'));
    const notModified = await rawGet(`${base}/ai-systemer`, {
      'if-none-match': String(first.headers['etag']),
    });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
    expect(renders()).toBe(1);
    await rawGet(`${base}/ai-systemer`, { cookie: 'indsigt_session=abc' });
    expect(renders()).toBe(2);
  });

  it('answers a page that fails mid-render with 500 and keeps nothing in flight', async () => {
    const failing: AstroHandler = (_req, res) => {
      // The adapter's writeResponse when the page's stream throws.
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<!doctype html><p>half');
      res.write('Internal server error', () => {
        res.destroy(new Error('render failed'));
      });
      return Promise.resolve();
    };
    const { base, inFlight } = await serve(failing);
    const answer = await rawGet(`${base}/ai-systemer`);
    expect(answer.status).toBe(500);
    expect(answer.body.toString()).not.toContain('half');
    expect(inFlight()).toBe(0);
  });
});
