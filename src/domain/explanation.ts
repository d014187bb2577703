/**
 * The structured explanation of one AI event, as applied to this citizen: what role the output had
 * in the decision, and for scores and recommendations the factors that mattered (the value used, its
 * direction, its weight and contribution, and the information source it came from), plus the
 * model's known limits. This is the citizen-level answer France's CRPA art. R311-3-1-2 asks for, and
 * the "how the technology was used" and "from which information source" of §2 stk. 1.
 *
 * English texts ride next to the Danish ones in an optional `en` object; a case system that sends
 * only Danish leaves it out, and the pages show the Danish text marked lang="da".
 */
import { z } from 'zod';

/**
 * A text of an explanation or an English text. A NUL character is refused here: these texts are
 * stored as JSON (which may hold one), and a page cannot show one.
 */
const text = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .refine((value) => !value.includes('\u0000'), 'must not contain a NUL character');

/** How the output entered the decision (the "degree and mode" of the algorithm's contribution). */
export const EXPLANATION_ROLES = ['advisory', 'one_of_several_inputs', 'screening'] as const;
export const explanationRoleSchema = z.enum(EXPLANATION_ROLES);
export type ExplanationRole = z.infer<typeof explanationRoleSchema>;

/** One factor as applied to this citizen. `contribution` is `weight × value` in a linear model. */
export const explanationFactorSchema = z.strictObject({
  code: z
    .string()
    .regex(/^[a-z0-9_]{1,64}$/)
    .describe('A stable name for the factor, e.g. "prior_sick_spells".'),
  label: text.describe('The factor in plain Danish.'),
  value: z.number().describe('The value the model used for this citizen.'),
  valueText: text.describe('The value as a person reads it, in Danish, e.g. "3 gange".'),
  weight: z.number().describe('The model’s weight (coefficient) for the factor.'),
  contribution: z.number().describe('What the factor added to the score (weight × value).'),
  direction: z.enum(['raises', 'lowers', 'neutral']),
  dataSourceId: z
    .string()
    .regex(/^[a-z0-9_]+$/)
    .describe('The information source the value came from (§2 stk. 1).'),
  en: z.strictObject({ label: text, valueText: text }).partial().optional(),
});
export type ExplanationFactor = z.infer<typeof explanationFactorSchema>;

/** A linear score: the raw sum `intercept + Σ contributions`, mapped by `link` to the score shown. */
export const explanationModelSchema = z.strictObject({
  link: z.enum(['logistic', 'identity']),
  intercept: z.number(),
  score: z.number().describe('The score shown to the caseworker.'),
});

export const explanationSchema = z.strictObject({
  role: explanationRoleSchema,
  model: explanationModelSchema.optional(),
  factors: z.array(explanationFactorSchema).max(50).default([]),
  limits: text.optional().describe('The model’s known limits, in Danish (e.g. its accuracy).'),
  en: z.strictObject({ limits: text }).partial().optional(),
});
export type Explanation = z.infer<typeof explanationSchema>;

/** The logistic function. */
export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Rounds to `digits` decimals, the way the demo models publish their numbers. */
export function roundTo(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * The score an explanation's model gives from its own factors, rounded to two decimals like the
 * output the caseworker saw; null when the explanation carries no model.
 */
export function scoreFromFactors(explanation: Explanation): number | null {
  if (!explanation.model) return null;
  const raw =
    explanation.model.intercept + explanation.factors.reduce((sum, f) => sum + f.weight * f.value, 0);
  return roundTo(explanation.model.link === 'logistic' ? logistic(raw) : raw, 2);
}

/** The factor that pushed the score up the most, or null if none did. */
export function strongestRaisingFactor(explanation: Explanation): ExplanationFactor | null {
  let best: ExplanationFactor | null = null;
  for (const f of explanation.factors)
    if (f.contribution > 0 && (best === null || f.contribution > best.contribution)) best = f;
  return best;
}

/** The factor that pulled the score down the most, or null if none did. */
export function strongestLoweringFactor(explanation: Explanation): ExplanationFactor | null {
  let best: ExplanationFactor | null = null;
  for (const f of explanation.factors)
    if (f.contribution < 0 && (best === null || f.contribution < best.contribution)) best = f;
  return best;
}

/** English texts of an AI event (optional, next to the Danish ones). */
export const eventEnSchema = z.strictObject({ output: text, purposeNote: text }).partial();
export type EventEn = z.infer<typeof eventEnSchema>;

/** English texts of a decision (optional, next to the Danish ones). */
export const decisionEnSchema = z
  .strictObject({ outcome: text, reasons: text, departureReason: text })
  .partial();
export type DecisionEn = z.infer<typeof decisionEnSchema>;
