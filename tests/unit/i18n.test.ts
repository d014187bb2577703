import { describe, expect, it } from 'vitest';
import { localeFromPath, localizedPath, stripLocale } from '../../src/i18n/locales.ts';
import { flattenKeys, getTranslator, NAMESPACES, RESOURCES } from '../../src/i18n/translations.ts';

describe('languages', () => {
  it('has the same translation files and the same keys in Danish and English', () => {
    expect(Object.keys(RESOURCES.en).sort()).toEqual(Object.keys(RESOURCES.da).sort());
    for (const ns of NAMESPACES) {
      expect(flattenKeys(RESOURCES.en[ns] ?? {}).sort(), ns).toEqual(
        flattenKeys(RESOURCES.da[ns] ?? {}).sort(),
      );
    }
  });

  it('has no empty texts', () => {
    for (const locale of ['da', 'en'] as const) {
      const t = getTranslator(locale);
      for (const ns of NAMESPACES) {
        for (const key of flattenKeys(RESOURCES[locale][ns] ?? {}))
          expect(t(key, { ns }).trim(), `${ns}:${key}`).not.toBe('');
      }
    }
  });

  it('serves Danish at the root and English under /en/', () => {
    expect(localeFromPath('/')).toBe('da');
    expect(localeFromPath('/mine-sager')).toBe('da');
    expect(localeFromPath('/en/')).toBe('en');
    expect(localeFromPath('/en')).toBe('en');
    expect(localeFromPath('/enkelt')).toBe('da');
  });

  it('maps a page to the same page in the other language', () => {
    expect(localizedPath('/', 'en')).toBe('/en/');
    expect(localizedPath('/en/', 'da')).toBe('/');
    expect(localizedPath('/mine-sager/abc', 'en')).toBe('/en/mine-sager/abc');
    expect(localizedPath('/en/mine-sager/abc', 'da')).toBe('/mine-sager/abc');
    expect(stripLocale('/en/mine-sager')).toBe('/mine-sager');
  });

  it('pluralises the number of AI systems in both languages', () => {
    expect(getTranslator('da')('front.systemsInUse', { count: 1 })).toBe(
      'Kommunen bruger 1 AI-system lige nu.',
    );
    expect(getTranslator('en')('front.systemsInUse', { count: 4 })).toBe(
      'The municipality uses 4 AI systems right now.',
    );
  });
});
