/**
 * A scoring model as the municipality publishes it on the system's register page (issue 13): its
 * factors and global weights, how the score maps to a result, its measured accuracy and a bias
 * audit by age group, gender and origin, with the date they were measured — the questions the Data
 * Protection Agency raises about profiling tools such as Asta. The per-citizen explanation on a case
 * uses the same weights (src/domain/explanation.ts).
 */
import { z } from 'zod';

const text = z.string().trim().min(1).max(500);

export const publishedModelSchema = z.strictObject({
  link: z.enum(['logistic', 'identity']),
  intercept: z.number(),
  factors: z
    .array(
      z.strictObject({
        code: z.string().regex(/^[a-z0-9_]{1,64}$/),
        label: text,
        labelEn: text,
        weight: z.number(),
        dataSourceId: z.string().regex(/^[a-z0-9_]+$/),
      }),
    )
    .min(1)
    .max(50),
  bands: z
    .array(z.strictObject({ from: z.number(), label: text, labelEn: text }))
    .min(1)
    .max(10),
  accuracy: z.number().min(0).max(1),
  measuredOn: z.iso.date(),
  biasAudit: z
    .array(
      z.strictObject({
        group: z.enum(['age', 'gender', 'origin']),
        label: text,
        labelEn: text,
        accuracy: z.number().min(0).max(1),
      }),
    )
    .max(50),
});
export type PublishedModel = z.infer<typeof publishedModelSchema>;
