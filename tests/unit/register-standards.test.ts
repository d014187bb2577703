import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { PublishedNotice } from '../../src/db/notices.ts';
import { DEMO_NOTICES } from '../../src/demo/notices.ts';
import { AI_SYSTEMS, MUNICIPALITY } from '../../src/demo/reference-data.ts';
import {
  canonicalContent,
  changedFields,
  draftFromContent,
  MAX_LIST_ITEMS,
  noticeContentSchema,
  noticeDraftSchema,
  validateDraft,
  type NoticeContent,
} from '../../src/domain/notice.ts';
import { suppressSmallCount } from '../../src/domain/small-counts.ts';
import { draftFromForm } from '../../src/register/publisher.ts';
import { contentBeforeStandards } from '../helpers/notice-before-standards.ts';
import { buildAiSystemsExport, aiSystemsCsv, CSV_COLUMNS } from '../../src/register/open-data.ts';
import { UTF8_BOM } from '../../src/register/csv.ts';
import { registerSchemaFiles, COMMITTED_SCHEMA_BASE } from '../../src/register/schema-files.ts';
import { algoritmeregisterRecord, atrsRecord, standardJsonSchema } from '../../src/register/standards.ts';

const BASE = new URL('http://localhost:4321');
const NOW = new Date('2026-11-23T12:00:00Z');

const NOTICES: PublishedNotice[] = Object.entries(DEMO_NOTICES).map(([systemId, versions]) => {
  const history = versions.map((v, i) => ({
    version: i + 1,
    content: v.content,
    changeSummary: v.changeSummary,
    publishedAt: new Date(v.publishedAt),
    publishedBy: 'egb-0301',
  }));
  const system = AI_SYSTEMS.find((s) => s.id === systemId)!;
  return {
    systemId,
    slug: systemId,
    processingKind: system.processingKind,
    latest: history.at(-1)!,
    history,
  };
});

const EXPORT = buildAiSystemsExport({
  notices: NOTICES,
  dataSources: [
    {
      id: 'cpr',
      name: 'CPR',
      nameEn: null,
      ownerAuthority: 'CPR-kontoret',
      ownerAuthorityEn: null,
      categories: ['identity', 'family'],
    },
    {
      id: 'case_documents',
      name: 'Sagens dokumenter',
      nameEn: null,
      ownerAuthority: 'Egebæk Kommune',
      ownerAuthorityEn: null,
      categories: ['case_notes'],
    },
  ],
  facts: {
    periodStart: '2025-11-23T00:00:00.000Z',
    periodEnd: '2026-11-23T00:00:00.000Z',
    bySystem: new Map([
      [
        'sygefravaer-risiko',
        {
          casesTouched: suppressSmallCount(40),
          decisionsWithOutput: suppressSmallCount(30),
          departures: suppressSmallCount(4),
        },
      ],
    ]),
  },
  municipality: { code: MUNICIPALITY.code, name: MUNICIPALITY.name },
  baseUrl: BASE,
  now: NOW,
});

/** Ajv in strict mode: an unknown keyword, format or an ambiguous type in a schema is an error. */
function validator(schema: Record<string, unknown>) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

const sourceOf = (slug: string) => `${BASE.origin}/api/v1/ai-systems/${slug}/x.json`;

