/**
 * CPR numbers (the Danish personal identification number): format and date validation, and the
 * pseudonym that stands in for a CPR number wherever one must not appear (logs, URLs, errors).
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';

/** The century of a birth year from the 7th digit and the two-digit year (CPR-kontoret's table). */
function birthYear(yy: number, seventh: number): number | undefined {
  if (seventh <= 3) return 1900 + yy;
  if (seventh === 4 || seventh === 9) return yy <= 36 ? 2000 + yy : 1900 + yy;
  return yy <= 57 ? 2000 + yy : 1800 + yy;
}

export type CprParseResult =
  { ok: true; cpr: string; birthDate: string } | { ok: false; error: 'format' | 'date' };

/**
 * Parses a CPR number as typed by a person ("010203-1234" or "0102031234").
 * Checks the format and that the first six digits are a real date, not after `today` (nobody has a
 * number before they are born); no modulus-11 check, since numbers issued after 2007 need not pass it.
 */
export function parseCpr(input: string, today: Date = new Date()): CprParseResult {
  const compact = input.trim().replace(/[\s-]/g, '');
  return checkCpr(compact, today);
}

/** The checks on a compact ten-digit number; shared by `parseCpr` and `cprNumberSchema`. */
function checkCpr(compact: string, today: Date): CprParseResult {
  if (!/^[0-9]{10}$/.test(compact)) return { ok: false, error: 'format' };
  const day = Number(compact.slice(0, 2));
  const month = Number(compact.slice(2, 4));
  const year = birthYear(Number(compact.slice(4, 6)), Number(compact[6]));
  if (year === undefined) return { ok: false, error: 'date' };
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, error: 'date' };
  }
  // A day of leeway: a child born today east of UTC may already have a number.
  if (date.getTime() > today.getTime() + 86_400_000) return { ok: false, error: 'date' };
  return { ok: true, cpr: compact, birthDate: date.toISOString().slice(0, 10) };
}

/**
 * A CPR number as machines send it (an ID token's claim, an ingest record, a stored row): exactly
 * ten digits whose first six are a real birth date. The one schema every boundary uses, so a number
 * like 9999990000 is refused wherever it arrives.
 */
export const cprNumberSchema = z
  .string()
  .refine((value) => checkCpr(value, new Date()).ok, { message: 'not a possible CPR number' });

/** Whether the modulus-11 control holds (used by the demo generator to stay off real-looking numbers). */
export function passesModulus11(cpr: string): boolean {
  const weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(cpr[i]), 0);
  return sum % 11 === 0;
}

/** A stable pseudonym for a CPR number, for logs: HMAC with the portal's secret, shortened. */
export function cprPseudonym(cpr: string, secret: string): string {
  return `p_${createHmac('sha256', secret).update(cpr).digest('hex').slice(0, 16)}`;
}
