/**
 * The register as open data: one zod schema for the JSON export (its JSON Schema is generated from
 * it and published beside it), the export built from the published notices and the store's facts,
 * and the same records flattened to CSV. Field names and their mapping to the UK and Dutch
 * registers are documented in the README ("Open data").
 */
import { z } from 'zod';
import {
  CHANGE_FIELDS,
  changedFields,
  impactAssessmentSchema,
  LIFECYCLE_STATUSES,
  noticeRiskSchema,
  noticeStatus,
  noticeTextsSchema,
  seniorResponsibleOwnerSchema,
  type NoticeContent,
} from '../domain/notice.ts';
import { suppressedCountSchema, type SuppressedCount } from '../domain/small-counts.ts';
import { caseAreaSchema, processingKindSchema } from '../domain/types.ts';
import type { DataSourceInfo, PublishedNotice } from '../db/notices.ts';
import type { RegisterFacts, SystemFacts } from '../db/register-facts.ts';
import { toCsv, UTF8_BOM, type CsvSeparator } from './csv.ts';
import { versionPath } from './version-path.ts';

/** Bumped on any change to the export's shape: minor when fields are added, major when changed. */
export const OPEN_DATA_SCHEMA_VERSION = '1.1';
export const JSON_PATH = '/api/v1/ai-systems';
export const SCHEMA_PATH = '/api/v1/ai-systems.schema.json';
export const CSV_PATH = '/api/v1/ai-systems.csv';
/** One system as a UK ATRS record, and as a Dutch Algoritmeregister record (src/register/standards.ts). */
export const atrsPath = (slug: string): string => `/api/v1/ai-systems/${slug}/atrs.json`;
export const algoritmeregisterPath = (slug: string): string =>
  `/api/v1/ai-systems/${slug}/algoritmeregister.json`;

const factsSchema = z.object({
  periodStart: z.iso.datetime().describe('Start of the period counted (12 months before the export).'),
  periodEnd: z.iso.datetime(),
  casesTouched: suppressedCountSchema.describe('Cases the system was used on in the period.'),
  decisionsWithOutput: suppressedCountSchema.describe(
    'Decisions whose human decision-maker had output of the system in front of them.',
  ),
  departures: suppressedCountSchema.describe('Of those decisions, the ones that departed from the output.'),
});

export const exportedSystemSchema = z.object({
  id: z.string().describe('The system’s id in the audit store.'),
  slug: z.string(),
  url: z.url().describe('The notice’s public page in Danish.'),
  urlEn: z.url().describe('The notice’s public page in English.'),
  status: z
    .enum(LIFECYCLE_STATUSES)
    .describe(
      'The status today: retired from retiredOn on, otherwise lifecycleStatus (a retirement ahead counts as in_use).',
    ),
  lifecycleStatus: z.enum(LIFECYCLE_STATUSES).describe('The stage the municipality published.'),
  processingKind: processingKindSchema,
  caseAreas: z.array(caseAreaSchema),
  noticeVersion: z.number().int().positive(),
  firstPublishedAt: z.iso.datetime(),
  lastChangedAt: z.iso.datetime(),
  da: noticeTextsSchema,
  en: noticeTextsSchema,
  legalBasis: z.object({ reference: z.string(), url: z.url() }),
  dataSources: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      ownerAuthority: z.string(),
      categories: z.array(z.string()),
    }),
  ),
  supplier: z.string(),
  processor: z.string(),
  dpiaDate: z.iso.date(),
  inUseSince: z.iso.date(),
  retiredOn: z.iso.date().nullable(),
  contact: z.object({ email: z.string(), phone: z.string() }),
  dataProtectionOfficer: z.object({ name: z.string(), email: z.string() }),
  risks: z.array(noticeRiskSchema).describe('Risks identified, each with its mitigation, in both languages.'),
  impactAssessments: z.array(impactAssessmentSchema),
  technicalDocumentationUrl: z
    .url()
    .nullable()
    .describe('Source code or technical documentation; null if not stated.'),
  seniorResponsibleOwner: seniorResponsibleOwnerSchema.nullable(),
  appealUrl: z.url().nullable().describe('How to complain or appeal; null if not stated.'),
  standards: z
    .object({ atrs: z.url(), algoritmeregister: z.url() })
    .describe('The same notice as a UK ATRS record and as a Dutch Algoritmeregister record.'),
  facts: factsSchema,
  history: z.array(
    z.object({
      version: z.number().int().positive(),
      publishedAt: z.iso.datetime(),
      changeSummary: z.object({ da: z.string(), en: z.string() }),
      changedFields: z
        .array(z.enum(CHANGE_FIELDS))
        .describe('The fields that differ from the version before, computed from the two versions.'),
      url: z.url().describe('The version’s own public page, in full with its changes, in Danish.'),
      urlEn: z.url().describe('The same page in English.'),
    }),
  ),
});
export type ExportedSystem = z.infer<typeof exportedSystemSchema>;

