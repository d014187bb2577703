/**
 * One notice as each foreign standard's own record: the UK Algorithmic Transparency Recording
 * Standard (ATRS, tier 1 and tier 2) and the Dutch Algoritmeregister publication standard (v1.0.0).
 * Each record has a zod schema, from which its JSON Schema is generated and committed
 * (docs/schemas/); the field by field mapping, and what has no counterpart, is docs/register-mapping.md.
 * Built from the Indsigt export record, so the three can never disagree.
 */
import { z } from 'zod';
import type { LifecycleStatus } from '../domain/notice.ts';
import type { CaseArea } from '../domain/types.ts';
import type { ExportedSystem } from './open-data.ts';

export const ATRS_SCHEMA_PATH = '/api/v1/atrs.schema.json';
export const ALGORITMEREGISTER_SCHEMA_PATH = '/api/v1/algoritmeregister.schema.json';

const text = z.string();
const nullableText = z.string().nullable();

/**
 * An ATRS record. Attribute names are the standard's snake_case attributes (v2.1 data standard),
 * grouped by the v3.0 template's sections. English texts: ATRS records are published in English.
 */
export const atrsRecordSchema = z
  .object({
    schema: z.url(),
    metadata: z.object({
      standard: z.literal('UK Algorithmic Transparency Recording Standard'),
      standard_version: z.literal('3.0'),
      id: text,
      source: z.url().describe('The Indsigt export this record is derived from.'),
      date_published: z.iso.date(),
      date_updated: z.iso.date(),
      language: z.literal('en'),
    }),
    tier_1: z.object({
      name: text,
      description: text,
      website: z.url(),
      contact_email: z.email(),
    }),
    tier_2: z.object({
      owner_and_responsibility: z.object({
        organisation: text,
        team: nullableText,
        senior_responsible_owner: nullableText.describe(
          'Role title, as ATRS asks; the name is in Indsigt’s own record.',
        ),
        external_supplier_involvement: z.boolean(),
        external_suppliers: z.array(
          z.object({
            external_supplier: text,
            external_supplier_identifier: nullableText,
            external_supplier_role: text,
            data_access_terms: nullableText,
          }),
        ),
      }),
      description_and_rationale: z.object({
        detailed_description: text,
        scope: text,
        benefit: text,
        alternatives_considered: nullableText,
      }),
      decision_making_process: z.object({
        process_integration: text,
        provided_information: text,
        frequency_and_scale_of_usage: text,
        human_decisions_and_review: text,
        appeals_and_review: nullableText,
      }),
      tool_specification: z.object({
        system_architecture: z.url().nullable(),
        phase: z.enum(['development', 'pilot', 'production', 'retired']),
        model_type: text,
        model_description: nullableText,
      }),
      data_specification: z.object({
        source_data: z.array(
          z.object({ source_data_name: text, source_data_description: text, data_owner: text }),
        ),
        legal_basis: text,
        legal_basis_url: z.url(),
      }),
      risks_mitigations_and_impact_assessments: z.object({
        impact_assessments: z.array(
          z.object({
            impact_assessment_name: text,
            impact_assessment_description: nullableText,
            impact_assessment_date: z.iso.date(),
            impact_assessment_link: z.url(),
          }),
        ),
        risks: z.array(z.object({ risk_name: text, risk_description: text, risk_mitigation: text })),
      }),
    }),
  })
  .strict();
export type AtrsRecord = z.infer<typeof atrsRecordSchema>;

/** The Algoritmeregister's status values (v1.0.0 `status`). */
const NL_STATUS = ['In ontwikkeling', 'In gebruik', 'Buiten gebruik'] as const;
/** The Algoritmeregister's themes (v1.0.0 `category`, the TOP list) that the case areas fall under. */
const NL_THEMES = ['Sociale zekerheid', 'Werk'] as const;

const limited = (max: number) => z.string().max(max);

/**
 * An Algoritmeregister record: the v1.0.0 publication standard's properties with their length
 * limits. One deliberate difference: `lang` is "dan", because the notice is written in Danish (the
 * standard's own list holds only "nld" so far).
 */
