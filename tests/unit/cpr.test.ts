import { describe, expect, it } from 'vitest';
import { cprNumberSchema, cprPseudonym, parseCpr } from '../../src/domain/cpr.ts';
import { maskCprLike } from '../../src/server/log.ts';

describe('CPR numbers', () => {
  it('accepts a real date with or without the hyphen', () => {
    expect(parseCpr('010203-1234')).toEqual({ ok: true, cpr: '0102031234', birthDate: '1903-02-01' });
    expect(parseCpr(' 2902004321 ')).toEqual({ ok: true, cpr: '2902004321', birthDate: '2000-02-29' });
  });

  it('refuses a wrong format and a date that does not exist', () => {
    expect(parseCpr('01020-1234')).toEqual({ ok: false, error: 'format' });
    expect(parseCpr('abcdefghij')).toEqual({ ok: false, error: 'format' });
    expect(parseCpr('3102901234')).toEqual({ ok: false, error: 'date' });
    expect(parseCpr('2902011234')).toEqual({ ok: false, error: 'date' });
  });

  it('refuses a birth date after today: nobody has a number before they are born', () => {
    const today = new Date('2026-11-23T12:00:00Z');
    expect(parseCpr('0101304000', today)).toEqual({ ok: false, error: 'date' });
    expect(parseCpr('2311264000', today)).toEqual({ ok: true, cpr: '2311264000', birthDate: '2026-11-23' });
  });

  it('has one schema for a CPR number as machines send it: ten digits and a real date', () => {
    expect(cprNumberSchema.safeParse('0101600006').success).toBe(true);
    for (const impossible of [
      '9999990000',
      '0000000000',
      '3102901234',
      '0113601234',
      '010203-1234',
      '01016000',
    ]) {
      expect(cprNumberSchema.safeParse(impossible).success, impossible).toBe(false);
    }
  });

  it('has a stable pseudonym that does not contain the number', () => {
    const a = cprPseudonym('0102031234', 'x'.repeat(32));
    expect(a).toBe(cprPseudonym('0102031234', 'x'.repeat(32)));
    expect(a).not.toContain('0102031234');
    expect(a).not.toBe(cprPseudonym('0102031235', 'x'.repeat(32)));
  });

  it('is masked in anything written to the log', () => {
    expect(maskCprLike('{"cpr":"010203-1234","other":"0102031234"}')).toBe('{"cpr":"[cpr]","other":"[cpr]"}');
    expect(maskCprLike('case 12345 at 2026-03-02')).toBe('case 12345 at 2026-03-02');
  });
});
