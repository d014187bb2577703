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

/** Options that change how i18next resolves a key; a call with any of them goes to i18next itself. */
const RESOLUTION_OPTIONS = new Set([
  'lng',
  'lngs',
  'fallbackLng',
  'context',
  'ordinal',
  'returnObjects',
  'returnDetails',
  'joinArrays',
  'postProcess',
  'interpolation',
  'replace',
  'keySeparator',
  'nsSeparator',
  'skipInterpolation',
]);
/** Most keys the fast path remembers per language (the locale files hold about two thousand). */
export const MAX_REMEMBERED_KEYS = 5000;
const PLACEHOLDER = /\{\{\s*(-?)\s*([\w.]+)\s*\}\}/g;

/**
 * A faster path in front of i18next's `t` for the calls the pages make (issue 15: i18next took 15%
 * of a case page): a string found directly under its namespace and key (with the plural suffix for
 * `count`), its `{{placeholders}}` filled from the options. Anything else — a missing key, a
 * missing or non-scalar value, `_zero`, an option that changes resolution — goes to i18next, so the
 * answers are i18next's own; a unit test compares both for every key in both languages.
 */
export function fastTranslator(
  locale: Locale,
  slow: TFunction,
  found: Map<string, string | null> = new Map(),
): TFunction {
  const plural = new Intl.PluralRules(locale === 'da' ? 'da-DK' : 'en-GB');
  const lookup = (ns: string, key: string): string | null => {
    const cacheKey = `${ns}\u0000${key}`;
    let message = found.get(cacheKey);
    if (message === undefined) {
      let node: string | Messages | undefined = RESOURCES[locale][ns];
      for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
      message = typeof node === 'string' ? node : null;
      // Keys are built from stored data too (`purposes.${code}`, `categories.${name}`): a store with
      // ever new codes must not grow this map for the life of the process (issue 15's soak).
      if (found.size >= MAX_REMEMBERED_KEYS) found.clear();
      found.set(cacheKey, message);
    }
    return message;
  };
  const fast = (key: unknown, options?: unknown): string | undefined => {
    if (typeof key !== 'string' || key.includes(':')) return undefined;
    if (options !== undefined && (typeof options !== 'object' || options === null)) return undefined;
    const o = (options ?? {}) as Record<string, unknown>;
    for (const name in o) if (RESOLUTION_OPTIONS.has(name)) return undefined;
    const ns = o['ns'] ?? 'common';
    if (typeof ns !== 'string') return undefined;
    let message: string | null;
    if ('count' in o) {
      const count = o['count'];
      if (typeof count !== 'number' || count === 0) return undefined; // i18next tries `_zero` first
      message = lookup(ns, `${key}_${plural.select(count)}`);
    } else message = lookup(ns, key);
    if (message === null) return undefined;
    if (!message.includes('{{')) return message;
    const state = { complete: true };
    const text = message.replace(PLACEHOLDER, (_match, _unescaped: string, name: string) => {
      const value = name.includes('.') ? undefined : o[name];
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      state.complete = false;
      return '';
    });
    return state.complete ? text : undefined;
  };
  const t = (key: unknown, options?: unknown): unknown =>
    fast(key, options) ?? (slow as unknown as (k: unknown, o?: unknown) => unknown)(key, options);
  return t as unknown as TFunction;
}

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
    t = fastTranslator(locale, instance.t);
    translators.set(locale, t);
  }
  return t;
}
