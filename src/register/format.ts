/** Dates and counts as the register shows them, in the reader's language. Pure. */
import { formatLongDate, formatNumber as formatLocaleNumber, isoDateInDenmark } from '../i18n/format.ts';
import type { Locale } from '../i18n/locales.ts';

/** "1. februar 2026" / "1 February 2026"; an ISO date is read as that calendar day. */
export function formatDate(value: string | Date, locale: Locale): string {
  const date = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T12:00:00Z`) : value;
  return formatLongDate(date, locale);
}

/** A number with the language's digit grouping: 12.345 / 12,345. */
export function formatNumber(value: number, locale: Locale): string {
  return formatLocaleNumber(value, locale);
}

/** Today's date in Denmark, as an ISO date. */
export function todayInDenmark(now: Date = new Date()): string {
  return isoDateInDenmark(now);
}
