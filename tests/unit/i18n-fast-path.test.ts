// The fast path in front of i18next (src/i18n/translations.ts, issue 15) must answer exactly what
// i18next answers: every key of every namespace in both languages, with its placeholders filled,
// with counts, with values missing, and with keys that do not exist.
import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../src/i18n/locales.ts';
import {
  fastTranslator,
  flattenKeys,
  getTranslator,
  MAX_REMEMBERED_KEYS,
  NAMESPACES,
  RESOURCES,
} from '../../src/i18n/translations.ts';

function i18nextAlone(locale: Locale): TFunction {
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: false,
    supportedLngs: [...LOCALES],
    ns: NAMESPACES,
    defaultNS: 'common',
    resources: RESOURCES,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance.t;
}

const call = (t: TFunction, key: string, options?: Record<string, unknown>): unknown =>
  (t as unknown as (k: string, o?: Record<string, unknown>) => unknown)(key, options);

describe.each(LOCALES)('the fast translator in %s', (locale) => {
  const slow = i18nextAlone(locale);
  const fast = fastTranslator(locale, slow);

  it('answers as i18next for every key, with and without its values', () => {
    let compared = 0;
    for (const ns of NAMESPACES) {
      for (const fullKey of flattenKeys(RESOURCES[locale][ns] ?? {})) {
        const key = fullKey.replace(/_(one|other|zero)$/, '');
        const names = [...JSON.stringify(RESOURCES[locale][ns]).matchAll(/\{\{\s*-?\s*(\w+)\s*\}\}/g)].map(
          (m) => m[1] ?? '',
        );
        const values = Object.fromEntries(names.map((n, i) => [n, i % 2 === 0 ? `v<${n}>` : i]));
        for (const options of [
          { ns },
          { ns, ...values },
          { ns, ...values, count: 1 },
          { ns, ...values, count: 7 },
          { ns, ...values, count: 0 },
          { ns, defaultValue: '' },
          { ns, ...values, name: null },
        ]) {
          expect(call(fast, key, options), `${ns}:${key} ${JSON.stringify(options)}`).toEqual(
            call(slow, key, options),
          );
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('answers as i18next for keys and namespaces that do not exist, and odd calls', () => {
    for (const [key, options] of [
      ['no.such.key', undefined],
      ['no.such.key', { defaultValue: 'fallback' }],
      ['site', undefined], // an object, not a string
      ['site.name', { ns: 'nope' }],
      ['common:site.name', undefined],
      ['site.name', { lng: locale === 'da' ? 'en' : 'da' }],
      ['\u0000'.repeat(100), undefined],
    ] as const)
      expect(call(fast, key, options), key).toEqual(call(slow, key, options));
  });

  it('answers found strings itself, without i18next', () => {
    let delegated = 0;
    const counting = ((key: string, options?: Record<string, unknown>) => {
      delegated += 1;
      return call(slow, key, options);
    }) as unknown as TFunction;
    const t = fastTranslator(locale, counting);
    expect(call(t, 'site.name')).toBe(call(slow, 'site.name'));
    expect(call(t, 'front.title', { municipality: 'Egebæk' })).toContain('Egebæk');
    expect(call(t, 'front.systemsInUse', { count: 3 })).toBe(call(slow, 'front.systemsInUse', { count: 3 }));
    expect(delegated).toBe(0);
    call(t, 'no.such.key');
    expect(delegated).toBe(1);
  });

  it('remembers a bounded number of keys, however many codes the stored data brings', () => {
    const remembered = new Map<string, string | null>();
    const t = fastTranslator(locale, slow, remembered);
    for (let i = 0; i < MAX_REMEMBERED_KEYS * 2; i++) call(t, `purposes.code-${String(i)}`, { ns: 'cases' });
    expect(remembered.size).toBeLessThanOrEqual(MAX_REMEMBERED_KEYS);
    // Still right after forgetting: a known key is looked up again.
    expect(call(t, 'site.name')).toBe(call(slow, 'site.name'));
  });

  it('is the translator pages get', () => {
    expect(call(getTranslator(locale), 'site.name')).toBe(call(slow, 'site.name'));
  });
});
