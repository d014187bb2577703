import { describe, expect, it } from 'vitest';
import { isSameOriginOrSafe } from '../../src/server/origin-check.ts';

const ORIGIN = 'https://indsigt.egebaek.dk';
const post = (headers: Record<string, string>): Request =>
  new Request(`${ORIGIN}/x`, { method: 'POST', headers });

describe('the origin check', () => {
  it('lets reading requests through', () => {
    expect(isSameOriginOrSafe(new Request(`${ORIGIN}/mine-sager`), '/mine-sager', ORIGIN)).toBe(true);
  });

  it('accepts a form posted from the portal itself', () => {
    expect(isSameOriginOrSafe(post({ origin: ORIGIN }), '/log-ud', ORIGIN)).toBe(true);
    expect(isSameOriginOrSafe(post({ 'sec-fetch-site': 'same-origin' }), '/log-ud', ORIGIN)).toBe(true);
    // What Chromium sends for our own form under Referrer-Policy: no-referrer.
    expect(
      isSameOriginOrSafe(post({ origin: 'null', 'sec-fetch-site': 'same-origin' }), '/log-ud', ORIGIN),
    ).toBe(true);
  });

  it('refuses a post from another site, or with no sign of where it came from', () => {
    expect(isSameOriginOrSafe(post({ origin: 'https://evil.example' }), '/log-ud', ORIGIN)).toBe(false);
    expect(isSameOriginOrSafe(post({ origin: 'null' }), '/log-ud', ORIGIN)).toBe(false);
    expect(
      isSameOriginOrSafe(post({ origin: 'null', 'sec-fetch-site': 'cross-site' }), '/log-ud', ORIGIN),
    ).toBe(false);
    expect(
      isSameOriginOrSafe(
        post({ origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }),
        '/log-ud',
        ORIGIN,
      ),
    ).toBe(false);
    expect(isSameOriginOrSafe(post({ 'sec-fetch-site': 'cross-site' }), '/log-ud', ORIGIN)).toBe(false);
    expect(isSameOriginOrSafe(post({}), '/mine-sager/anmod', ORIGIN)).toBe(false);
  });

  it('lets the IdP’s back-channel logout through, but nothing else without an origin', () => {
    expect(isSameOriginOrSafe(post({}), '/auth/backchannel-logout', ORIGIN)).toBe(true);
    expect(isSameOriginOrSafe(post({}), '/auth/backchannel-logout/other', ORIGIN)).toBe(false);
  });
});
