/**
 * The downloadable case record (JSON): what a citizen can take with them (GDPR art. 15 and 20).
 * Versioned; its JSON Schema is published at /api/v1/case-record.schema.json and documented in
 * docs/case-record-format.md. Change `CASE_RECORD_SCHEMA_VERSION` with any incompatible change.
 */
import { z } from 'zod';
import type { CaseIntegrity, IntegrityProblem } from './integrity.ts';
import { decisionEnSchema, eventEnSchema, explanationSchema } from './explanation.ts';
import {
  aiAssessmentSchema,
  aiEventKindSchema,
  caseAreaSchema,
  caseStatusSchema,
  type CaseTimeline,
} from './types.ts';

/** 1.1 added, compatibly, the explanation of each AI event and the English texts (`en`, `nameEn`, `titleEn`). */
export const CASE_RECORD_SCHEMA_VERSION = '1.1';

const staff = z.object({ name: z.string(), title: z.string(), unit: z.string() });

export const caseRecordSchema = z
  .object({
    schemaVersion: z.literal(CASE_RECORD_SCHEMA_VERSION),
    generatedAt: z.iso.datetime(),
    municipality: z.object({ name: z.string(), email: z.string(), phone: z.string() }),
    case: z.object({
      id: z.uuid(),
      caseNumber: z.string(),
      area: caseAreaSchema,
      title: z.string(),
      titleEn: z.string().nullable().describe('The title in English, if the case system sent one'),
      status: caseStatusSchema,
      openedOn: z.iso.date(),
      closedOn: z.iso.date().nullable(),
    }),
    aiEvents: z.array(
      z.object({
        number: z.number().int().positive().describe('Place in the case record, shared with decisions'),
        occurredAt: z.iso.datetime(),
        system: z.object({
          id: z.string(),
          name: z.string(),
          nameEn: z.string().nullable(),
          version: z.string(),
        }),
        kind: aiEventKindSchema,
        purpose: z.string(),
        outputAsSeenByCaseworker: z.string(),
        dataSources: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            nameEn: z.string().nullable(),
            owner: z.string(),
            categories: z.array(z.string()),
          }),
        ),
        explanation: explanationSchema
          .nullable()
          .describe('How the output entered the decision, and the factors as applied to this citizen'),
        en: eventEnSchema.nullable().describe('English texts of the output and purpose, if sent'),
        ranBy: staff.nullable(),
        dataReused: z.boolean(),
        usedForTraining: z.boolean(),
        hash: z.string(),
      }),
    ),
    decisions: z.array(
      z.object({
        number: z.number().int().positive(),
        decidedAt: z.iso.datetime(),
        outcome: z.string(),
        reasons: z.string(),
        decidedBy: staff.nullable().describe('Null only in a broken record: a human must decide (§1 stk. 6)'),
        aiEventsConsidered: z.array(z.number().int().positive()),
        aiAssessment: aiAssessmentSchema,
        departureReason: z.string().nullable(),
        appeal: z.object({ body: z.string(), deadlineWeeks: z.number().int().positive() }),
        en: decisionEnSchema
          .nullable()
          .describe('English texts of outcome, reasons and departure reason, if sent'),
        hash: z.string(),
      }),
    ),
    integrity: z.object({
      intact: z.boolean(),
      problems: z.array(
        z.object({
          kind: z.enum(['chain_broken', 'chain_incomplete', 'case_changed', 'decision_without_human']),
          number: z
            .number()
            .int()
            .nonnegative()
            .describe('The item concerned; 0 for the case itself (its owner, number or facts)'),
        }),
      ),
    }),
  })
  .describe('Indsigt case record: one case, its AI events and decisions, as shown to the citizen');

export type CaseRecord = z.infer<typeof caseRecordSchema>;

/** The item a problem is about: 0 for the case itself. */
function problemNumber(p: IntegrityProblem): number {
  switch (p.kind) {
    case 'chain_broken':
      return p.verdict.brokenAt.seq;
    case 'decision_without_human':
      return p.decisionSeq;
    case 'chain_incomplete':
      // The first missing item, or the last one when it is there but not as recorded.
      return p.expectedLength > p.foundLength ? p.foundLength + 1 : Math.max(p.expectedLength, 1);
    case 'case_changed':
      return 0;
  }
}

/** Builds the downloadable record from a timeline and its integrity. */
export function toCaseRecord(timeline: CaseTimeline, integrity: CaseIntegrity, now: Date): CaseRecord {
  return caseRecordSchema.parse({
    schemaVersion: CASE_RECORD_SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    municipality: {
      name: timeline.contact.municipality,
      email: timeline.contact.email,
      phone: timeline.contact.phone,
    },
    case: { ...timeline.case, titleEn: timeline.case.titleEn ?? null },
    aiEvents: timeline.events.map((e) => ({
      number: e.seq,
      occurredAt: e.occurredAt.toISOString(),
      system: {
        id: e.systemId,
        name: e.systemName,
        nameEn: e.systemNameEn ?? null,
        version: e.systemVersion,
      },
      kind: e.kind,
      purpose: e.purposeNote ?? e.purposeCode,
      outputAsSeenByCaseworker: e.output,
      dataSources: e.sources.map((s) => ({
        id: s.dataSourceId,
        name: s.name,
        nameEn: s.nameEn ?? null,
        owner: s.ownerAuthority,
        categories: s.categories,
      })),
      ranBy: e.staff ? { name: e.staff.name, title: e.staff.title, unit: e.staff.unit } : null,
      dataReused: e.dataReused,
      usedForTraining: e.usedForTraining,
      explanation: e.explanation ?? null,
      en: e.en ?? null,
      hash: e.hash,
    })),
    decisions: timeline.decisions.map((d) => ({
      number: d.seq,
      decidedAt: d.decidedAt.toISOString(),
      outcome: d.outcome,
      reasons: d.reasons,
      decidedBy: d.decidedBy
        ? { name: d.decidedBy.name, title: d.decidedBy.title, unit: d.decidedBy.unit }
        : null,
      aiEventsConsidered: d.consideredEventSeqs,
      aiAssessment: d.aiAssessment,
      departureReason: d.departureReason,
      appeal: { body: d.appealBody, deadlineWeeks: d.appealDeadlineWeeks },
      en: d.en ?? null,
      hash: d.hash,
    })),
    integrity: {
      intact: integrity.intact,
      problems: integrity.problems.map((p) => ({ kind: p.kind, number: problemNumber(p) })),
    },
  });
}
