import type { APIContext, APIRoute } from 'astro';
import { describe, expect, it } from 'vitest';

// Every endpoint (a .ts route); pages (.astro) answer every method with HTML themselves.
const endpoints = import.meta.glob<Record<string, unknown>>(
  ['../../src/pages/**/*.ts', '../../src/pages/.well-known/*.ts'],
  { eager: true },
);
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

describe('every endpoint', () => {
  it('is found by this test', () => {
    expect(Object.keys(endpoints).length).toBeGreaterThanOrEqual(13);
  });

  it.each(Object.entries(endpoints))(
    '%s answers a method it does not serve with 405 JSON and an Allow header',
    async (_path, mod) => {
      const served = METHODS.filter((m) => typeof mod[m] === 'function');
      expect(served.length).toBeGreaterThan(0);
      const all = mod['ALL'] as APIRoute | undefined;
      expect(typeof all).toBe('function');
      const unserved = METHODS.filter((m) => !served.includes(m));
      for (const method of unserved) {
        const response = await all!({ request: new Request('http://x/', { method }) } as APIContext);
        expect(response.status).toBe(405);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        const allow = (response.headers.get('allow') ?? '').split(', ');
        for (const m of served) expect(allow).toContain(m);
        expect(allow).not.toContain(method);
        expect(await response.json()).toMatchObject({ error: 'method_not_allowed' });
      }
    },
  );
});
