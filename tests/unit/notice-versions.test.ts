import { describe, expect, it } from 'vitest';
import { DEMO_NOTICES } from '../../src/demo/notices.ts';
import {
  CHANGE_FIELDS,
  changedFields,
  diffContent,
  draftFromContent,
  isLegalBasisUrl,
  NOTICE_LANGUAGES,
  noticeContentSchema,
  sameValue,
  TEXT_FIELDS,
  validateDraft,
  type NoticeContent,
} from '../../src/domain/notice.ts';
import { getTranslator } from '../../src/i18n/translations.ts';
import { diffRows } from '../../src/register/version-diff.ts';

const [riskV1, riskV2] = DEMO_NOTICES['sygefravaer-risiko']!.map((v) => v.content) as [
  NoticeContent,
  NoticeContent,
];
const KNOWN_SOURCES = new Map([
  ['cpr', ['identity', 'address', 'family']],
  ['eindkomst', ['income', 'employment']],
  ['dream', ['benefit_history']],
  ['case_documents', ['case_notes', 'correspondence']],
  ['medical_certificates', ['health']],
]);

/** A different value of the same kind, whatever the field holds. */
function changed(value: unknown): unknown {
  if (typeof value === 'string') return `${value} (ændret)`;
  if (value === null) return '2027-01-01';
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  if (Array.isArray(value)) return value.length > 0 ? value.slice(1) : ['ny'];
  const record = value as Record<string, unknown>;
  const [first] = Object.keys(record);
  return first === undefined ? { ny: 'ny' } : { ...record, [first]: changed(record[first]) };
}

describe('what changed between two versions', () => {
  it('lists each changed text per language with its value before and after, and nothing else', () => {
    expect(diffContent(riskV1, riskV2)).toEqual([
      ...['useInCaseProcessing', 'humanOversight'].flatMap((field) =>
        NOTICE_LANGUAGES.map((language) => ({
          field,
          language,
          before: riskV1[language][field as 'purpose'],
          after: riskV2[language][field as 'purpose'],
        })),
      ),
    ]);
    expect(changedFields(riskV1, riskV2)).toEqual(['useInCaseProcessing', 'humanOversight']);
  });

  it('finds a change in every field of the content, including fields added to the schema later', () => {
    const schemaKeys = Object.keys(noticeContentSchema.out.shape);
    expect(Object.keys(riskV1).sort()).toEqual([...schemaKeys].sort());
    for (const field of TEXT_FIELDS)
      for (const language of NOTICE_LANGUAGES) {
        const next = {
          ...riskV1,
          [language]: { ...riskV1[language], [field]: `${riskV1[language][field]}!` },
        };
        expect(diffContent(riskV1, next), `${language}.${field}`).toEqual([
          { field, language, before: riskV1[language][field], after: next[language][field] },
        ]);
      }
    for (const key of schemaKeys.filter((k) => !(NOTICE_LANGUAGES as readonly string[]).includes(k))) {
      const next = { ...riskV1, [key]: changed(riskV1[key as keyof NoticeContent]) };
      expect(changedFields(riskV1, next), key).toEqual([key]);
      expect(CHANGE_FIELDS).toContain(key);
    }
  });

  it('does not count the order of object keys or of a set (case areas, data sources) as a change', () => {
    // A stored row comes back with its keys in the store's order.
    const reverseKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverseKeys)
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reverseKeys(v)]),
            )
          : value;
    const reordered = reverseKeys(riskV1) as NoticeContent;
    expect(Object.keys(reordered)[0]).toBe(Object.keys(riskV1).at(-1));
    const shuffled: NoticeContent = {
      ...reordered,
      dataSources: [...riskV1.dataSources]
        .reverse()
        .map((s) => ({ ...s, categories: [...s.categories].reverse() })),
      caseAreas: ['sickness_benefit'],
    };
    expect(diffContent(riskV1, shuffled)).toEqual([]);
    expect(sameValue({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue({ a: null }, {})).toBe(false);
  });

  it('has no predecessor to differ from for the first version', () => {
    expect(diffContent(null, riskV1)).toEqual([]);
  });

  it('every demo version changes something from the one before', () => {
    for (const [systemId, versions] of Object.entries(DEMO_NOTICES))
      versions.slice(1).forEach((v, i) => {
        expect(diffContent(versions[i]!.content, v.content).length, systemId).toBeGreaterThan(0);
      });
  });
});

describe('the diff as a reader sees it', () => {
  it('labels a text by field and language and shows dates in words, case areas and sources by name', () => {
    const next: NoticeContent = {
      ...riskV1,
      en: { ...riskV1.en, purpose: 'New purpose.' },
      retiredOn: '2026-12-01',
      caseAreas: ['sickness_benefit', 'flex_job'],
    };
    const t = getTranslator('da');
    const r = (key: string, options: Record<string, unknown> = {}): string =>
      t(key, { ns: 'register', ...options });
    const rows = diffRows(diffContent(riskV1, next), {
      r,
      locale: 'da',
      dataSources: [],
    });
    expect(rows).toEqual([
      { label: 'Formål (engelsk)', language: 'en', before: [riskV1.en.purpose], after: ['New purpose.'] },
      {
        label: r('field.caseAreas'),
        language: null,
        before: [r('area.sickness_benefit')],
        after: [r('area.sickness_benefit'), r('area.flex_job')],
      },
      { label: r('field.retiredOn'), language: null, before: ['(tom)'], after: ['1. december 2026'] },
    ]);
  });
});

describe('the legal basis link', () => {
  it('goes to the act itself on retsinformation.dk (an ELI address), or to another https address', () => {
    expect(isLegalBasisUrl('https://www.retsinformation.dk/eli/lta/2024/254')).toBe(true);
    expect(isLegalBasisUrl('https://retsinformation.dk/eli/lta/2026/83')).toBe(true);
    expect(isLegalBasisUrl('https://eur-lex.europa.eu/eli/reg/2016/679/oj')).toBe(true);
    expect(isLegalBasisUrl('https://www.retsinformation.dk/')).toBe(false);
    expect(isLegalBasisUrl('https://www.retsinformation.dk/forms/R0710.aspx?id=1')).toBe(false);
    expect(isLegalBasisUrl('http://www.retsinformation.dk/eli/lta/2024/254')).toBe(false);
  });

  it('refuses the site’s front page by field with its own reason, and an http link as not a web address', () => {
    const draft = { ...draftFromContent(riskV1), changeSummary: { da: 'x', en: 'x' } };
    draft.legalBasis.url = 'https://www.retsinformation.dk/';
    expect(validateDraft(draft, KNOWN_SOURCES)).toEqual({
      ok: false,
      errors: [{ path: 'legalBasis.url', code: 'notEliAddress' }],
    });
    draft.legalBasis.url = 'http://example.dk/lov';
    expect(validateDraft(draft, KNOWN_SOURCES)).toEqual({
      ok: false,
      errors: [{ path: 'legalBasis.url', code: 'invalidUrl' }],
    });
  });

  it('every demo notice links its legal basis by an ELI address on retsinformation.dk', () => {
    for (const versions of Object.values(DEMO_NOTICES))
      for (const v of versions)
        expect(v.content.legalBasis.url).toMatch(/^https:\/\/www\.retsinformation\.dk\/eli\//);
  });
});
