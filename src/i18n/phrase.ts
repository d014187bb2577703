/**
 * A translated sentence with texts from the audit store in it (issue 12, "English complete"):
 * "About the case {{title}}" on an English page where the case system sent the title in Danish
 * only. The sentence is English; the title is Danish and must be marked `lang="da"`, so the
 * sentence is cut into parts around the texts put into it. Pure: no Astro, no i18next.
 */
import type { Locale } from './locales.ts';
import type { LocalText } from './local-text.ts';

/** One piece of a sentence: the translation's own words (no lang), or a value in its own language. */
export interface PhrasePart {
  readonly text: string;
  /** Set for a value put into the sentence: the language it is in. */
  readonly lang?: Locale;
}

const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKER = new RegExp(`${OPEN}([A-Za-z0-9_]+)${CLOSE}`, 'g');

/** What to pass to the translator in place of the value named `name`: found again by phraseParts. */
export function placeholder(name: string): string {
  return `${OPEN}${name}${CLOSE}`;
}

/**
 * Cuts `rendered` (a translation rendered with `placeholder(name)` for each value) into parts: the
 * translation's words, and each value with its language. A value that is a plain string (a number,
 * a date, a case number) is shown as it is, without a language of its own.
 */
export function phraseParts(
  rendered: string,
  values: Readonly<Record<string, LocalText | string>>,
): PhrasePart[] {
  const parts: PhrasePart[] = [];
  let last = 0;
  for (const match of rendered.matchAll(MARKER)) {
    if (match.index > last) parts.push({ text: rendered.slice(last, match.index) });
    const name = match[1] ?? '';
    const value = values[name];
    if (typeof value === 'string') parts.push({ text: value });
    else if (value) parts.push({ text: value.text, lang: value.lang });
    last = match.index + match[0].length;
  }
  if (last < rendered.length) parts.push({ text: rendered.slice(last) });
  // Neighbouring plain parts are one text.
  return parts.reduce<PhrasePart[]>((out, part) => {
    const previous = out[out.length - 1];
    if (previous && previous.lang === undefined && part.lang === undefined)
      out[out.length - 1] = { text: previous.text + part.text };
    else out.push(part);
    return out;
  }, []);
}

/** Whether any value in the sentence had to be shown in Danish on a page in `locale`. */
export function hasUntranslated(values: Readonly<Record<string, LocalText | string>>): boolean {
  return Object.values(values).some((v) => typeof v !== 'string' && v.untranslated);
}