export const algoritmeregisterRecordSchema = z
  .object({
    schema: z.url(),
    name: limited(100),
    description_short: limited(350),
    organization: limited(100),
    category: z.array(z.enum(NL_THEMES)).max(3),
    status: z.enum(NL_STATUS),
    begin_date: z.string().regex(/^\d{4}-\d{2}$/),
    end_date: z
      .string()
      .regex(/^\d{4}-\d{2}$/)
      .nullable(),
    contact_email: limited(500),
    website: limited(500),
    publication_category: z.enum(['Hoog-risico AI-systeem', 'Impactvolle algoritmes', 'Overige algoritmes']),
    url: limited(500),
    goal: limited(2500),
    proportionality: limited(2500).nullable(),
    human_intervention: limited(2500),
    risks: limited(2500).nullable(),
    lawful_basis: limited(2500),
    lawful_basis_grouping: z.array(z.object({ title: limited(100), link: limited(500) })),
    process_index_url: limited(500).nullable(),
    impacttoetsen_grouping: z.array(z.object({ title: text, link: limited(500) })),
    impacttoetsen: limited(2500).nullable(),
    source_data: limited(2500),
    source_data_grouping: z.array(z.object({ title: limited(500), link: limited(500) })),
    methods_and_models: limited(5000).nullable(),
    provider: limited(200),
    publiccode: limited(500).nullable(),
    lang: z.literal('dan'),
    standard_version: z.literal('1.0.0'),
    source_id: limited(100),
    tags: limited(2500).nullable(),
  })
  .strict();
export type AlgoritmeregisterRecord = z.infer<typeof algoritmeregisterRecordSchema>;

/** The JSON Schema of a record, as served and as committed under docs/schemas/. */
export function standardJsonSchema(
  kind: 'atrs' | 'algoritmeregister',
  baseUrl: URL,
): Record<string, unknown> {
  const atrs = kind === 'atrs';
  return {
    ...z.toJSONSchema(atrs ? atrsRecordSchema : algoritmeregisterRecordSchema),
    $id: new URL(atrs ? ATRS_SCHEMA_PATH : ALGORITMEREGISTER_SCHEMA_PATH, baseUrl).toString(),
    title: atrs
      ? 'Indsigt: one AI system as a UK Algorithmic Transparency Recording Standard record'
      : 'Indsigt: one AI system as a Dutch Algoritmeregister record (publication standard 1.0.0)',
    description:
      'Field mapping and what has no counterpart: docs/register-mapping.md in the Indsigt repository.',
  };
}

const ATRS_PHASE: Record<LifecycleStatus, AtrsRecord['tier_2']['tool_specification']['phase']> = {
  development: 'development',
  pilot: 'pilot',
  in_use: 'production',
  retired: 'retired',
};

/** "Both in development and in use" is "In gebruik" (the standard's instructions); a pilot is in use. */
const NL_STATUS_OF: Record<LifecycleStatus, (typeof NL_STATUS)[number]> = {
  development: 'In ontwikkeling',
  pilot: 'In gebruik',
  in_use: 'In gebruik',
  retired: 'Buiten gebruik',
};

const NL_THEME_OF: Record<CaseArea, (typeof NL_THEMES)[number]> = {
  sickness_benefit: 'Sociale zekerheid',
  cash_benefit: 'Sociale zekerheid',
  job_clarification: 'Werk',
  rehabilitation: 'Werk',
  flex_job: 'Werk',
};

const count = (c: ExportedSystem['facts']['casesTouched']): string =>
  c.suppressed ? `fewer than ${c.fewerThan}` : String(c.count);

