import { describe, expect, it } from 'vitest';
import { staleWhileRevalidate } from '../../src/server/stale-while-revalidate.ts';

/** A computation whose answers the test hands out one by one. */
function controlled(): {
  compute: (key: object, now: Date) => Promise<string>;
  calls: () => number;
  resolve: (value: string) => void;
  reject: () => void;
} {
  const pending: { resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  return {
    compute: () =>
      new Promise<string>((resolve, reject) => {
        pending.push({ resolve, reject });
      }),
    calls: () => pending.length,
    resolve: (value) => {
      pending.at(-1)?.resolve(value);
    },
    reject: () => {
      pending.at(-1)?.reject(new Error('statement timeout'));
    },
  };
}

const at = (ms: number): Date => new Date(ms);
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('a slow value served stale while it is revalidated', () => {
  const options = { freshMs: 1000, maxStaleMs: 10_000 };

  it('computes once while fresh, for every caller alike', async () => {
    const c = controlled();
    const get = staleWhileRevalidate(c.compute, options);
    const store = {};
    const first = get(store, at(0));
    const second = get(store, at(10));
    c.resolve('v1');
    expect(await first).toBe('v1');
    expect(await second).toBe('v1');
    expect(await get(store, at(999))).toBe('v1');
    expect(c.calls()).toBe(1);
  });

  it('serves the last value at once when it is stale, and the new one after the refresh', async () => {
    const c = controlled();
    const get = staleWhileRevalidate(c.compute, options);
    const store = {};
    const first = get(store, at(0));
    c.resolve('v1');
    await first;
    expect(await get(store, at(2000))).toBe('v1'); // stale: served while one refresh starts
    expect(await get(store, at(2001))).toBe('v1');
    expect(c.calls()).toBe(2); // one refresh, not one per request
    c.resolve('v2');
    await settle();
    expect(await get(store, at(2002))).toBe('v2');
  });

  it('keeps the last good value when a refresh fails, and tries again on the next request', async () => {
    const c = controlled();
    const get = staleWhileRevalidate(c.compute, options);
    const store = {};
    const first = get(store, at(0));
    c.resolve('v1');
    await first;
    expect(await get(store, at(2000))).toBe('v1');
    c.reject();
    await settle();
    expect(await get(store, at(3000))).toBe('v1');
    expect(c.calls()).toBe(3);
  });

  it('does not serve a value older than maxStaleMs: the caller waits for a new one', async () => {
    const c = controlled();
    const get = staleWhileRevalidate(c.compute, options);
    const store = {};
    const first = get(store, at(0));
    c.resolve('v1');
    await first;
    const late = get(store, at(10_000));
    c.resolve('v2');
    expect(await late).toBe('v2');
  });

  it('never keeps a failed first computation', async () => {
    const c = controlled();
    const get = staleWhileRevalidate(c.compute, options);
    const store = {};
    const first = get(store, at(0));
    c.reject();
    await expect(first).rejects.toThrow('statement timeout');
    await settle();
    const again = get(store, at(1));
    expect(c.calls()).toBe(2);
    c.resolve('v1');
    expect(await again).toBe('v1');
  });

  it('keeps one value per store', async () => {
    const c = controlled();
    const get = staleWhileRevalidate(c.compute, options);
    const a = get({}, at(0));
    c.resolve('a');
    const b = get({}, at(0));
    c.resolve('b');
    expect([await a, await b]).toEqual(['a', 'b']);
  });
});
