// The front server's pure parts: content negotiation, representations with ETag/304, the public
// page cache's invalidation, and which pages are public (issue 15, issue 12's web conventions).
import type { IncomingMessage } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { hasCookie } from '../../src/server/http/front-server.ts';
import { isCompressible, negotiateEncoding } from '../../src/server/http/encoding.ts';
import { PublicPageCache } from '../../src/server/http/public-cache.ts';
import { buildRepresentation, isNotModified, mergeVary } from '../../src/server/http/representation.ts';
import { cacheControlFor, isPublicPath } from '../../src/server/public-pages.ts';

const request = (headers: Record<string, string>): IncomingMessage =>
  ({ headers }) as unknown as IncomingMessage;
const html = Buffer.from(`<!doctype html><p>${'Egebæk Kommune bruger AI. '.repeat(200)}</p>`);

describe('Accept-Encoding', () => {
  it('prefers brotli, then gzip, and honours q=0', () => {
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateEncoding('gzip, deflate')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('*, br;q=0')).toBe('gzip');
    expect(negotiateEncoding('identity')).toBe('identity');
    expect(negotiateEncoding(undefined)).toBe('identity');
    expect(negotiateEncoding('br;q=zero, gzip;q=0')).toBe('identity');
    expect(negotiateEncoding('\u0000'.repeat(10_000))).toBe('identity');
  });

  it('compresses HTML, CSS, JSON, CSV and SVG, not images', () => {
    for (const type of [
      'text/html; charset=utf-8',
      'text/css',
      'application/json; charset=utf-8',
      'application/schema+json',
      'text/csv; charset=utf-8; header=present',
      'image/svg+xml',
    ])
      expect(isCompressible(type), type).toBe(true);
    for (const type of ['image/png', 'application/pdf', 'application/octet-stream', undefined])
      expect(isCompressible(type), String(type)).toBe(false);
  });
});

describe('a representation computed once', () => {
  it('holds the body in brotli and gzip that decompress to the same bytes', async () => {
    const rep = await buildRepresentation(200, { 'content-type': 'text/html; charset=utf-8' }, html);
    expect(rep.br && brotliDecompressSync(rep.br).equals(html)).toBe(true);
    expect(rep.gzip && gunzipSync(rep.gzip).equals(html)).toBe(true);
    expect(rep.br?.length).toBeLessThan(html.length / 5);
  });

  it('answers 304 to its own ETag in any encoding, and to a later If-Modified-Since', async () => {
    const rep = await buildRepresentation(200, { 'content-type': 'text/html' }, html);
    const brTag = `${rep.etag.slice(0, -1)}-br"`;
    expect(isNotModified(request({ 'if-none-match': rep.etag }), rep)).toBe(true);
    expect(isNotModified(request({ 'if-none-match': `"x", W/${brTag}` }), rep)).toBe(true);
    expect(isNotModified(request({ 'if-none-match': '"another"' }), rep)).toBe(false);
    const later = new Date(rep.lastModified.getTime() + 1000).toUTCString();
    const earlier = new Date(rep.lastModified.getTime() - 1000).toUTCString();
    expect(isNotModified(request({ 'if-modified-since': later }), rep)).toBe(true);
    expect(isNotModified(request({ 'if-modified-since': earlier }), rep)).toBe(false);
    expect(isNotModified(request({ 'if-modified-since': 'not a date' }), rep)).toBe(false);
    // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
    expect(isNotModified(request({ 'if-none-match': '"another"', 'if-modified-since': later }), rep)).toBe(
      false,
    );
  });

  it('keeps Last-Modified when a re-render changed nothing, and drops per-response headers', async () => {
    const first = await buildRepresentation(
      200,
      { 'content-type': 'text/html' },
      html,
      undefined,
      new Date('2026-01-01'),
    );
    const same = await buildRepresentation(
      200,
      { 'content-type': 'text/html', 'content-length': '3' },
      html,
      first,
    );
    const changed = await buildRepresentation(
      200,
      { 'content-type': 'text/html' },
      Buffer.from('other'),
      first,
    );
    expect(same.lastModified).toEqual(first.lastModified);
    expect(same.headers['content-length']).toBeUndefined();
    expect(changed.lastModified.getTime()).toBeGreaterThan(first.lastModified.getTime());
    expect(changed.br).toBeUndefined(); // too small to be worth it
  });

  it('merges Vary without repeating a field', () => {
    expect(mergeVary(undefined, 'Accept-Encoding')).toBe('Accept-Encoding');
    expect(mergeVary('Cookie, accept-encoding', 'Accept-Encoding')).toBe('Cookie, accept-encoding');
    expect(mergeVary(['Cookie'], 'Accept-Encoding')).toBe('Cookie, Accept-Encoding');
  });
});

