import { describe, expect, it } from 'vitest';
import type { StaffSession } from '../../src/auth/session-types.ts';
import type { PublishedNotice } from '../../src/db/notices.ts';
import { DEMO_NOTICES } from '../../src/demo/notices.ts';
import {
  CHANGE_FIELDS,
  changedFields,
  draftFromContent,
  noticeStatus,
  validateDraft,
} from '../../src/domain/notice.ts';
import { publishedShare, suppressSmallCount } from '../../src/domain/small-counts.ts';
import { CASE_AREAS, processingKindSchema } from '../../src/domain/types.ts';
import { flattenKeys, RESOURCES } from '../../src/i18n/translations.ts';
import { csvField, neutraliseFormula, toCsv, UTF8_BOM } from '../../src/register/csv.ts';
import { filterNotices, hasFilters, parseRegisterFilters } from '../../src/register/filters.ts';
import {
  aiSystemsCsv,
  buildAiSystemsExport,
  csvCount,
  csvSeparatorFrom,
} from '../../src/register/open-data.ts';
import { checkPublisherAccess, draftFromForm } from '../../src/register/publisher.ts';

const KINDS = {
  'sygefravaer-risiko': 'profiling',
  laegeresume: 'summarisation',
  'tale-til-tekst': 'transcription',
  postsortering: 'classification',
  'rehab-behov': 'prediction',
} as const;

/** The demo notices as the store would return them. */
const NOTICES: PublishedNotice[] = Object.entries(DEMO_NOTICES).map(([systemId, versions]) => {
  const history = versions.map((v, i) => ({
    version: i + 1,
    content: v.content,
    changeSummary: v.changeSummary,
    publishedAt: new Date(v.publishedAt),
    publishedBy: 'egb-0301',
  }));
  return {
    systemId,
    slug: systemId,
    processingKind: processingKindSchema.parse(KINDS[systemId as keyof typeof KINDS]),
    latest: history.at(-1)!,
    history,
  };
});
const TODAY = '2026-11-23';
const ids = (notices: readonly PublishedNotice[]): string[] => notices.map((n) => n.systemId).sort();
const KNOWN_SOURCES = new Map([
  ['cpr', ['identity', 'address', 'family']],
  ['eindkomst', ['income', 'employment']],
  ['dream', ['benefit_history']],
  ['jobnet', ['cv', 'job_search']],
  ['case_documents', ['case_notes', 'correspondence']],
  ['medical_certificates', ['health']],
  ['own_statements', ['own_statements']],
]);

describe('CSV export', () => {
  it('quotes fields with commas, quotes and line breaks as RFC 4180 says, and leaves others bare', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('she said "hi"')).toBe('"she said ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('')).toBe('');
    expect(csvField('æøå')).toBe('æøå');
  });

  it('ends every record, the header too, with CRLF', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['1', 'x,y'],
          ['2', ''],
        ],
      ),
    ).toBe('a,b\r\n1,"x,y"\r\n2,\r\n');
  });

  it('writes a suppressed count as "<10"', () => {
    expect(csvCount(suppressSmallCount(3))).toBe('<10');
    expect(csvCount(suppressSmallCount(12))).toBe('12');
  });

  it('makes a cell that a spreadsheet would run as a formula start with an apostrophe', () => {
    expect(csvField('=HYPERLINK("http://x","klik")')).toBe('"\'=HYPERLINK(""http://x"",""klik"")"');
    expect(csvField('+45 12 34 56 78')).toBe("'+45 12 34 56 78");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe('"\'\r=1"');
    // Only the first character counts: text with a sign or an e-mail address inside stays as it is.
    expect(neutraliseFormula('a=b')).toBe('a=b');
    expect(neutraliseFormula('dpo@egebaek.example.dk')).toBe('dpo@egebaek.example.dk');
    expect(neutraliseFormula('<10')).toBe('<10');
  });

  it('writes a semicolon-separated variant that quotes semicolons and leaves commas bare', () => {
    expect(csvField('a;b', ';')).toBe('"a;b"');
    expect(csvField('a, b', ';')).toBe('a, b');
    expect(toCsv(['a', 'b'], [['1', 'x;y,z']], ';')).toBe('a;b\r\n1;"x;y,z"\r\n');
  });

  it('reads the separator from ?sep= and refuses one it does not know', () => {
    expect(csvSeparatorFrom(new URLSearchParams(''))).toBe(',');
    expect(csvSeparatorFrom(new URLSearchParams('sep=comma'))).toBe(',');
    expect(csvSeparatorFrom(new URLSearchParams('sep=semicolon'))).toBe(';');
    expect(csvSeparatorFrom(new URLSearchParams('sep=tab'))).toBeNull();
  });

  it('exports the register as UTF-8 with a byte order mark, in either separator, formulas made inert', () => {
    const [first, ...rest] = NOTICES;
    const hostile: PublishedNotice = {
      ...first!,
      latest: {
        ...first!.latest,
        content: {
          ...first!.latest.content,
          da: { ...first!.latest.content.da, name: '=cmd|"/c calc"!A1' },
        },
      },
    };
    const data = buildAiSystemsExport({
      notices: [hostile, ...rest],
      dataSources: [],
      facts: { periodStart: '2025-11-23T00:00:00.000Z', periodEnd: TODAY, bySystem: new Map() },
      municipality: { code: '999', name: 'Testkommune' },
      baseUrl: new URL('https://indsigt.example.dk'),
      now: new Date('2026-11-23T12:00:00Z'),
    });
    const comma = aiSystemsCsv(data);
    const semicolon = aiSystemsCsv(data, ';');
    for (const csv of [comma, semicolon]) {
      expect(csv.startsWith(UTF8_BOM)).toBe(true);
      expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(csv).toContain('"\'=cmd|""/c calc""!A1"');
      expect(csv.split('\r\n')).toHaveLength(NOTICES.length + 2);
    }
    expect(comma.slice(1).split('\r\n')[0]).toMatch(/^id,url,status,/);
    expect(semicolon.slice(1).split('\r\n')[0]).toMatch(/^id;url;status;/);
    // A list inside a cell is joined by "; ": quoted in the semicolon variant, so it stays one cell.
    expect(semicolon).toMatch(/;"[a-z_]+:[a-z_|]+; [a-z_]+:[a-z_|]+[^"]*";/);
  });
});

