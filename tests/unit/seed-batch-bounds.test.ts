import { describe, expect, it } from 'vitest';
import { batchBounds } from '../../src/db/seed.ts';

describe('the seed’s batches', () => {
  it('cover every citizen once, in order, none larger than the batch size', () => {
    for (const [citizens, batchSize] of [
      [20_000, 2000],
      [5000, 2000],
      [2260, 2000],
      [30, 10],
      [10, 2000],
      [1, 1],
    ] as const) {
      const bounds = batchBounds(citizens, batchSize);
      let next = 0;
      for (const [from, to] of bounds) {
        expect(from).toBe(next);
        expect(to).toBeGreaterThan(from);
        expect(to - from).toBeLessThanOrEqual(batchSize);
        next = to;
      }
      expect(next).toBe(citizens);
    }
  });

  it('grow from a small first batch and shrink to a small last one, so neither side waits long for the other', () => {
    const sizes = batchBounds(20_000, 2000).map(([from, to]) => to - from);
    expect(sizes.slice(0, 4)).toEqual([250, 500, 1000, 2000]);
    expect(sizes.at(-1)).toBeLessThanOrEqual(250);
    for (let i = 1; i < sizes.length; i += 1) {
      const [before, size] = [sizes[i - 1] ?? 0, sizes[i] ?? 0];
      expect(size).toBeLessThanOrEqual(before * 2);
    }
    // The end halves what is left: the batches after the last full one add up to less than two.
    const lastFull = sizes.lastIndexOf(2000);
    expect(sizes.slice(lastFull + 1).reduce((a, b) => a + b, 0)).toBeLessThan(4000);
    expect(sizes.slice(lastFull + 1).every((size, i, rest) => i === 0 || size < (rest[i - 1] ?? 0))).toBe(
      true,
    );
  });
});
