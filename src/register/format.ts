/** Dates and counts as the register shows them, in the reader's language. Pure. */
import type { Locale } from '../i18n/locales.ts';

const LOCALE_TAG: Record<Locale, string> = { da: 'da-DK', en: 'en-GB' };

// Formatters are made once (creating one costs far more than using it; issue 15).
const DATE: Record<Locale, Intl.DateTimeFormat> = {
  da: new Intl.DateTimeFormat(LOCALE_TAG.da, { dateStyle: 'long', timeZone: 'Europe/Copenhagen' }),
  en: new Intl.DateTimeFormat(LOCALE_TAG.en, { dateStyle: 'long', timeZone: 'Europe/Copenhagen' }),
};
const NUMBER: Record<Locale, Intl.NumberFormat> = {
  da: new Intl.NumberFormat(LOCALE_TAG.da),
  en: new Intl.NumberFormat(LOCALE_TAG.en),
};
const ISO_DAY_IN_DENMARK = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' });

/** "1. februar 2026" / "1 February 2026"; an ISO date is read as that calendar day. */
export function formatDate(value: string | Date, locale: Locale): string {
  const date = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T12:00:00Z`) : value;
  return DATE[locale].format(date);
}

/** A number with the language's digit grouping: 12.345 / 12,345. */
export function formatNumber(value: number, locale: Locale): string {
  return NUMBER[locale].format(value);
}

/** Today's date in Denmark, as an ISO date. */
export function todayInDenmark(now: Date = new Date()): string {
  return ISO_DAY_IN_DENMARK.format(now);
}
