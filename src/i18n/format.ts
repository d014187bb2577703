/** Dates and times as a Danish public service writes them, in Danish or English, Danish time. */
import type { Locale } from './locales.ts';

const TIME_ZONE = 'Europe/Copenhagen';
const TAG: Record<Locale, string> = { da: 'da-DK', en: 'en-GB' };

// Made once per language: an Intl.DateTimeFormat costs far more to create than to use (loading
// locale data, resolving options), and a case page formats dozens of dates (issue 15's profile).
const DATE_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  da: dateFormat('da'),
  en: dateFormat('en'),
};
const DATE_TIME_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  da: dateTimeFormat('da'),
  en: dateTimeFormat('en'),
};

function dateFormat(locale: Locale): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(TAG[locale], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: TIME_ZONE,
  });
}

function dateTimeFormat(locale: Locale): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(TAG[locale], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: TIME_ZONE,
  });
}

/** "2. marts 2026" / "2 March 2026". */
export function formatDate(value: Date | string, locale: Locale): string {
  const date = typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : value;
  return DATE_FORMATS[locale].format(date);
}

/** "2. marts 2026 kl. 09.15" / "2 March 2026, 09:15". */
export function formatDateTime(value: Date, locale: Locale): string {
  return DATE_TIME_FORMATS[locale].format(value);
}
