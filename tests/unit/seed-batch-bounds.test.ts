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

  it('start and end with a small batch, so neither side waits long for the other', () => {
    const sizes = batchBounds(20_000, 2000).map(([from, to]) => to - from);
    expect(sizes[0]).toBe(250);
    expect(sizes.at(-1)).toBe(250);
    expect(sizes.slice(1, -2).every((size) => size === 2000)).toBe(true);
  });
});
