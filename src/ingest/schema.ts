/**
 * The ingest format: what a case system sends to the audit store, one JSON record at a time (a line of
 * a JSONL file for `npm run ingest`, an element of `records` for POST /api/v1/ingest). Every record
 * carries the writer's idempotency key. Documented in docs/ingest-format.md; exported as JSON Schema
 * for writers in other languages.
 */
import { z } from 'zod';
import {
  aiAssessmentSchema,
  aiEventKindSchema,
  caseAreaSchema,
  caseStatusSchema,
  cprSchema,
  processingKindSchema,
} from '../domain/types.ts';
import { decisionEnSchema, eventEnSchema, explanationSchema } from '../domain/explanation.ts';

const text = z.string().trim().min(1);
const isoDate = z.iso.date();
/** An instant with its offset (`2026-03-02T09:15:00Z`, `2026-03-02T10:15:00+01:00`). */
const instant = z.iso.datetime({ offset: true });
const municipalityCode = z.string().regex(/^[0-9]{3}$/, 'a three-digit municipality code');

/** The writer's key for the record: re-sending it is harmless, reusing it for other content is refused. */
export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
  .describe('Unique per record, chosen by the writer, e.g. "sagssystem:event:8c1f...". Max 200 characters.');

/** An information source personal data is obtained from (§2 stk. 1). Upserted by id. */
export const dataSourceRecordSchema = z.strictObject({
  type: z.literal('data_source'),
  idempotencyKey: idempotencyKeySchema,
  id: z.string().regex(/^[a-z0-9_]+$/),
  name: text,
  ownerAuthority: text,
  categories: z.array(text).min(1),
  en: z
    .strictObject({ name: text.nullable(), ownerAuthority: text.nullable() })
    .partial()
    .nullable()
    .optional()
    .describe(
      'English texts, shown on English pages; Danish is shown (marked as Danish) where absent. ' +
        'An omitted text keeps the stored one; null clears it (en: null clears both).',
    ),
});

/** An AI system with the versions in use so far. Upserted by id; versions are added, never removed. */
export const aiSystemRecordSchema = z
  .strictObject({
    type: z.literal('ai_system'),
    idempotencyKey: idempotencyKeySchema,
    id: z.string().regex(/^[a-z0-9-]+$/),
    municipalityCode,
    name: text,
    supplier: text,
    processor: text.describe('The data processor (§2 stk. 3).'),
    processingKind: processingKindSchema,
    legalBasis: text,
    status: z.enum(['in_use', 'retired']),
    inUseSince: isoDate,
    retiredOn: isoDate.nullable().default(null),
    dpiaDate: isoDate.nullable().default(null),
    versions: z.array(z.strictObject({ version: text, releasedOn: isoDate })).min(1),
    en: z
      .strictObject({ name: text.nullable(), legalBasis: text.nullable() })
      .partial()
      .nullable()
      .optional()
      .describe(
        'English texts. An omitted text keeps the stored one; null clears it (en: null clears both).',
      ),
  })
  .refine((r) => (r.status === 'retired') === (r.retiredOn !== null), {
    message: 'retiredOn is set exactly when status is "retired"',
    path: ['retiredOn'],
  });

/** A member of staff who runs AI systems or decides cases. Upserted by id. */
export const staffRecordSchema = z.strictObject({
  type: z.literal('staff'),
  idempotencyKey: idempotencyKeySchema,
  id: text,
  municipalityCode,
  name: text,
  title: text,
  unit: text,
});

/** A case and its citizen. Upserted by id; a case never moves to another citizen or case number. */
export const caseRecordSchema = z
  .strictObject({
    type: z.literal('case'),
    idempotencyKey: idempotencyKeySchema,
    id: z.uuid(),
    municipalityCode,
    caseNumber: text,
    area: caseAreaSchema,
    title: text,
    status: caseStatusSchema,
    openedOn: isoDate,
    closedOn: isoDate.nullable().default(null),
    citizen: z.strictObject({ cpr: cprSchema, givenName: text, familyName: text }),
    en: z
      .strictObject({ title: text.nullable() })
      .partial()
      .nullable()
      .optional()
      .describe(
        'English texts. An omitted title keeps the stored one; null clears it (en: null clears it too).',
      ),
  })
  .refine((r) => r.closedOn === null || r.closedOn >= r.openedOn, {
    message: 'closedOn is not before openedOn',
    path: ['closedOn'],
  });