describe('small counts', () => {
  it('publishes 10 and more exactly and anything under 10, zero too, only as "fewer than 10"', () => {
    expect(suppressSmallCount(10)).toEqual({ suppressed: false, count: 10 });
    expect(suppressSmallCount(9)).toEqual({ suppressed: true, fewerThan: 10 });
    expect(suppressSmallCount(0)).toEqual({ suppressed: true, fewerThan: 10 });
  });

  it('gives a share only when both counts are published', () => {
    expect(publishedShare(suppressSmallCount(12), suppressSmallCount(48))).toBe(25);
    expect(publishedShare(suppressSmallCount(4), suppressSmallCount(48))).toBeNull();
    expect(publishedShare(suppressSmallCount(12), suppressSmallCount(5))).toBeNull();
  });
});

describe('register filters', () => {
  it('reads the filters from the query string and ignores values the form does not offer', () => {
    expect(
      parseRegisterFilters(
        new URLSearchParams('area=rehabilitation&kind=prediction&status=in_use&q=+hjælp+'),
      ),
    ).toEqual({
      area: 'rehabilitation',
      kind: 'prediction',
      status: 'in_use',
      q: 'hjælp',
    });
    const ignored = parseRegisterFilters(new URLSearchParams('area=moon&kind=&status=maybe&q='));
    expect(ignored).toEqual({ area: undefined, kind: undefined, status: undefined, q: undefined });
    expect(hasFilters(ignored)).toBe(false);
  });

  it('shows every system without filters', () => {
    expect(filterNotices(NOTICES, {}, 'da', TODAY)).toHaveLength(NOTICES.length);
  });

  it('filters by case area, kind of processing and status, all at once', () => {
    expect(ids(filterNotices(NOTICES, { area: 'cash_benefit' }, 'da', TODAY))).toEqual([
      'postsortering',
      'tale-til-tekst',
    ]);
    expect(ids(filterNotices(NOTICES, { kind: 'profiling' }, 'da', TODAY))).toEqual(['sygefravaer-risiko']);
    expect(ids(filterNotices(NOTICES, { status: 'retired' }, 'da', TODAY))).toEqual(['postsortering']);
    expect(ids(filterNotices(NOTICES, { area: 'cash_benefit', status: 'in_use' }, 'da', TODAY))).toEqual([
      'tale-til-tekst',
    ]);
  });

  it('a system retires on its retirement date, not before', () => {
    expect(ids(filterNotices(NOTICES, { status: 'retired' }, 'da', '2026-06-29'))).toEqual([]);
    expect(noticeStatus({ retiredOn: '2026-06-30', lifecycleStatus: 'retired' }, '2026-06-30')).toBe(
      'retired',
    );
    // A retirement announced for a later date: still in use until then.
    expect(noticeStatus({ retiredOn: '2026-06-30', lifecycleStatus: 'retired' }, '2026-06-29')).toBe(
      'in_use',
    );
    expect(noticeStatus({ retiredOn: null, lifecycleStatus: 'pilot' }, '2026-06-29')).toBe('pilot');
  });

  it('searches every word, case-insensitively, in the reader’s language', () => {
    expect(ids(filterNotices(NOTICES, { q: 'SYGEMELDING' }, 'da', TODAY))).toEqual(['sygefravaer-risiko']);
    expect(ids(filterNotices(NOTICES, { q: 'sick leave' }, 'en', TODAY))).toEqual(['sygefravaer-risiko']);
    expect(ids(filterNotices(NOTICES, { q: 'sick leave' }, 'da', TODAY))).toEqual([]);
    expect(ids(filterNotices(NOTICES, { q: 'Nordlys' }, 'en', TODAY))).toEqual([
      'rehab-behov',
      'sygefravaer-risiko',
    ]);
  });

  it('finds systems by the case area they are used in, in the reader’s language', () => {
    const inSicknessBenefit = ids(
      NOTICES.filter((n) => n.latest.content.caseAreas.includes('sickness_benefit')),
    );
    expect(inSicknessBenefit.length).toBeGreaterThan(0);
    expect(ids(filterNotices(NOTICES, { q: 'sygedagpenge' }, 'da', TODAY))).toEqual(inSicknessBenefit);
    expect(ids(filterNotices(NOTICES, { q: 'Sickness benefit' }, 'en', TODAY))).toEqual(inSicknessBenefit);
    // Flex job is named only as a case area, never in the notices' own texts.
    const inFlexJob = ids(NOTICES.filter((n) => n.latest.content.caseAreas.includes('flex_job')));
    expect(ids(filterNotices(NOTICES, { q: 'flex job' }, 'en', TODAY))).toEqual(inFlexJob);
    expect(ids(filterNotices(NOTICES, { q: 'fleksjob' }, 'da', TODAY))).toEqual(inFlexJob);
  });

  it('finds systems by their kind of processing, and by English words on English pages', () => {
    expect(ids(filterNotices(NOTICES, { q: 'profilering' }, 'da', TODAY))).toEqual(['sygefravaer-risiko']);
    expect(ids(filterNotices(NOTICES, { q: 'speech to text' }, 'en', TODAY))).toEqual(['tale-til-tekst']);
    expect(ids(filterNotices(NOTICES, { q: 'summary' }, 'en', TODAY))).toContain('laegeresume');
    expect(ids(filterNotices(NOTICES, { q: 'summary' }, 'da', TODAY))).not.toContain('laegeresume');
  });
});

