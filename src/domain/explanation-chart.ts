/**
 * The geometry of the explanation chart: one horizontal bar per factor, drawn from a zero line to
 * the right for a factor that raised the score and to the left for one that lowered it. Pure:
 * contributions in, coordinates out, so the server draws the SVG with no JavaScript in the browser.
 */
import type { ExplanationFactor } from './explanation.ts';

export interface ChartBar {
  readonly code: string;
  /** Left edge and width of the bar, in the chart's units. */
  readonly x: number;
  readonly width: number;
  readonly y: number;
  /** Baseline of the factor's label, written above its bar across the whole width. */
  readonly labelY: number;
  readonly direction: ExplanationFactor['direction'];
}

export interface ChartLayout {
  readonly width: number;
  readonly height: number;
  /** Where the zero line is. */
  readonly zeroX: number;
  readonly barHeight: number;
  readonly bars: readonly ChartBar[];
}

/**
 * Lays out bars for `factors` in a chart `width` wide: the largest contribution either way spans
 * half of the plot area, so bars on both sides share one scale and their lengths compare truly.
 */
export function layoutExplanationChart(
  factors: readonly Pick<ExplanationFactor, 'code' | 'contribution' | 'direction'>[],
  width = 400,
  rowHeight = 56,
): ChartLayout {
  const labelHeight = 24;
  const barHeight = rowHeight - labelHeight - 10;
  const zeroX = width / 2;
  const half = width / 2 - 4;
  const largest = Math.max(0, ...factors.map((f) => Math.abs(f.contribution)));
  const scale = largest === 0 ? 0 : half / largest;
  const bars = factors.map((f, i) => {
    const length = Math.abs(f.contribution) * scale;
    return {
      code: f.code,
      x: f.contribution < 0 ? zeroX - length : zeroX,
      width: length,
      y: i * rowHeight + labelHeight,
      labelY: i * rowHeight + labelHeight - 7,
      direction: f.direction,
    };
  });
  return { width, height: Math.max(rowHeight, factors.length * rowHeight), zeroX, barHeight, bars };
}
