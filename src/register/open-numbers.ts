/**
 * The open numbers on citizens' requests, per municipality, as the register publishes them (issue 11):
 * requests per type, median days to answer, share answered within the deadline, and share of
 * re-assessments that changed the decision, over the last 12 months. Every count under 10 is published
 * only as "fewer than 10", a median only over at least 10 answers, and a share only when both of its
 * counts are published (src/domain/small-counts.ts). The zod schema is the one definition of the JSON
 * at /api/v1/request-statistics and of its JSON Schema.
 */
import { z } from 'zod';
import type { Queryable } from '../db/db.ts';
import { lastTwelveMonths } from '../db/register-facts.ts';
import { getRequestStatistics, type RawRequestStatistics } from '../db/request-statistics.ts';
import {
  publishedShare,
  SUPPRESSION_THRESHOLD,
  suppressedCountSchema,
  suppressSmallCount,
} from '../domain/small-counts.ts';
import { todayInDenmark } from './format.ts';
import { staleWhileRevalidate } from '../server/stale-while-revalidate.ts';

export const REQUEST_STATISTICS_PATH = '/api/v1/request-statistics';
export const REQUEST_STATISTICS_SCHEMA_PATH = '/api/v1/request-statistics.schema.json';

/** The request types the register always lists, even with no requests (then "fewer than 10"). */
export const PUBLISHED_REQUEST_TYPES = ['explanation', 'reassessment', 'objection', 'correction'] as const;

const municipalityNumbersSchema = z.object({
  code: z
    .string()
    .regex(/^\d{3}$/)
    .describe('the municipality code'),
  name: z.string(),
  requests: suppressedCountSchema.describe('requests received in the period'),
  requestsByType: z
    .array(z.object({ type: z.string(), requests: suppressedCountSchema }))
    .describe('requests received per type: explanation, reassessment, objection, correction'),
  answered: suppressedCountSchema.describe('of those, answered'),
  medianDaysToAnswer: z
    .number()
    .nonnegative()
    .nullable()
    .describe('median calendar days from receipt to answer; null under 10 answers'),
  dueOrAnswered: suppressedCountSchema.describe('requests answered, or past their deadline unanswered'),
  answeredWithinDeadline: suppressedCountSchema.describe('requests answered on or before their deadline'),
  answeredWithinDeadlinePercent: z
    .number()
    .int()
    .min(0)
    .max(100)
    .nullable()
    .describe('answeredWithinDeadline / dueOrAnswered in whole per cent; null unless both are published'),
  reassessmentsDecided: suppressedCountSchema.describe('re-assessments with a known outcome'),
  reassessmentsChangingDecision: suppressedCountSchema.describe(
    'of those, re-assessments that changed the decision',
  ),
  reassessmentsChangingDecisionPercent: z.number().int().min(0).max(100).nullable(),
});

export const requestStatisticsExportSchema = z.object({
  schemaVersion: z.literal('1.0'),
  periodStart: z.iso.datetime().describe('requests received from (inclusive)'),
  periodEnd: z.iso.datetime().describe('requests received until (exclusive)'),
  suppressionThreshold: z.literal(SUPPRESSION_THRESHOLD),
  municipalities: z.array(municipalityNumbersSchema),
});
export type RequestStatisticsExport = z.infer<typeof requestStatisticsExportSchema>;
export type MunicipalityNumbers = z.infer<typeof municipalityNumbersSchema>;

/** The published JSON Schema (draft 2020-12) of the export. */
export function requestStatisticsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(requestStatisticsExportSchema, { target: 'draft-2020-12' });
}

/** Suppresses and derives the published numbers of one municipality. Pure. */
export function publishMunicipalityNumbers(raw: RawRequestStatistics): MunicipalityNumbers {
  const types = [...new Set([...PUBLISHED_REQUEST_TYPES, ...raw.receivedByType.keys()])];
  const due = suppressSmallCount(raw.due);
  const inTime = suppressSmallCount(raw.answeredInTime);
  const decided = suppressSmallCount(raw.reassessmentsDecided);
  const changed = suppressSmallCount(raw.reassessmentsChanged);
  return {
    code: raw.municipalityCode,
    name: raw.municipalityName,
    requests: suppressSmallCount(raw.received),
    requestsByType: types.map((type) => ({
      type,
      requests: suppressSmallCount(raw.receivedByType.get(type) ?? 0),
    })),
    answered: suppressSmallCount(raw.answered),
    // A median of fewer than 10 answers could describe a few identifiable people: not published.
    medianDaysToAnswer:
      raw.answered >= SUPPRESSION_THRESHOLD && raw.medianDaysToAnswer !== null
        ? Math.round(raw.medianDaysToAnswer * 10) / 10
        : null,
    dueOrAnswered: due,
    answeredWithinDeadline: inTime,
    answeredWithinDeadlinePercent: publishedShare(inTime, due),
    reassessmentsDecided: decided,
    reassessmentsChangingDecision: changed,
    reassessmentsChangingDecisionPercent: publishedShare(changed, decided),
  };
}

/** The open numbers for requests received in the 12 months up to `now`, one query. */
export async function buildRequestStatistics(
  db: Queryable,
  now: Date = new Date(),
): Promise<RequestStatisticsExport> {
  const period = lastTwelveMonths(now);
  const raw = await getRequestStatistics(db, period, todayInDenmark(now));
  return {
    schemaVersion: '1.0',
    periodStart: period.start.toISOString(),
    periodEnd: period.end.toISOString(),
    suppressionThreshold: SUPPRESSION_THRESHOLD,
    municipalities: raw.map(publishMunicipalityNumbers),
  };
}

const cached = staleWhileRevalidate(buildRequestStatistics, {
  freshMs: 5 * 60_000,
  maxStaleMs: 60 * 60_000,
});

/**
 * The open numbers as of at most five minutes ago (each process computes them at most that often),
 * or while a refresh runs or after it failed, the last good ones of the past hour.
 */
export function getCachedRequestStatistics(
  db: Queryable,
  now: Date = new Date(),
): Promise<RequestStatisticsExport> {
  return cached(db, now);
}
