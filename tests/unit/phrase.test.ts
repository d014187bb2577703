// A translated sentence with store texts in it is cut into parts, so a Danish value on an English
// page can be marked lang="da" (src/i18n/phrase.ts).
import { describe, expect, it } from 'vitest';
import { localText } from '../../src/i18n/local-text.ts';
import { hasUntranslated, phraseParts, placeholder } from '../../src/i18n/phrase.ts';

describe('phraseParts', () => {
  it('marks a Danish-only title in an English sentence, and keeps plain values plain', () => {
    const values = { title: localText('en', 'Opfølgning på sygedagpenge', null), number: 'SDP-1' };
    const rendered = `About the case ${placeholder('title')} (${placeholder('number')})`;
    expect(phraseParts(rendered, values)).toEqual([
      { text: 'About the case ' },
      { text: 'Opfølgning på sygedagpenge', lang: 'da' },
      { text: ' (SDP-1)' },
    ]);
    expect(hasUntranslated(values)).toBe(true);
  });

  it('shows the English text where the store has one, with nothing to note', () => {
    const values = { title: localText('en', 'Opfølgning på sygedagpenge', 'Follow-up on sickness benefit') };
    expect(phraseParts(`About ${placeholder('title')}`, values)).toEqual([
      { text: 'About ' },
      { text: 'Follow-up on sickness benefit', lang: 'en' },
    ]);
    expect(hasUntranslated(values)).toBe(false);
  });

  it('leaves a sentence without values whole', () => {
    expect(phraseParts('Nothing to fill in', {})).toEqual([{ text: 'Nothing to fill in' }]);
  });
});