/** A text cut to a standard's limit, marked where it was cut (the full text is in Indsigt's record). */
function fit(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

/** One system as an ATRS record. */
export function atrsRecord(
  s: ExportedSystem,
  municipality: string,
  baseUrl: URL,
  source: string,
): AtrsRecord {
  const suppliers = [{ external_supplier: s.supplier, external_supplier_role: 'Supplier of the system' }];
  // The data processor (GDPR art. 28) is an external organisation with access to the data; ATRS
  // lists it as an external supplier with that role (not as "data_access_terms", which are terms).
  if (s.processor !== municipality)
    suppliers.push({
      external_supplier: s.processor,
      external_supplier_role: 'Data processor (GDPR art. 28)',
    });
  return {
    schema: new URL(ATRS_SCHEMA_PATH, baseUrl).toString(),
    metadata: {
      standard: 'UK Algorithmic Transparency Recording Standard',
      standard_version: '3.0',
      id: s.slug,
      source,
      date_published: s.firstPublishedAt.slice(0, 10),
      date_updated: s.lastChangedAt.slice(0, 10),
      language: 'en',
    },
    tier_1: {
      name: s.en.name,
      description: s.en.shortDescription,
      website: s.urlEn,
      contact_email: s.contact.email,
    },
    tier_2: {
      owner_and_responsibility: {
        organisation: municipality,
        team: null,
        senior_responsible_owner: s.seniorResponsibleOwner?.role.en ?? null,
        external_supplier_involvement: suppliers.some((x) => x.external_supplier !== municipality),
        external_suppliers: suppliers
          .filter((x) => x.external_supplier !== municipality)
          .map((x) => ({ ...x, external_supplier_identifier: null, data_access_terms: null })),
      },
      description_and_rationale: {
        detailed_description: s.en.useInCaseProcessing,
        scope: s.en.purpose,
        benefit: s.en.purpose,
        alternatives_considered: s.en.tradeOffs,
      },
      decision_making_process: {
        process_integration: s.en.useInCaseProcessing,
        provided_information: s.en.useInCaseProcessing,
        frequency_and_scale_of_usage: `Used in ${count(s.facts.casesTouched)} cases from ${s.facts.periodStart.slice(0, 10)} to ${s.facts.periodEnd.slice(0, 10)}.`,
        human_decisions_and_review: s.en.humanOversight,
        appeals_and_review: s.en.appealRoute,
      },
      tool_specification: {
        system_architecture: s.technicalDocumentationUrl,
        phase: ATRS_PHASE[s.status],
        model_type: s.processingKind,
        model_description: s.en.technicalDescription,
      },
      data_specification: {
        source_data: s.dataSources.map((d) => ({
          source_data_name: d.name,
          source_data_description: d.categories.join(', '),
          data_owner: d.ownerAuthority,
        })),
        legal_basis: s.legalBasis.reference,
        legal_basis_url: s.legalBasis.url,
      },
      risks_mitigations_and_impact_assessments: {
        impact_assessments: s.impactAssessments.map((a, i) => ({
          impact_assessment_name: a.title.en,
          // The DPIA's findings are published for the notice's DPIA, the first assessment listed.
          impact_assessment_description: i === 0 ? s.en.dpiaSummary : null,
          impact_assessment_date: a.date,
          impact_assessment_link: a.url,
        })),
        risks: s.risks.map((r) => ({
          risk_name: r.en.risk,
          risk_description: r.en.risk,
          risk_mitigation: r.en.mitigation,
        })),
      },
    },
  };
}

/** One system as an Algoritmeregister record, in Danish. */
export function algoritmeregisterRecord(
  s: ExportedSystem,
  municipality: string,
  baseUrl: URL,
  source: string,
): AlgoritmeregisterRecord {
  const month = (date: string | null): string | null => (date === null ? null : date.slice(0, 7));
  const risks = s.risks.map((r) => `${r.da.risk} ${r.da.mitigation}`).join('\n');
  const methods = s.da.technicalDescription;
  return {
    schema: new URL(ALGORITMEREGISTER_SCHEMA_PATH, baseUrl).toString(),
    name: s.da.name,
    description_short: s.da.shortDescription,
    organization: fit(municipality, 100),
    category: [...new Set(s.caseAreas.map((a) => NL_THEME_OF[a]))],
    status: NL_STATUS_OF[s.status],
    begin_date: s.inUseSince.slice(0, 7),
    end_date: s.status === 'retired' ? month(s.retiredOn) : null,
    contact_email: s.contact.email,
    website: s.url,
    // Not a field of the notice: profiling and prediction affect citizens' cases directly.
    publication_category:
      s.processingKind === 'profiling' || s.processingKind === 'prediction'
        ? 'Impactvolle algoritmes'
        : 'Overige algoritmes',
    url: source,
    goal: s.da.purpose,
    proportionality: s.da.tradeOffs,
    human_intervention: s.da.humanOversight,
    risks: risks === '' ? null : fit(risks, 2500),
    lawful_basis: s.legalBasis.reference,
    lawful_basis_grouping: [{ title: fit(s.legalBasis.reference, 100), link: s.legalBasis.url }],
    process_index_url: null,
    impacttoetsen_grouping: s.impactAssessments.map((a) => ({ title: a.title.da, link: a.url })),
    impacttoetsen: s.da.dpiaSummary,
    source_data: fit(
      s.dataSources.map((d) => `${d.name} (${d.ownerAuthority}): ${d.categories.join(', ')}`).join('\n'),
      2500,
    ),
    source_data_grouping: [],
    methods_and_models:
      methods === null
        ? null
        : fit(s.technicalDocumentationUrl ? `${methods}\n${s.technicalDocumentationUrl}` : methods, 5000),
    provider: fit(s.supplier, 200),
    publiccode: null,
    lang: 'dan',
    standard_version: '1.0.0',
    source_id: s.id,
    tags: null,
  };
}