/** One use of an AI system on a case (§2 stk. 1). Appended to the case's chain; the store assigns seq. */
export const aiEventRecordSchema = z
  .strictObject({
    type: z.literal('ai_event'),
    idempotencyKey: idempotencyKeySchema,
    caseId: z.uuid(),
    occurredAt: instant,
    systemId: text,
    systemVersion: text,
    kind: aiEventKindSchema,
    purposeCode: text,
    purposeNote: z.string().nullable().default(null),
    output: z.string().describe('The output as the caseworker saw it.'),
    staffId: text.nullable().default(null),
    dataReused: z.boolean().default(false).describe('§1 stk. 5'),
    usedForTraining: z.boolean().default(false).describe('§1 stk. 3-4'),
    sources: z.array(z.strictObject({ dataSourceId: text, categories: z.array(text).min(1) })),
    explanation: explanationSchema
      .optional()
      .describe(
        'How the output entered the decision and, for scores, the factors as applied to this citizen.',
      ),
    en: eventEnSchema.optional().describe('English texts of output and purposeNote.'),
  })
  .refine((r) => new Set(r.sources.map((s) => s.dataSourceId)).size === r.sources.length, {
    message: 'each data source is listed once',
    path: ['sources'],
  })
  .refine(
    (r) =>
      (r.explanation?.factors ?? []).every((f) => r.sources.some((s) => s.dataSourceId === f.dataSourceId)),
    {
      message: 'each factor’s dataSourceId is one of the event’s sources (§2 stk. 1)',
      path: ['explanation'],
    },
  );

/**
 * A decision on a case, made by a human (§1 stk. 6). Appended to the case's chain. The AI events in
 * front of the decision-maker are named by their seq on the case, or by the idempotency keys they were
 * sent with (resolved to seqs by the store), or both.
 */
export const decisionRecordSchema = z
  .strictObject({
    type: z.literal('decision'),
    idempotencyKey: idempotencyKeySchema,
    caseId: z.uuid(),
    decidedAt: instant,
    outcome: text,
    reasons: text,
    decidedById: text.describe('The human decision-maker (§1 stk. 6); required.'),
    consideredEventSeqs: z.array(z.number().int().positive()).default([]),
    consideredEventKeys: z.array(idempotencyKeySchema).default([]),
    aiAssessment: aiAssessmentSchema,
    departureReason: text.nullable().default(null),
    appealBody: text,
    appealDeadlineWeeks: z.number().int().positive(),
    en: decisionEnSchema.optional().describe('English texts of outcome, reasons and departureReason.'),
  })
  .refine((r) => r.aiAssessment !== 'departed' || r.departureReason !== null, {
    message: 'a departure from the AI output needs a departureReason',
    path: ['departureReason'],
  });

/** Any record of the ingest format, told apart by `type`. */
export const ingestRecordSchema = z.discriminatedUnion('type', [
  dataSourceRecordSchema,
  aiSystemRecordSchema,
  staffRecordSchema,
  caseRecordSchema,
  aiEventRecordSchema,
  decisionRecordSchema,
]);

export type IngestRecord = z.infer<typeof ingestRecordSchema>;
export type AiEventRecord = z.infer<typeof aiEventRecordSchema>;
export type DecisionRecord = z.infer<typeof decisionRecordSchema>;
export type ReferenceRecord = Exclude<IngestRecord, AiEventRecord | DecisionRecord>;
export type RecordType = IngestRecord['type'];

export type RecordParse = { ok: true; record: IngestRecord } | { ok: false; reason: string };

/**
 * Parses one record, answering a readable reason on failure: the paths and messages of the problems,
 * never the values (a record may hold a CPR number).
 */
export function parseIngestRecord(value: unknown): RecordParse {
  const parsed = ingestRecordSchema.safeParse(value);
  if (parsed.success) return { ok: true, record: parsed.data };
  const reason = parsed.error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'record'}: ${issue.message}`)
    .join('; ');
  return { ok: false, reason: `invalid record: ${reason}` };
}

/** Parses one JSONL line: JSON first, then the record format. */
export function parseIngestLine(line: string): RecordParse {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    // Only the position: the engine's message may quote the line, and a line may hold a CPR number.
    const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
    return { ok: false, reason: position === undefined ? 'not JSON' : `not JSON (at character ${position})` };
  }
  return parseIngestRecord(value);
}

/** The record format as JSON Schema (draft 2020-12), as a writer sends it (defaults optional). */
export function ingestRecordJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ingestRecordSchema, { io: 'input', target: 'draft-2020-12' });
}
