// The front server around a stand-in for the Astro handler that writes the way the adapter does
// (writeHead, write, end): compression, the public page cache and its bypass for sessions, and a
// page that fails mid-render answered with a 500 instead of a cut connection; the security headers
// on every response it sends, and an undecodable address rendered as the 400 page.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFrontHandler,
  type AccessLine,
  type AstroHandler,
} from '../../src/server/http/front-server.ts';
import { PublicPageCache } from '../../src/server/http/public-cache.ts';
import { buildRepresentation, type Representation } from '../../src/server/http/representation.ts';
import { reportRoutePattern } from '../../src/server/route-report.ts';
import { securityHeaders } from '../../src/server/security-headers.ts';

const page = `<!doctype html><p>${'Indsigt viser, hvordan AI blev brugt. '.repeat(100)}</p>`;
let server: http.Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

const SECURITY = securityHeaders(false, ['http://localhost:4602']);

function expectSecurityHeaders(headers: http.IncomingHttpHeaders, what: string): void {
  for (const [name, value] of Object.entries(SECURITY))
    expect(headers[name.toLowerCase()], `${name} on ${what}`).toBe(value);
}

async function serve(
  handler: AstroHandler,
  options: { staticFiles?: ReadonlyMap<string, Representation>; metricsToken?: string } = {},
): Promise<{ base: string; renders: () => number; inFlight: () => number; lines: AccessLine[] }> {
  const lines: AccessLine[] = [];
  let renders = 0;
  const counted: AstroHandler = (req, res, next) => {
    renders += 1;
    return handler(req, res, next);
  };
  const front = createFrontHandler({
    handler: counted,
    staticFiles: options.staticFiles ?? new Map(),
    publicCache: new PublicPageCache({
      maxEntries: 10,
      maxAgeMs: 60_000,
      checkEveryMs: 1000,
      readVersion: () => Promise.resolve(1),
    }),
    sessionCookie: 'indsigt_session',
    metricsToken: options.metricsToken,
    securityHeaders: SECURITY,
    accessLog: (line) => lines.push(line),
  });
  server = http.createServer(front);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${String(port)}`,
    renders: () => renders,
    inFlight: front.inFlight,
    lines,
  };
}

/** Writes like the adapter's writeResponse: head, body chunks, end. */
const astroLike =
  (cacheControl: string): AstroHandler =>
  (_req: IncomingMessage, res: ServerResponse) => {
    // As the middleware does inside Astro's render (src/middleware.ts).
    reportRoutePattern('/mine-sager/[id]');
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
  it('writes one access line per request with the route pattern, never the path or query', async () => {
    const { base, lines } = await serve(astroLike('no-store'));
    await rawGet(`${base}/mine-sager/4f20fc00?cpr=0101600006`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: 'GET', route: '/mine-sager/[id]', status: 200 });
    expect(lines[0]?.durationMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(lines)).not.toMatch(/4f20fc00|0101600006|\?/);
  });

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

  it('sends the security headers on pages, cached copies, 304s, static files, /metrics and errors', async () => {
    const css = await buildRepresentation(
      200,
      { 'content-type': 'text/css', 'cache-control': 'public, max-age=31536000, immutable' },
      Buffer.from('p{color:red}'),
    );
    const { base } = await serve(astroLike('public, max-age=60'), {
      staticFiles: new Map([['/_astro/site.css', css]]),
      metricsToken: 'secret',
    });
    const page = await rawGet(`${base}/ai-systemer`);
    expectSecurityHeaders(page.headers, 'a rendered page');
    const copy = await rawGet(`${base}/ai-systemer`);
    expectSecurityHeaders(copy.headers, 'a cached copy');
    const notModified = await rawGet(`${base}/ai-systemer`, {
      'if-none-match': String(copy.headers['etag']),
    });
    expect(notModified.status).toBe(304);
    expectSecurityHeaders(notModified.headers, 'a 304');
    const file = await rawGet(`${base}/_astro/site.css`);
    expect(file.body.toString()).toBe('p{color:red}');
    expectSecurityHeaders(file.headers, 'a static file');
    const fileNotModified = await rawGet(`${base}/_astro/site.css`, { 'if-none-match': css.etag });
    expect(fileNotModified.status).toBe(304);
    expectSecurityHeaders(fileNotModified.headers, 'a static 304');
    const refused = await rawGet(`${base}/metrics`);
    expect(refused.status).toBe(401);
    expectSecurityHeaders(refused.headers, 'a refused /metrics');
    const metrics = await rawGet(`${base}/metrics`, { authorization: 'Bearer secret' });
    expect(metrics.status).toBe(200);
    expectSecurityHeaders(metrics.headers, '/metrics');
  });

  it('sends the security headers on a 500 from a page that fails mid-render', async () => {
    const failing: AstroHandler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('Internal server error', () => {
        res.destroy(new Error('render failed'));
      });
      return Promise.resolve();
    };
    const { base } = await serve(failing);
    const answer = await rawGet(`${base}/ai-systemer`);
    expect(answer.status).toBe(500);
    expectSecurityHeaders(answer.headers, 'a 500');
  });

  it('renders an undecodable address as the 400 page, as a GET, in the language of its path', async () => {
    const seen: { url: string | undefined; method: string | undefined }[] = [];
    const badAddress: AstroHandler = (req, res) => {
      seen.push({ url: req.url, method: req.method });
      res.writeHead(400, { 'content-type': 'text/html', 'cache-control': 'no-store' });
      res.end('<!doctype html><h1>Adressen er forkert</h1>');
      return Promise.resolve();
    };
    const { base } = await serve(badAddress);
    for (const path of ['/%zz', '/a%00b', '/mine-sager/%E0%A4%A']) {
      const answer = await rawGet(`${base}${path}`);
      expect(answer.status, path).toBe(400);
      expectSecurityHeaders(answer.headers, path);
    }
    await rawGet(`${base}/en/%25zz`);
    await rawGet(`${base}/en/medarbejder/ai-systemer/%2525zz`);
    await new Promise<void>((resolve, reject) => {
      const post = http.request(`${base}/en/%25zz`, { method: 'POST' }, (res) => {
        expect(res.statusCode).toBe(400);
        res.resume().on('end', resolve);
      });
      post.on('error', reject).end('a=b');
    });
    expect(seen).toEqual([
      { url: '/ugyldig-adresse', method: 'GET' },
      { url: '/ugyldig-adresse', method: 'GET' },
      { url: '/ugyldig-adresse', method: 'GET' },
      { url: '/en/ugyldig-adresse', method: 'GET' },
      { url: '/en/ugyldig-adresse', method: 'GET' },
      { url: '/en/ugyldig-adresse', method: 'GET' },
    ]);
  });

  it('redirects /x/ to /x with 301, keeping the query, before any render or cached copy', async () => {
    const { base, renders } = await serve(astroLike('public, max-age=60'));
    const list = await rawGet(`${base}/ai-systemer/?area=cash_benefit&q=risiko`);
    expect(list.status).toBe(301);
    expect(list.headers['location']).toBe('/ai-systemer?area=cash_benefit&q=risiko');
    expectSecurityHeaders(list.headers, 'a redirect');
    expect((await rawGet(`${base}/en/om/`)).headers['location']).toBe('/en/om');
    expect(renders()).toBe(0);
    for (const front of ['/', '/en/']) expect((await rawGet(`${base}${front}`)).status).toBe(200);
    expect(renders()).toBe(2);
  });
});