describe('the register’s exports against their JSON Schemas (ajv, strict)', () => {
  it('the Indsigt JSON export validates, with the standards’ fields of every demo notice filled in', () => {
    const validate = validator(registerSchemaFiles()['ai-systems.schema.json']!);
    expect(validate(JSON.parse(JSON.stringify(EXPORT))), JSON.stringify(validate.errors)).toBe(true);
    for (const s of EXPORT.systems) {
      expect(s.risks.length, s.id).toBeGreaterThan(0);
      expect(s.impactAssessments.length, s.id).toBeGreaterThan(0);
      expect(s.da.tradeOffs && s.en.technicalDescription && s.en.appealRoute, s.id).toBeTruthy();
      expect(s.seniorResponsibleOwner, s.id).not.toBeNull();
    }
  });

  it('every demo system’s ATRS record validates against the ATRS record schema', () => {
    const validate = validator(standardJsonSchema('atrs', BASE));
    for (const s of EXPORT.systems) {
      const record = atrsRecord(s, EXPORT.municipality.name, BASE, sourceOf(s.slug));
      expect(
        validate(JSON.parse(JSON.stringify(record))),
        `${s.id}: ${JSON.stringify(validate.errors)}`,
      ).toBe(true);
    }
  });

  it('every demo system’s Algoritmeregister record validates against its schema, within the standard’s lengths', () => {
    const validate = validator(standardJsonSchema('algoritmeregister', BASE));
    for (const s of EXPORT.systems) {
      const record = algoritmeregisterRecord(s, EXPORT.municipality.name, BASE, sourceOf(s.slug));
      expect(
        validate(JSON.parse(JSON.stringify(record))),
        `${s.id}: ${JSON.stringify(validate.errors)}`,
      ).toBe(true);
    }
  });

  it('a record missing a required field or carrying one the standard does not have is refused', () => {
    const s = EXPORT.systems[0]!;
    const atrs = validator(standardJsonSchema('atrs', BASE));
    const record = JSON.parse(JSON.stringify(atrsRecord(s, 'Egebæk Kommune', BASE, sourceOf(s.slug)))) as {
      tier_1: Record<string, unknown>;
    };
    record.tier_1 = Object.fromEntries(Object.entries(record.tier_1).filter(([k]) => k !== 'contact_email'));
    expect(atrs(record)).toBe(false);
    const nl = validator(standardJsonSchema('algoritmeregister', BASE));
    const nlRecord = {
      ...algoritmeregisterRecord(s, 'Egebæk Kommune', BASE, sourceOf(s.slug)),
      processor: 'x',
    };
    expect(nl(nlRecord)).toBe(false);
    expect(nl({ ...nlRecord, processor: undefined, description_short: 'x'.repeat(351) })).toBe(false);
  });

  it('the committed JSON Schemas in docs/schemas are the ones the code generates', () => {
    for (const [file, schema] of Object.entries(registerSchemaFiles())) {
      const committed: unknown = JSON.parse(
        readFileSync(new URL(`../../docs/schemas/${file}`, import.meta.url), 'utf8'),
      );
      expect(committed, `${file}: run node scripts/write-register-schemas.ts`).toEqual(schema);
      expect((committed as { $id: string }).$id.startsWith(COMMITTED_SCHEMA_BASE.origin)).toBe(true);
    }
  });
});

describe('the standards’ records carry the new fields where each standard has them', () => {
  const risk = EXPORT.systems.find((s) => s.id === 'sygefravaer-risiko')!;
  const mail = EXPORT.systems.find((s) => s.id === 'postsortering')!;

  it('ATRS: senior responsible owner role, alternatives, appeals, phase, risks and impact assessments with link and date', () => {
    const record = atrsRecord(risk, 'Egebæk Kommune', BASE, sourceOf(risk.slug));
    const tier2 = record.tier_2;
    expect(tier2.owner_and_responsibility.senior_responsible_owner).toBe(
      risk.seniorResponsibleOwner!.role.en,
    );
    expect(tier2.description_and_rationale.alternatives_considered).toBe(risk.en.tradeOffs);
    expect(tier2.decision_making_process.appeals_and_review).toBe(risk.en.appealRoute);
    expect(tier2.tool_specification.phase).toBe('production');
    expect(tier2.tool_specification.system_architecture).toBe(risk.technicalDocumentationUrl);
    expect(tier2.risks_mitigations_and_impact_assessments.risks.map((r) => r.risk_mitigation)).toEqual(
      risk.risks.map((r) => r.en.mitigation),
    );
    expect(
      tier2.risks_mitigations_and_impact_assessments.impact_assessments.map((a) => a.impact_assessment_date),
    ).toEqual(risk.impactAssessments.map((a) => a.date));
    // The data processor is named as an external supplier with that role, not as data access terms.
    const processorEntry = tier2.owner_and_responsibility.external_suppliers.find((x) =>
      x.external_supplier_role.startsWith('Data processor'),
    );
    expect(processorEntry?.external_supplier).toBe(risk.processor);
    expect(processorEntry?.data_access_terms).toBeNull();
    expect(atrsRecord(mail, 'Egebæk Kommune', BASE, '').tier_2.tool_specification.phase).toBe('retired');
  });

  it('Algoritmeregister: status, end date, proportionality, risks and impact assessments', () => {
    const record = algoritmeregisterRecord(mail, 'Egebæk Kommune', BASE, sourceOf(mail.slug));
    expect(record.status).toBe('Buiten gebruik');
    expect(record.end_date).toBe('2026-06');
    expect(record.proportionality).toBe(mail.da.tradeOffs);
    expect(record.impacttoetsen_grouping).toEqual(
      mail.impactAssessments.map((a) => ({ title: a.title.da, link: a.url })),
    );
    expect(record.risks).toContain(mail.risks[0]!.da.mitigation);
    expect(algoritmeregisterRecord(risk, 'Egebæk Kommune', BASE, '').status).toBe('In gebruik');
  });

  it('the CSV has a column for each new field, filled for the demo notices', () => {
    const csv = aiSystemsCsv(EXPORT);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    const [header, first] = csv.slice(UTF8_BOM.length).split('\r\n');
    expect(header!.split(',')).toEqual([...CSV_COLUMNS]);
    for (const column of [
      'trade_offs_da',
      'risks_en',
      'impact_assessments',
      'senior_responsible_owner',
      'appeal_url',
    ])
      expect(CSV_COLUMNS).toContain(column);
    expect(first).toContain('https://egebaek.example.dk/klage');
  });
});

