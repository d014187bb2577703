/**
 * Texts from the audit store in the page's language: the store keeps Danish and, where the case
 * system sent one, an English text next to it (issue 12). On an English page without an English
 * text the Danish one is shown, marked lang="da" so screen readers pronounce it right, and flagged
 * so the page can say that the case system sent it in Danish only.
 */
import type { Locale } from './locales.ts';

export interface LocalText {
  readonly text: string;
  /** The language the text is in. */
  readonly lang: Locale;
  /** True when the page's language was wanted but only Danish was there. */
  readonly untranslated: boolean;
}

/** The text to show on a page in `locale`, from the Danish text and an optional English one. */
export function localText(locale: Locale, da: string, en: string | null | undefined): LocalText {
  if (locale === 'en') {
    if (en !== null && en !== undefined && en.trim() !== '')
      return { text: en, lang: 'en', untranslated: false };
    return { text: da, lang: 'da', untranslated: true };
  }
  return { text: da, lang: 'da', untranslated: false };
}

/**
 * Formatters by language and digits, built once: a new Intl.NumberFormat per number was 8% of a case
 * page's CPU (issue 15), and each one holds ICU memory outside the heap until it is collected. The
 * keys are few (two languages times the handful of digit settings the pages use).
 */
const numberFormats = new Map<string, Intl.NumberFormat>();

/** The shared formatter for a language and digit setting (exported for the reuse test). */
export function numberFormatFor(locale: Locale, digits: number, minimumDigits: number): Intl.NumberFormat {
  const key = `${locale}|${String(digits)}|${String(minimumDigits)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale === 'da' ? 'da-DK' : 'en-GB', {
      minimumFractionDigits: minimumDigits,
      maximumFractionDigits: digits,
      signDisplay: 'auto',
    });
    numberFormats.set(key, format);
  }
  return format;
}

/** A number with the locale's decimal sign ("0,71" / "0.71") and a real minus sign. */
export function formatNumber(value: number, locale: Locale, digits = 2, minimumDigits = 0): string {
  return numberFormatFor(locale, digits, minimumDigits).format(value).replace('-', '−');
}
