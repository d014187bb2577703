/**
 * One i18next instance per language, created once from locales/{da,en}/*.json. The files are
 * validated with zod when loaded, so a broken translation fails at start, not on a page.
 */
import i18next, { type TFunction } from 'i18next';
import { z } from 'zod';
import daCommon from '../../locales/da/common.json' with { type: 'json' };
import enCommon from '../../locales/en/common.json' with { type: 'json' };
import { LOCALES, type Locale } from './locales.ts';

type Messages = { [key: string]: string | Messages };
const messagesSchema: z.ZodType<Messages> = z.lazy(() =>
  z.record(z.string(), z.union([z.string(), messagesSchema])),
);

/** Every namespace's messages per language, validated. */
export const RESOURCES: Record<Locale, { common: Messages }> = {
  da: { common: messagesSchema.parse(daCommon) },
  en: { common: messagesSchema.parse(enCommon) },
};

/** All keys of a message tree, dotted ("front.title"). Used by the test that holds da and en equal. */
export function flattenKeys(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : flattenKeys(value, `${prefix}${key}.`),
  );
}

const translators = new Map<Locale, TFunction>();

/** The translate function for a language (created once, then reused). */
export function getTranslator(locale: Locale): TFunction {
  let t = translators.get(locale);
  if (!t) {
    const instance = i18next.createInstance();
    void instance.init({
      lng: locale,
      fallbackLng: false,
      supportedLngs: [...LOCALES],
      ns: ['common'],
      defaultNS: 'common',
      resources: RESOURCES,
      initAsync: false,
      interpolation: { escapeValue: false }, // Astro escapes on output
      returnNull: false,
    });
    t = instance.t;
    translators.set(locale, t);
  }
  return t;
}