export const aiSystemsExportSchema = z.object({
  schemaVersion: z.literal(OPEN_DATA_SCHEMA_VERSION),
  schema: z.url().describe('This document’s JSON Schema.'),
  generatedAt: z.iso.datetime(),
  municipality: z.object({ code: z.string().length(3), name: z.string() }),
  systems: z.array(exportedSystemSchema),
});
export type AiSystemsExport = z.infer<typeof aiSystemsExportSchema>;

/** The published JSON Schema of the export, generated from the zod schema. */
export function aiSystemsJsonSchema(baseUrl: URL): Record<string, unknown> {
  return {
    ...z.toJSONSchema(aiSystemsExportSchema),
    $id: new URL(SCHEMA_PATH, baseUrl).toString(),
    title: 'Indsigt: the municipality’s register of AI systems',
    description: `Open data export of the public AI register, schema version ${OPEN_DATA_SCHEMA_VERSION}. Counts under 10 are published only as {"suppressed": true, "fewerThan": 10}.`,
  };
}

const NO_FACTS: SystemFacts = {
  casesTouched: { suppressed: true, fewerThan: 10 },
  decisionsWithOutput: { suppressed: true, fewerThan: 10 },
  departures: { suppressed: true, fewerThan: 10 },
};

export interface ExportInput {
  readonly notices: readonly PublishedNotice[];
  readonly dataSources: readonly DataSourceInfo[];
  readonly facts: RegisterFacts;
  readonly municipality: { readonly code: string; readonly name: string };
  readonly baseUrl: URL;
  readonly now: Date;
}

function dataSourcesOf(
  content: NoticeContent,
  known: readonly DataSourceInfo[],
): ExportedSystem['dataSources'] {
  return content.dataSources.map((s) => {
    const source = known.find((k) => k.id === s.sourceId);
    return {
      id: s.sourceId,
      name: source?.name ?? s.sourceId,
      ownerAuthority: source?.ownerAuthority ?? '',
      categories: s.categories,
    };
  });
}

/** One notice as an export record. */
export function exportSystem(notice: PublishedNotice, input: ExportInput): ExportedSystem {
  const { content } = notice.latest;
  const today = input.now.toISOString().slice(0, 10);
  const facts = input.facts.bySystem.get(notice.systemId) ?? NO_FACTS;
  const first = notice.history[0] ?? notice.latest;
  return {
    id: notice.systemId,
    slug: notice.slug,
    url: new URL(`/ai-systemer/${notice.slug}`, input.baseUrl).toString(),
    urlEn: new URL(`/en/ai-systemer/${notice.slug}`, input.baseUrl).toString(),
    status: noticeStatus(content, today),
    lifecycleStatus: content.lifecycleStatus,
    processingKind: notice.processingKind,
    caseAreas: content.caseAreas,
    noticeVersion: notice.latest.version,
    firstPublishedAt: first.publishedAt.toISOString(),
    lastChangedAt: notice.latest.publishedAt.toISOString(),
    da: content.da,
    en: content.en,
    legalBasis: content.legalBasis,
    dataSources: dataSourcesOf(content, input.dataSources),
    supplier: content.supplier,
    processor: content.processor,
    dpiaDate: content.dpiaDate,
    inUseSince: content.inUseSince,
    retiredOn: content.retiredOn,
    contact: content.contact,
    dataProtectionOfficer: content.dataProtectionOfficer,
    risks: content.risks,
    impactAssessments: content.impactAssessments,
    technicalDocumentationUrl: content.technicalDocumentationUrl,
    seniorResponsibleOwner: content.seniorResponsibleOwner,
    appealUrl: content.appealUrl,
    standards: {
      atrs: new URL(atrsPath(notice.slug), input.baseUrl).toString(),
      algoritmeregister: new URL(algoritmeregisterPath(notice.slug), input.baseUrl).toString(),
    },
    facts: { periodStart: input.facts.periodStart, periodEnd: input.facts.periodEnd, ...facts },
    history: notice.history.map((v, i) => ({
      version: v.version,
      publishedAt: v.publishedAt.toISOString(),
      changeSummary: v.changeSummary,
      changedFields: changedFields(notice.history[i - 1]?.content ?? null, v.content),
      url: new URL(versionPath(notice.slug, v.version), input.baseUrl).toString(),
      urlEn: new URL(`/en${versionPath(notice.slug, v.version)}`, input.baseUrl).toString(),
    })),
  };
}

/** The whole JSON export. */
export function buildAiSystemsExport(input: ExportInput): AiSystemsExport {
  return {
    schemaVersion: OPEN_DATA_SCHEMA_VERSION,
    schema: new URL(SCHEMA_PATH, input.baseUrl).toString(),
    generatedAt: input.now.toISOString(),
    municipality: { code: input.municipality.code, name: input.municipality.name },
    systems: input.notices.map((notice) => exportSystem(notice, input)),
  };
}