const KNOWN_SOURCES = new Map([
  ['cpr', ['identity', 'address', 'family']],
  ['eindkomst', ['income', 'employment']],
  ['dream', ['benefit_history']],
  ['jobnet', ['cv', 'job_search']],
  ['case_documents', ['case_notes', 'correspondence']],
  ['medical_certificates', ['health']],
  ['own_statements', ['own_statements']],
]);

/** The form a browser sends for a demo notice, as flat name/value pairs, with changes. */
function formOf(
  content: NoticeContent,
  extra: Record<string, string> = {},
  drop: (name: string) => boolean = () => false,
): FormData {
  const form = new FormData();
  const put = (name: string, value: unknown): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) value.forEach((v, i) => put(`${name}.${i}`, v));
    else if (typeof value === 'object')
      for (const [k, v] of Object.entries(value)) put(name === '' ? k : `${name}.${k}`, v);
    else if (!drop(name) && (typeof value === 'string' || typeof value === 'number'))
      form.append(name, String(value));
  };
  const { caseAreas, dataSources, ...rest } = content;
  put('', rest);
  for (const area of caseAreas) form.append('caseAreas', area);
  for (const s of dataSources)
    for (const c of s.categories) form.append('dataCategories', `${s.sourceId}:${c}`);
  form.append('changeSummary.da', 'Ændret.');
  form.append('changeSummary.en', 'Changed.');
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  return form;
}

const errorsOf = (form: FormData) => {
  const result = validateDraft(draftFromForm(form), KNOWN_SOURCES);
  return result.ok ? [] : result.errors;
};
const riskContent = DEMO_NOTICES['sygefravaer-risiko']!.at(-1)!.content;

