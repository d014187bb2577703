import { describe, expect, it } from 'vitest';
import {
  addCalendarMonths,
  checkExtension,
  copenhagenDate,
  daysLeft,
  isOverdue,
  latestExtendedDeadline,
  requestDeadline,
} from '../../src/domain/request-deadline.ts';

/** Noon in Copenhagen on a date (11:00 or 10:00 UTC), far from any day boundary. */
const noon = (date: string): Date => new Date(`${date}T10:00:00Z`);

describe('the deadline of a citizen request (GDPR art. 12(3))', () => {
  it('is one calendar month after the day of receipt', () => {
    expect(requestDeadline(noon('2026-11-23'))).toBe('2026-12-23');
    expect(requestDeadline(noon('2026-03-30'))).toBe('2026-04-30');
    expect(requestDeadline(noon('2026-12-15'))).toBe('2027-01-15');
  });

  it('is the last day of a shorter month: 31 January gives 28 February, or 29 in a leap year', () => {
    expect(requestDeadline(noon('2026-01-31'))).toBe('2026-02-28');
    expect(requestDeadline(noon('2028-01-31'))).toBe('2028-02-29');
    expect(requestDeadline(noon('2028-01-29'))).toBe('2028-02-29');
    expect(requestDeadline(noon('2026-01-29'))).toBe('2026-02-28');
    expect(requestDeadline(noon('2026-03-31'))).toBe('2026-04-30');
    expect(requestDeadline(noon('2026-08-31'))).toBe('2026-09-30');
    expect(requestDeadline(noon('2100-01-31'))).toBe('2100-02-28'); // not a leap year
    expect(requestDeadline(noon('2000-01-31'))).toBe('2000-02-29');
  });

  it('from 29 February runs to 29 March', () => {
    expect(requestDeadline(noon('2028-02-29'))).toBe('2028-03-29');
  });

  it('counts from the Danish date: late evening UTC is already the next day in Copenhagen', () => {
    // 23:30 UTC on 31 January is 00:30 on 1 February in Copenhagen (CET, UTC+1).
    expect(copenhagenDate(new Date('2026-01-31T23:30:00Z'))).toBe('2026-02-01');
    expect(requestDeadline(new Date('2026-01-31T23:30:00Z'))).toBe('2026-03-01');
    // 22:30 UTC on 30 June is 00:30 on 1 July in summer time (CEST, UTC+2).
    expect(requestDeadline(new Date('2026-06-30T22:30:00Z'))).toBe('2026-08-01');
    // 21:59 UTC on 30 June is still 30 June in Copenhagen.
    expect(requestDeadline(new Date('2026-06-30T21:59:00Z'))).toBe('2026-07-30');
  });

  it('is not moved by a change to or from summer time between receipt and deadline', () => {
    // Summer time starts 29 March 2026 and ends 25 October 2026.
    expect(requestDeadline(new Date('2026-03-05T23:30:00Z'))).toBe('2026-04-06');
    expect(requestDeadline(new Date('2026-10-24T22:30:00Z'))).toBe('2026-11-25');
    expect(requestDeadline(new Date('2026-10-24T21:30:00Z'))).toBe('2026-11-24');
    // The night the clocks go back: 00:30 UTC on 25 October is 02:30 CEST, the same day.
    expect(copenhagenDate(new Date('2026-10-25T00:30:00Z'))).toBe('2026-10-25');
  });

  it('counts a request received on a weekend or a holiday from that day', () => {
    // Saturday 26 December 2026 (2nd Christmas Day).
    expect(requestDeadline(noon('2026-12-26'))).toBe('2027-01-26');
    // Sunday 22 November 2026.
    expect(requestDeadline(noon('2026-11-22'))).toBe('2026-12-22');
  });

  it('may be extended by at most two further months, once', () => {
    const received = noon('2026-01-31');
    expect(latestExtendedDeadline(received)).toBe('2026-04-30');
    expect(checkExtension(received, '2026-02-28', '2026-04-30', false)).toEqual({ ok: true });
    expect(checkExtension(received, '2026-02-28', '2026-05-01', false)).toEqual({
      ok: false,
      error: 'too_late',
    });
    expect(checkExtension(received, '2026-02-28', '2026-02-28', false)).toEqual({
      ok: false,
      error: 'not_later',
    });
    expect(checkExtension(received, '2026-02-28', '2026-03-31', true)).toEqual({
      ok: false,
      error: 'already_extended',
    });
    expect(latestExtendedDeadline(noon('2027-11-30'))).toBe('2028-02-29');
  });

  it('adds months across years', () => {
    expect(addCalendarMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addCalendarMonths('2026-12-31', 2)).toBe('2027-02-28');
  });

  it('counts days left in Danish dates, with the deadline day itself still in time', () => {
    expect(daysLeft('2026-12-23', noon('2026-12-20'))).toBe(3);
    expect(daysLeft('2026-12-23', new Date('2026-12-23T22:59:00Z'))).toBe(0);
    expect(isOverdue('2026-12-23', new Date('2026-12-23T22:59:00Z'))).toBe(false);
    // 23:00 UTC on 23 December is midnight in Copenhagen: the deadline has passed.
    expect(isOverdue('2026-12-23', new Date('2026-12-23T23:00:00Z'))).toBe(true);
    expect(daysLeft('2026-12-23', noon('2026-12-30'))).toBe(-7);
  });
});