describe('notice rules', () => {
  it('accepts every demo notice as publishable', () => {
    for (const versions of Object.values(DEMO_NOTICES))
      for (const v of versions) {
        const draft = { ...draftFromContent(v.content), changeSummary: v.changeSummary };
        expect(validateDraft(draft, KNOWN_SOURCES).ok).toBe(true);
      }
  });

  it('keeps the short description within the Dutch standard’s 350 characters', () => {
    const draft = draftFromContent(NOTICES[0]!.latest.content);
    draft.changeSummary = { da: 'x', en: 'x' };
    draft.da.shortDescription = 'a'.repeat(351);
    expect(validateDraft(draft, KNOWN_SOURCES)).toEqual({
      ok: false,
      errors: [{ path: 'da.shortDescription', code: 'tooLong', maximum: 350 }],
    });
  });

  it('refuses a link that is not a web address, an unknown data source and a missing case area, by field', () => {
    const draft = draftFromContent(NOTICES[0]!.latest.content);
    draft.changeSummary = { da: 'x', en: 'x' };
    draft.legalBasis.url = 'javascript:alert(1)';
    draft.dataSources = [{ sourceId: 'secret_register', categories: ['everything'] }];
    draft.caseAreas = [];
    draft.contact.email = 'not an address';
    const result = validateDraft(draft, KNOWN_SOURCES);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual(
      expect.arrayContaining([
        { path: 'legalBasis.url', code: 'invalidUrl' },
        { path: 'dataSources', code: 'unknownSource' },
        { path: 'caseAreas', code: 'chooseOne' },
        { path: 'contact.email', code: 'invalidEmail' },
      ]),
    );
  });

  it('names the fields a version changed, a text counting once whichever language changed', () => {
    const [v1, v2] = DEMO_NOTICES['sygefravaer-risiko']!;
    expect(changedFields(null, v1!.content)).toEqual([]);
    expect(changedFields(v1!.content, v2!.content)).toEqual(['useInCaseProcessing', 'humanOversight']);
    expect(changedFields(v1!.content, { ...v1!.content, en: { ...v1!.content.en, name: 'Other' } })).toEqual([
      'name',
    ]);
  });
});