/** A published count in a CSV cell: the number, or "<10" when it is suppressed. */
export function csvCount(count: SuppressedCount): string {
  return count.suppressed ? `<${count.fewerThan}` : String(count.count);
}

export const CSV_COLUMNS = [
  'id',
  'url',
  'status',
  'processing_kind',
  'case_areas',
  'notice_version',
  'last_changed_at',
  'name_da',
  'name_en',
  'short_description_da',
  'short_description_en',
  'purpose_da',
  'purpose_en',
  'use_in_case_processing_da',
  'use_in_case_processing_en',
  'human_oversight_da',
  'human_oversight_en',
  'dpia_summary_da',
  'dpia_summary_en',
  'trade_offs_da',
  'trade_offs_en',
  'technical_description_da',
  'technical_description_en',
  'appeal_route_da',
  'appeal_route_en',
  'lifecycle_status',
  'risks_da',
  'risks_en',
  'impact_assessments',
  'technical_documentation_url',
  'senior_responsible_owner',
  'senior_responsible_owner_role_da',
  'senior_responsible_owner_role_en',
  'appeal_url',
  'legal_basis',
  'legal_basis_url',
  'data_sources',
  'supplier',
  'processor',
  'dpia_date',
  'in_use_since',
  'retired_on',
  'contact_email',
  'contact_phone',
  'dpo_name',
  'dpo_email',
  'facts_period_start',
  'facts_period_end',
  'cases_touched',
  'decisions_with_output',
  'departures',
] as const;

/**
 * One CSV record per system; lists inside a cell are separated by "; ", categories and the parts of a
 * risk (risk | mitigation) or an impact assessment (title | link | date) by " | " or "|". A text not
 * stated in the version is an empty cell.
 */
export function csvRecord(s: ExportedSystem): string[] {
  return [
    s.id,
    s.url,
    s.status,
    s.processingKind,
    s.caseAreas.join('; '),
    String(s.noticeVersion),
    s.lastChangedAt,
    s.da.name,
    s.en.name,
    s.da.shortDescription,
    s.en.shortDescription,
    s.da.purpose,
    s.en.purpose,
    s.da.useInCaseProcessing,
    s.en.useInCaseProcessing,
    s.da.humanOversight,
    s.en.humanOversight,
    s.da.dpiaSummary,
    s.en.dpiaSummary,
    s.da.tradeOffs ?? '',
    s.en.tradeOffs ?? '',
    s.da.technicalDescription ?? '',
    s.en.technicalDescription ?? '',
    s.da.appealRoute ?? '',
    s.en.appealRoute ?? '',
    s.lifecycleStatus,
    s.risks.map((r) => `${r.da.risk} | ${r.da.mitigation}`).join('; '),
    s.risks.map((r) => `${r.en.risk} | ${r.en.mitigation}`).join('; '),
    s.impactAssessments.map((a) => `${a.title.da} | ${a.url} | ${a.date}`).join('; '),
    s.technicalDocumentationUrl ?? '',
    s.seniorResponsibleOwner?.name ?? '',
    s.seniorResponsibleOwner?.role.da ?? '',
    s.seniorResponsibleOwner?.role.en ?? '',
    s.appealUrl ?? '',
    s.legalBasis.reference,
    s.legalBasis.url,
    s.dataSources.map((d) => `${d.id}:${d.categories.join('|')}`).join('; '),
    s.supplier,
    s.processor,
    s.dpiaDate,
    s.inUseSince,
    s.retiredOn ?? '',
    s.contact.email,
    s.contact.phone,
    s.dataProtectionOfficer.name,
    s.dataProtectionOfficer.email,
    s.facts.periodStart,
    s.facts.periodEnd,
    csvCount(s.facts.casesTouched),
    csvCount(s.facts.decisionsWithOutput),
    csvCount(s.facts.departures),
  ];
}

/**
 * The export as CSV: UTF-8 with a byte order mark (so Excel reads æ, ø and å right), RFC 4180, with
 * `,` or, for Danish Excel, `;` between fields; cells that would run as formulas start with `'`.
 */
export function aiSystemsCsv(data: AiSystemsExport, separator: CsvSeparator = ','): string {
  return UTF8_BOM + toCsv(CSV_COLUMNS, data.systems.map(csvRecord), separator);
}

/** The separator a request for the CSV asks for: `?sep=semicolon` or the default comma; else null. */
export function csvSeparatorFrom(params: URLSearchParams): CsvSeparator | null {
  const sep = params.get('sep');
  if (sep === null || sep === '' || sep === 'comma') return ',';
  return sep === 'semicolon' ? ';' : null;
}
