/**
 * One i18next instance per language, created once from locales/{da,en}/*.json: each file is a
 * namespace (`common.json` is the default one). The files are validated with zod when loaded, so a
 * broken translation fails at start, not on a page.
 */
import { readdirSync, readFileSync } from 'node:fs';
import i18next, { type TFunction } from 'i18next';
import { z } from 'zod';
import { LOCALES, type Locale } from './locales.ts';

type Messages = { [key: string]: string | Messages };
const messagesSchema: z.ZodType<Messages> = z.lazy(() =>
  z.record(z.string(), z.union([z.string(), messagesSchema])),
);

/**
 * The translation files by path. Under Vite (the built server, astro dev, vitest) `import.meta.glob`
 * bundles them; plain Node runs this module too (scripts/serve.ts starts the Digital Post worker,
 * whose AI-use notices are composed in both languages: src/ai-notices/compose.ts), and there
 * `import.meta.env` and `import.meta.glob` do not exist, so the files are read from disk.
 */
function readLocaleFiles(): Record<string, unknown> {
  const dir = new URL('../../locales/', import.meta.url);
  const files: Record<string, unknown> = {};
  for (const locale of readdirSync(dir)) {
    for (const name of readdirSync(new URL(`${locale}/`, dir)).filter((f) => f.endsWith('.json'))) {
      files[`../../locales/${locale}/${name}`] = JSON.parse(
        readFileSync(new URL(`${locale}/${name}`, dir), 'utf8'),
      ) as unknown;
    }
  }
  return files;
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined outside Vite
const files: Record<string, unknown> = import.meta.env
  ? import.meta.glob<unknown>('../../locales/*/*.json', { eager: true, import: 'default' })
  : readLocaleFiles();

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