describe('the publisher’s form for the standards’ fields', () => {
  it('reads every new field from the form and publishes the same content back', () => {
    const result = validateDraft(draftFromForm(formOf(riskContent)), KNOWN_SOURCES);
    expect(result.ok && result.content).toEqual(canonicalContent(riskContent));
  });

  it('drops rows left blank and keeps the others in order, whatever their indexes', () => {
    const form = formOf(riskContent, {
      'risks.7.da.risk': 'Sent fundet.',
      'risks.7.da.mitigation': 'Tjek.',
      'risks.7.en.risk': 'Found late.',
      'risks.7.en.mitigation': 'Check.',
      'risks.3.da.risk': ' ',
      'impactAssessments.5.url': '',
    });
    const draft = draftFromForm(form);
    expect(draft.risks.map((r) => r.en.risk)).toEqual([
      ...riskContent.risks.map((r) => r.en.risk),
      'Found late.',
    ]);
    expect(draft.impactAssessments).toHaveLength(riskContent.impactAssessments.length);
  });

  it('refuses a notice without the standards’ fields, naming each one', () => {
    const form = formOf(riskContent, {}, (name) =>
      /^(risks|impactAssessments|seniorResponsibleOwner|technicalDocumentationUrl|appealUrl|lifecycleStatus)\b|\.(tradeOffs|technicalDescription|appealRoute)$/.test(
        name,
      ),
    );
    expect(errorsOf(form)).toEqual(
      expect.arrayContaining([
        { path: 'da.tradeOffs', code: 'required' },
        { path: 'en.technicalDescription', code: 'required' },
        { path: 'en.appealRoute', code: 'required' },
        { path: 'lifecycleStatus', code: 'required' },
        { path: 'risks', code: 'addOne' },
        { path: 'impactAssessments', code: 'addOne' },
        { path: 'technicalDocumentationUrl', code: 'required' },
        { path: 'seniorResponsibleOwner', code: 'required' },
        { path: 'appealUrl', code: 'required' },
      ]),
    );
  });

  it('refuses a half-filled row, a bad link or date, an unknown stage and a retirement without a date, by field', () => {
    const form = formOf(riskContent, {
      'risks.0.en.mitigation': '',
      'impactAssessments.0.url': 'javascript:alert(1)',
      'impactAssessments.1.date': '2026-13-45',
      'seniorResponsibleOwner.role.en': '',
      appealUrl: 'ftp://egebaek.example.dk/klage',
      lifecycleStatus: 'beta',
    });
    expect(errorsOf(form)).toEqual(
      expect.arrayContaining([
        { path: 'risks.0.en.mitigation', code: 'required' },
        { path: 'impactAssessments.0.url', code: 'invalidUrl' },
        { path: 'impactAssessments.1.date', code: 'invalidDate' },
        { path: 'seniorResponsibleOwner.role.en', code: 'required' },
        { path: 'appealUrl', code: 'invalidUrl' },
        { path: 'lifecycleStatus', code: 'invalidChoice' },
      ]),
    );
    expect(errorsOf(formOf(riskContent, { lifecycleStatus: 'retired' }))).toEqual([
      { path: 'retiredOn', code: 'retiredNeedsDate' },
    ]);
  });

  it('refuses huge values and too many rows with the limit, not a crash or a silent cut', () => {
    const huge = formOf(riskContent, {
      'en.technicalDescription': 'x'.repeat(100_000),
      'risks.0.da.risk': 'x'.repeat(2501),
      'impactAssessments.0.url': `https://egebaek.example.dk/${'a'.repeat(600)}`,
    });
    expect(errorsOf(huge)).toEqual(
      expect.arrayContaining([
        { path: 'en.technicalDescription', code: 'tooLong', maximum: 5000 },
        { path: 'risks.0.da.risk', code: 'tooLong', maximum: 2500 },
        { path: 'impactAssessments.0.url', code: 'tooLong', maximum: 500 },
      ]),
    );
    const many: Record<string, string> = {};
    for (let i = 0; i < 999; i += 1)
      for (const key of ['da.risk', 'da.mitigation', 'en.risk', 'en.mitigation'])
        many[`risks.${i}.${key}`] = 'x';
    many['risks.123456.da.risk'] = 'an index past three digits is not a row';
    const draft = draftFromForm(formOf(riskContent, many));
    expect(draft.risks).toHaveLength(MAX_LIST_ITEMS + 1);
    expect(errorsOf(formOf(riskContent, many))).toEqual([
      { path: 'risks', code: 'tooMany', maximum: MAX_LIST_ITEMS },
    ]);
  });

  it('a stored draft with wrong types in the new fields reads as blank, and is refused by field', () => {
    const draft = noticeDraftSchema.safeParse({ risks: 'all of them', appealUrl: 42 });
    expect(draft.success).toBe(false);
    const tolerated = noticeDraftSchema.parse({
      seniorResponsibleOwner: null,
      appealUrl: null,
      en: { tradeOffs: null },
    });
    expect(tolerated.appealUrl).toBe('');
    expect(tolerated.seniorResponsibleOwner).toEqual({ name: '', role: { da: '', en: '' } });
  });
});

describe('versions published before the standards’ fields', () => {
  const old = contentBeforeStandards(DEMO_NOTICES['postsortering']!.at(-1)!.content);

  it('read as they were: the new fields not stated, the stage from the retirement date', () => {
    const content = noticeContentSchema.parse(old);
    expect(content.lifecycleStatus).toBe('retired');
    expect(content.da.tradeOffs).toBeNull();
    expect(content.risks).toEqual([]);
    expect(content.seniorResponsibleOwner).toBeNull();
    expect(noticeContentSchema.parse({ ...old, retiredOn: null }).lifecycleStatus).toBe('in_use');
  });

  it('can be retired as they are, but not republished until the new fields are filled in', () => {
    const draft = {
      ...draftFromContent(noticeContentSchema.parse(old)),
      changeSummary: { da: 'x', en: 'x' },
    };
    expect(validateDraft(draft, KNOWN_SOURCES, 'as_published').ok).toBe(true);
    const complete = validateDraft(draft, KNOWN_SOURCES);
    expect(complete.ok).toBe(false);
    expect(!complete.ok && complete.errors.map((e) => e.path)).toContain('da.tradeOffs');
  });

  it('a diff with a complete version names each new field', () => {
    const next = DEMO_NOTICES['postsortering']!.at(-1)!.content;
    expect(changedFields(noticeContentSchema.parse(old), next)).toEqual([
      'tradeOffs',
      'technicalDescription',
      'appealRoute',
      'risks',
      'impactAssessments',
      'technicalDocumentationUrl',
      'seniorResponsibleOwner',
      'appealUrl',
    ]);
  });
});