describe('publisher workflow', () => {
  const staff = (roles: StaffSession['roles']): StaffSession => ({
    kind: 'staff',
    staffId: 'egb-0301',
    name: 'Henrik Bisgaard',
    title: 'Kommunikationskonsulent',
    unit: 'Digitalisering og IT',
    roles,
    helping: null,
  });

  it('sends someone not logged in to the staff login and back to the page they asked for', () => {
    expect(
      checkPublisherAccess(undefined, new URL('http://x/en/medarbejder/ai-systemer/laegeresume?saved=1')),
    ).toEqual({
      ok: false,
      error: 'login_required',
      location:
        '/en/medarbejder/log-ind?returnTo=%2Fen%2Fmedarbejder%2Fai-systemer%2Flaegeresume%3Fsaved%3D1',
    });
  });

  it('keeps the English address when the English page was rendered from the Danish route', () => {
    const access = checkPublisherAccess(undefined, new URL('http://x/medarbejder/ai-systemer'), 'en');
    expect(!access.ok && access.error === 'login_required' && access.location).toBe(
      '/en/medarbejder/log-ind?returnTo=%2Fen%2Fmedarbejder%2Fai-systemer',
    );
  });

  it('sends a Danish page to the Danish login', () => {
    const access = checkPublisherAccess(undefined, new URL('http://x/medarbejder/ai-systemer'));
    expect(!access.ok && access.error === 'login_required' && access.location).toBe(
      '/medarbejder/log-ind?returnTo=%2Fmedarbejder%2Fai-systemer',
    );
  });

  it('refuses staff without the publisher role and lets publishers in', () => {
    const url = new URL('http://x/medarbejder/ai-systemer');
    expect(checkPublisherAccess(staff(['frontdesk']), url)).toEqual({ ok: false, error: 'forbidden' });
    expect(checkPublisherAccess(staff(['frontdesk', 'publisher']), url).ok).toBe(true);
  });

  it('reads the side-by-side form into a draft, data categories grouped by source', () => {
    const form = new FormData();
    form.set('da.name', 'Navn');
    form.set('en.name', 'Name');
    form.append('caseAreas', 'cash_benefit');
    form.append('caseAreas', 'flex_job');
    form.append('dataCategories', 'cpr:identity');
    form.append('dataCategories', 'cpr:family');
    form.append('dataCategories', 'jobnet:cv');
    form.set('legalBasis.url', 'https://example.dk/lov');
    form.set('contact.email', 'a@b.dk');
    form.set('changeSummary.en', 'New.');
    const draft = draftFromForm(form);
    expect(draft.da.name).toBe('Navn');
    expect(draft.en.name).toBe('Name');
    expect(draft.en.purpose).toBe('');
    expect(draft.caseAreas).toEqual(['cash_benefit', 'flex_job']);
    expect(draft.dataSources).toEqual([
      { sourceId: 'cpr', categories: ['identity', 'family'] },
      { sourceId: 'jobnet', categories: ['cv'] },
    ]);
    expect(draft.legalBasis.url).toBe('https://example.dk/lov');
    expect(draft.contact.email).toBe('a@b.dk');
    expect(draft.changeSummary).toEqual({ da: '', en: 'New.' });
  });
});

describe('register translations', () => {
  it('has a label for every processing kind, case area and change field in both languages', () => {
    for (const locale of ['da', 'en'] as const) {
      const keys = new Set(flattenKeys(RESOURCES[locale]['register'] ?? {}));
      for (const kind of processingKindSchema.options)
        expect(keys.has(`kind.${kind}`), `${locale} kind.${kind}`).toBe(true);
      for (const area of CASE_AREAS) expect(keys.has(`area.${area}`), `${locale} area.${area}`).toBe(true);
      for (const field of CHANGE_FIELDS)
        expect(keys.has(`field.${field}`), `${locale} field.${field}`).toBe(true);
    }
  });
});
