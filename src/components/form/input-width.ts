/**
 * DKFDS's width classes for an input or a textarea (its _forms.scss): a maximum width in rem
 * (`input-width-m`, 32 rem) or room for a number of characters (`input-char-11`, a CPR number).
 */
export type InputWidth = 'xxs' | 'xs' | 's' | 'm' | 'l' | 'xl' | 'char-4' | 'char-8' | 'char-11' | 'char-27';

/** The class for `width`, or undefined for DKFDS's default width. */
export function inputWidthClass(width: InputWidth | undefined): string | undefined {
  if (width === undefined) return undefined;
  return width.startsWith('char-') ? `input-${width}` : `input-width-${width}`;
}