describe('the public page cache', () => {
  const make = (versions: (number | null)[]) => {
    let reads = 0;
    const cache = new PublicPageCache({
      maxEntries: 2,
      maxAgeMs: 60_000,
      checkEveryMs: 1000,
      readVersion: () => Promise.resolve(versions[Math.min(reads++, versions.length - 1)] ?? null),
    });
    return { cache, reads: () => reads };
  };

  it('keeps a page until the store data version changes, reading the version at most once a second', async () => {
    const { cache, reads } = make([1, 1, 2]);
    const rep = await buildRepresentation(200, { 'content-type': 'text/html' }, html);
    await cache.refresh(0);
    expect(cache.set('/', rep, '/', cache.ticket(), 0)).toBe(true);
    await cache.refresh(500); // within the second: no read
    expect(reads()).toBe(1);
    expect(cache.get('/', 500)?.rep).toBe(rep);
    await cache.refresh(Date.now() + 1500); // same version
    expect(cache.get('/', 600)?.rep).toBe(rep);
    await cache.refresh(Date.now() + 3000); // version 2: another instance published
    expect(cache.get('/', 700)).toBeUndefined();
  });

  it('does not store a render that began before an invalidation', async () => {
    const { cache } = make([1]);
    const rep = await buildRepresentation(200, { 'content-type': 'text/html' }, html);
    const ticket = cache.ticket();
    cache.invalidate(); // a publish in this process while the page was rendering
    expect(cache.set('/ai-systemer', rep, '/ai-systemer', ticket)).toBe(false);
    expect(cache.get('/ai-systemer')).toBeUndefined();
  });

  it('expires copies after max-age, keeps at most maxEntries, and survives an unreadable version', async () => {
    const { cache } = make([null]);
    const rep = await buildRepresentation(200, { 'content-type': 'text/html' }, html);
    await cache.refresh(0);
    cache.set('/a', rep, '/', cache.ticket(), 0);
    cache.set('/b', rep, '/', cache.ticket(), 0);
    cache.set('/c', rep, '/', cache.ticket(), 0);
    expect(cache.size).toBe(2);
    expect(cache.get('/a', 1)).toBeUndefined();
    expect(cache.get('/c', 59_999)).toBeDefined();
    expect(cache.get('/c', 60_000)).toBeUndefined();
    expect(cache.previous('/c')).toBe(rep);
  });
});

describe('which pages are public', () => {
  it('is the front page, the register, its notices and the open data, nothing personal', () => {
    for (const path of [
      '/',
      '/ai-systemer',
      '/ai-systemer/sygefravaersrisiko',
      '/ai-systemer/sygefravaersrisiko/versioner/1',
      '/api/v1/ai-systems',
      '/api/v1/ai-systems.csv',
    ])
      expect(isPublicPath(path), path).toBe(true);
    for (const path of [
      '/mine-sager',
      '/mine-sager/x',
      '/min-log',
      '/medarbejder',
      '/medarbejder/ai-systemer',
      '/log-ind',
      '/api/v1/ingest',
      '/ai-systemer/a/b',
      '/ai-systemer/a/versioner/0',
    ])
      expect(isPublicPath(path), path).toBe(false);
  });

  it('is public and short only for a 200 to a visitor without a session, else no-store', () => {
    const base = {
      pathname: '/ai-systemer',
      status: 200,
      loggedIn: false,
      setsCookie: false,
      maxAgeSeconds: 60,
    };
    expect(cacheControlFor(base)).toBe('public, max-age=60');
    expect(cacheControlFor({ ...base, loggedIn: true })).toBe('no-store');
    expect(cacheControlFor({ ...base, setsCookie: true })).toBe('no-store');
    expect(cacheControlFor({ ...base, status: 404 })).toBe('no-store');
    expect(cacheControlFor({ ...base, pathname: '/mine-sager' })).toBe('no-store');
  });

  it('recognises the session cookie by name only', () => {
    expect(hasCookie('a=1; indsigt_session=xyz', 'indsigt_session')).toBe(true);
    expect(hasCookie('indsigt_session_old=1; x_indsigt_session=2', 'indsigt_session')).toBe(false);
    expect(hasCookie(undefined, 'indsigt_session')).toBe(false);
  });
});
