import { describe, expect, it } from 'vitest';
import { lix } from '../../src/domain/readability.ts';
import { flattenKeys, getTranslator, RESOURCES } from '../../src/i18n/translations.ts';

/** The translation files a citizen reads, letters included (staff and publisher texts are not held to this). */
const CITIZEN_NAMESPACES = [
  'common',
  'auth',
  'cases',
  'requests',
  'seal',
  'digital-post',
  'open-numbers',
  'explanation',
];

describe('readability (LIX)', () => {
  it('computes the index the usual way', () => {
    // 9 words, 2 sentences, 2 long words ("Kommunen", "afgørelse"): 9/2 + 2*100/9 = 26.7.
    expect(lix(['Vi har fået din sag. Kommunen sender en afgørelse.'])).toEqual({
      lix: 26.7,
      words: 9,
      sentences: 2,
      longWords: 2,
    });
    expect(lix(['Kort og godt.']).lix).toBe(3);
    expect(lix(['Sagsbehandleren vurderede arbejdsevnen grundigt.']).lix).toBeGreaterThan(60);
  });

  it.each(CITIZEN_NAMESPACES)('keeps the Danish texts in %s at LIX 40 or below', (ns) => {
    const messages = RESOURCES.da[ns];
    expect(messages, `locales/da/${ns}.json`).toBeDefined();
    const t = getTranslator('da');
    const texts = flattenKeys(messages ?? {}).map((key) => t(key, { ns, count: 2 }));
    const result = lix(texts);
    expect(result.lix, JSON.stringify(result)).toBeLessThanOrEqual(40);
  });
});
