/**
 * What a case, an AI event and a decision are: the domain's types as zod schemas, with the
 * TypeScript types inferred from them. No Astro, HTTP or SQL here.
 */
import { z } from 'zod';
import { decisionEnSchema, eventEnSchema, explanationSchema } from './explanation.ts';
import { cprNumberSchema } from './cpr.ts';

/** Areas of the employment effort a case can belong to. */
export const CASE_AREAS = [
  'sickness_benefit',
  'cash_benefit',
  'job_clarification',
  'rehabilitation',
  'flex_job',
] as const;
export const caseAreaSchema = z.enum(CASE_AREAS);
export type CaseArea = z.infer<typeof caseAreaSchema>;

export const caseStatusSchema = z.enum(['open', 'closed']);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

/**
 * What an AI system did on a case. Profiling is a kind of its own (§1 stk. 2); reuse of data for a
 * new processing (§1 stk. 5) and use for training (§1 stk. 3-4) are events the citizen sees too.
 */
export const AI_EVENT_KINDS = [
  'profiling',
  'pattern_recognition',
  'prediction',
  'summarisation',
  'transcription',
  'classification',
  'reuse',
  'training',
] as const;
export const aiEventKindSchema = z.enum(AI_EVENT_KINDS);
export type AiEventKind = z.infer<typeof aiEventKindSchema>;

/** The kind of processing an AI system performs, as stated in its public notice. */
export const processingKindSchema = aiEventKindSchema.exclude(['reuse', 'training']);
export type ProcessingKind = z.infer<typeof processingKindSchema>;

/**
 * How the human decision-maker weighed the AI output (§1 stk. 6). Only a recommendation or a profile
 * can be followed or departed from; `checked` is a decision whose AI support (a summary, a
 * transcript, a sorted letter) recommended nothing, and which a person checked.
 */
export const aiAssessmentSchema = z.enum(['followed', 'departed', 'checked', 'no_ai']);
export type AiAssessment = z.infer<typeof aiAssessmentSchema>;

export const hashSchema = z.string().regex(/^[0-9a-f]{64}$/);

/** A possible CPR number (ten digits, a real birth date): see cpr.ts. */
export const cprSchema = cprNumberSchema;

export const staffSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  title: z.string().min(1),
  unit: z.string().min(1),
});
export type Staff = z.infer<typeof staffSchema>;

export const caseSummarySchema = z.object({
  id: z.uuid(),
  caseNumber: z.string().min(1),
  area: caseAreaSchema,
  title: z.string().min(1),
  /** The title in English, when the case system sent one. */
  titleEn: z.string().min(1).nullish(),
  status: caseStatusSchema,
  openedOn: z.iso.date(),
  closedOn: z.iso.date().nullable(),
  aiEventCount: z.number().int().nonnegative(),
  latestDecisionAt: z.date().nullable(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const eventSourceSchema = z.object({
  dataSourceId: z.string().min(1),
  name: z.string().min(1),
  nameEn: z.string().min(1).nullish(),
  ownerAuthority: z.string().min(1),
  ownerAuthorityEn: z.string().min(1).nullish(),
  categories: z.array(z.string().min(1)),
});
export type EventSource = z.infer<typeof eventSourceSchema>;

export const aiEventSchema = z.object({
  id: z.number().int().positive(),
  seq: z.number().int().positive(),
  occurredAt: z.date(),
  systemId: z.string().min(1),
  systemName: z.string().min(1),
  systemNameEn: z.string().min(1).nullish(),
  systemVersion: z.string().min(1),
  kind: aiEventKindSchema,
  purposeCode: z.string().min(1),
  purposeNote: z.string().nullable(),
  output: z.string(),
  staff: staffSchema.nullable(),
  dataReused: z.boolean(),
  usedForTraining: z.boolean(),
  sources: z.array(eventSourceSchema),
  /** The structured explanation as applied to this citizen, when the case system sent one. */
  explanation: explanationSchema.nullish(),
  en: eventEnSchema.nullish(),
  prevHash: hashSchema.nullable(),
  hash: hashSchema,
});
export type AiEvent = z.infer<typeof aiEventSchema>;

export const decisionSchema = z.object({
  id: z.number().int().positive(),
  seq: z.number().int().positive(),
  decidedAt: z.date(),
  outcome: z.string().min(1),
  reasons: z.string().min(1),
  /** Null only in a broken record: §1 stk. 6 forbids decisions without a human. */
  decidedBy: staffSchema.nullable(),
  consideredEventSeqs: z.array(z.number().int().positive()),
  aiAssessment: aiAssessmentSchema,
  departureReason: z.string().nullable(),
  appealBody: z.string().min(1),
  appealDeadlineWeeks: z.number().int().positive(),
  en: decisionEnSchema.nullish(),
  prevHash: hashSchema.nullable(),
  hash: hashSchema,
});
export type Decision = z.infer<typeof decisionSchema>;

/** A case's facts as the case row holds them, and as its sealed header seals them. */
export const caseFactsSchema = z.object({
  municipalityCode: z.string().min(1),
  caseNumber: z.string().min(1),
  citizenCpr: cprSchema,
  area: z.string().min(1),
  title: z.string().min(1),
  /** Optional: a header sealed without an English title has none. */
  titleEn: z.string().min(1).nullish(),
  status: z.string().min(1),
  openedOn: z.iso.date(),
  closedOn: z.iso.date().nullable(),
});
export type CaseFacts = z.infer<typeof caseFactsSchema>;

/**
 * What the case page needs to check that the case is as it was sealed, read in the case's own query:
 * the case row, its newest sealed header, the genesis of its chain, and its head record (the chain's
 * length and last hash, kept by the store on every append). See docs/adr/0011-sealed-content-layout.md.
 */
export const caseSealStateSchema = z.object({
  live: caseFactsSchema,
  latest: caseFactsSchema
    .extend({ version: z.number().int().positive(), prevHash: hashSchema.nullable(), hash: hashSchema })
    .nullable(),
  /** The hash of the header's version 1: the first record's prev_hash. */
  genesis: hashSchema.nullable(),
  head: z
    .object({
      seq: z.number().int().nonnegative(),
      hash: hashSchema.nullable(),
      sealVersion: z.number().int().nonnegative(),
      sealHash: hashSchema.nullable(),
    })
    .nullable(),
});
export type CaseSealState = z.infer<typeof caseSealStateSchema>;

export const caseTimelineSchema = z.object({
  /** The case as sealed (as the row holds it when it has no sealed header; that is flagged). */
  case: caseSummarySchema.omit({ aiEventCount: true, latestDecisionAt: true }),
  seal: caseSealStateSchema,
  /** Whom the citizen contacts about the case (the integrity warning names them). */
  contact: z.object({ municipality: z.string(), email: z.string(), phone: z.string() }),
  events: z.array(aiEventSchema),
  decisions: z.array(decisionSchema),
  /** Digital Post letters telling the citizen that AI was used in the case (§2 stk. 4), oldest first. */
  aiNotices: z.array(z.object({ createdAt: z.date(), sentAt: z.date().nullable() })).optional(),
});
export type CaseTimeline = z.infer<typeof caseTimelineSchema>;
