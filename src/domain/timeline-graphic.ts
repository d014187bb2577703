/**
 * The positions of a case's AI events and decisions on one time axis, for the server-rendered
 * timeline graphic. Pure: dates in, fractions of the axis out.
 */
export interface TimelineMark {
  readonly kind: 'ai_event' | 'decision';
  readonly seq: number;
  readonly at: Date;
  /** 0 at the first mark, 1 at the last. */
  readonly position: number;
}

/** Places marks on an axis from the earliest to the latest; a single mark sits in the middle. */
export function placeOnAxis(
  items: readonly { kind: TimelineMark['kind']; seq: number; at: Date }[],
): TimelineMark[] {
  if (items.length === 0) return [];
  const times = items.map((i) => i.at.getTime());
  const first = Math.min(...times);
  const span = Math.max(...times) - first;
  return [...items]
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq)
    .map((i) => ({ ...i, position: span === 0 ? 0.5 : (i.at.getTime() - first) / span }));
}
