/**
 * One i18next instance per language, created once from locales/{da,en}/*.json: each file is a
 * namespace (`common.json` is the default one). The files are validated with zod when loaded, so a
 * broken translation fails at start, not on a page.
 */
import i18next, { type TFunction } from 'i18next';
import { z } from 'zod';
import { LOCALES, type Locale } from './locales.ts';

type Messages = { [key: string]: string | Messages };
const messagesSchema: z.ZodType<Messages> = z.lazy(() =>
  z.record(z.string(), z.union([z.string(), messagesSchema])),
);

const files = import.meta.glob<unknown>('../../locales/*/*.json', { eager: true, import: 'default' });

function loadResources(): Record<Locale, Record<string, Messages>> {
  const resources: Record<Locale, Record<string, Messages>> = { da: {}, en: {} };
  for (const [path, content] of Object.entries(files)) {
    const match = /locales\/(\w+)\/([\w-]+)\.json$/.exec(path);
    const locale = LOCALES.find((l) => l === match?.[1]);
    if (!locale || !match?.[2]) throw new Error(`Unexpected translation file ${path}`);
    resources[locale][match[2]] = messagesSchema.parse(content);
  }
  return resources;
}

/** Every namespace's messages per language, validated. */
export const RESOURCES = loadResources();

/** The namespaces (translation files) there are. */
export const NAMESPACES = Object.keys(RESOURCES.da);

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
      ns: NAMESPACES,
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
