/** Dates and counts as the register shows them, in the reader's language. Pure. */
import type { Locale } from '../i18n/locales.ts';

const LOCALE_TAG: Record<Locale, string> = { da: 'da-DK', en: 'en-GB' };

/** "1. februar 2026" / "1 February 2026"; an ISO date is read as that calendar day. */
export function formatDate(value: string | Date, locale: Locale): string {
  const date = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T12:00:00Z`) : value;
  return new Intl.DateTimeFormat(LOCALE_TAG[locale], {
    dateStyle: 'long',
    timeZone: 'Europe/Copenhagen',
  }).format(date);
}

/** A number with the language's digit grouping: 12.345 / 12,345. */
export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(LOCALE_TAG[locale]).format(value);
}

/** Today's date in Denmark, as an ISO date. */
export function todayInDenmark(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(now);
}
