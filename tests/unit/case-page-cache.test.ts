/** The store of rendered case pages (src/cases/page-cache.ts): exact versions, bounded, never a partial answer. */
import { describe, expect, it } from 'vitest';
import { CasePageCache } from '../../src/cases/page-cache.ts';

const page = (body: string, init: ResponseInit = {}): Response =>
  new Response(body, { status: 200, headers: { 'content-type': 'text/html' }, ...init });

describe('the case page cache', () => {
  it('serves a kept page, body, status and headers alike, only for the exact version it was made for', async () => {
    const cache = new CasePageCache({ maxEntries: 10, maxBytes: 1000, maxAgeMs: 60_000 });
    const key = { slot: 'case|da|cpr|', version: 'v1' };
    expect(cache.get(key)).toBeUndefined();
    const sent = await cache.keep(key, page('<p>hej</p>'));
    expect(await sent.text()).toBe('<p>hej</p>');
    const copy = cache.get(key)!;
    expect(copy.status).toBe(200);
    expect(copy.headers.get('content-type')).toBe('text/html');
    expect(await copy.text()).toBe('<p>hej</p>');
    expect(await cache.get(key)!.text()).toBe('<p>hej</p>'); // a copy's body is not used up
    expect(cache.get({ ...key, version: 'v2' })).toBeUndefined();
    // A look-up of another version forgets the old one: the slot is free for the new page.
    expect(cache.get(key)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it('keeps no error, redirect or page that sets a cookie', async () => {
    const cache = new CasePageCache({ maxEntries: 10, maxBytes: 1000, maxAgeMs: 60_000 });
    const key = { slot: 's', version: 'v' };
    await cache.keep(key, page('x', { status: 404 }));
    await cache.keep(key, new Response(null, { status: 303, headers: { location: '/' } }));
    await cache.keep(key, page('x', { headers: { 'set-cookie': 'a=b' } }));
    expect(cache.size).toBe(0);
    expect(cache.get(key)).toBeUndefined();
  });

  it('is bounded in copies, bytes and age, least recently used first', async () => {
    const cache = new CasePageCache({ maxEntries: 2, maxBytes: 10, maxAgeMs: 1000 });
    const key = (slot: string) => ({ slot, version: 'v' });
    await cache.keep(key('a'), page('aaaa'), 0);
    await cache.keep(key('b'), page('bbbb'), 0);
    expect(cache.get(key('a'), 1)).toBeDefined(); // a is now the most recently used
    await cache.keep(key('c'), page('cccc'), 0);
    expect(cache.size).toBe(2);
    expect(cache.get(key('b'), 1)).toBeUndefined();
    await cache.keep(key('d'), page('dddddddd'), 0); // 8 bytes: a and c must go to fit 10
    expect(cache.bytes).toBeLessThanOrEqual(10);
    expect(cache.get(key('d'), 1)).toBeDefined();
    expect(cache.get(key('d'), 1000)).toBeUndefined(); // too old
    await cache.keep(key('e'), page('x'.repeat(11)), 0); // larger than the whole budget: sent, not kept
    expect(cache.get(key('e'), 1)).toBeUndefined();
  });
});
