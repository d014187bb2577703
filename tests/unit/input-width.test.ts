import { describe, expect, it } from 'vitest';
import { inputWidthClass } from '../../src/components/form/input-width.ts';

describe('inputWidthClass', () => {
  it("names DKFDS's width classes: a width in rem, or room for so many characters", () => {
    expect(inputWidthClass('m')).toBe('input-width-m');
    expect(inputWidthClass('xxs')).toBe('input-width-xxs');
    expect(inputWidthClass('char-11')).toBe('input-char-11');
  });

  it('is absent for the default width', () => {
    expect(inputWidthClass(undefined)).toBeUndefined();
  });
});
