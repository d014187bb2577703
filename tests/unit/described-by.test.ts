import { describe, expect, it } from 'vitest';
import { describedBy } from '../../src/components/form/described-by.ts';

describe('describedBy', () => {
  it('names the hint and the error a field has, after the ids given first', () => {
    expect(describedBy('f-name', { hint: true, error: true })).toBe('f-name-hint f-name-error');
    expect(describedBy('f-name', { error: true }, 'f-owner-hint')).toBe('f-owner-hint f-name-error');
    expect(describedBy('f-name', { hint: true })).toBe('f-name-hint');
  });

  it('is absent when there is nothing to describe the field by', () => {
    expect(describedBy('f-name', {})).toBeUndefined();
    expect(describedBy('f-name', { hint: false, error: false })).toBeUndefined();
  });
});
