/**
 * Small-count suppression for published statistics: a count under the threshold could point to a
 * few identifiable citizens, so it is published only as "fewer than 10" (as Statistics Denmark's
 * discretion rules do for small cells).
 */
import { z } from 'zod';

export const SUPPRESSION_THRESHOLD = 10;

export const suppressedCountSchema = z.discriminatedUnion('suppressed', [
  z.object({ suppressed: z.literal(false), count: z.number().int().min(SUPPRESSION_THRESHOLD) }),
  z.object({ suppressed: z.literal(true), fewerThan: z.literal(SUPPRESSION_THRESHOLD) }),
]);
/** A count as it may be published. */
export type SuppressedCount = z.infer<typeof suppressedCountSchema>;

/** The count itself if it is at least the threshold, else only "fewer than the threshold". */
export function suppressSmallCount(count: number): SuppressedCount {
  return count >= SUPPRESSION_THRESHOLD
    ? { suppressed: false, count }
    : { suppressed: true, fewerThan: SUPPRESSION_THRESHOLD };
}

/**
 * The share `part / whole` in whole per cent, only when both counts are published; a share of
 * suppressed counts would reveal them.
 */
export function publishedShare(part: SuppressedCount, whole: SuppressedCount): number | null {
  if (part.suppressed || whole.suppressed || whole.count === 0) return null;
  return Math.round((100 * part.count) / whole.count);
}
