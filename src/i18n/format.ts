/** Dates and times as a Danish public service writes them, in Danish or English, Danish time. */
import type { Locale } from './locales.ts';

const TIME_ZONE = 'Europe/Copenhagen';
const TAG: Record<Locale, string> = { da: 'da-DK', en: 'en-GB' };

/**
 * Each formatter is built once per language and reused. Building an Intl.DateTimeFormat with a time
 * zone allocates ICU objects outside the JavaScript heap that are freed only when the tiny wrapper is
 * collected: one per date on a 5,000-row page kept the process at 2.4 GB after the page was sent
 * (issue 10, "Failing safe"; tests/unit/format.test.ts holds the reuse).
 */
function perLocale<F>(make: (tag: string) => F): (locale: Locale) => F {
  const made = new Map<Locale, F>();
  return (locale) => {
    let formatter = made.get(locale);
    if (!formatter) {
      formatter = make(TAG[locale]);
      made.set(locale, formatter);
    }
    return formatter;
  };
}

const dateFormat = perLocale(
  (tag) =>
    new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', year: 'numeric', timeZone: TIME_ZONE }),
);
const dateTimeFormat = perLocale(
  (tag) =>
    new Intl.DateTimeFormat(tag, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: TIME_ZONE,
    }),
);
const longDateFormat = perLocale(
  (tag) => new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: TIME_ZONE }),
);
const numberFormat = perLocale((tag) => new Intl.NumberFormat(tag));
const isoDateInDenmark_ = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE });

/** "2. marts 2026" / "2 March 2026". */
export function formatDate(value: Date | string, locale: Locale): string {
  const date = typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : value;
  return dateFormat(locale).format(date);
}

/** "2. marts 2026 kl. 09.15" / "2 March 2026, 09:15". */
export function formatDateTime(value: Date, locale: Locale): string {
  return dateTimeFormat(locale).format(value);
}

/** `dateStyle: 'long'` in Danish time: "1. februar 2026" / "1 February 2026". */
export function formatLongDate(value: Date, locale: Locale): string {
  return longDateFormat(locale).format(value);
}

/** A number with the language's digit grouping: 12.345 / 12,345. */
export function formatNumber(value: number, locale: Locale): string {
  return numberFormat(locale).format(value);
}

/** Today's date in Denmark, as an ISO date. */
export function isoDateInDenmark(now: Date): string {
  return isoDateInDenmark_.format(now);
}
