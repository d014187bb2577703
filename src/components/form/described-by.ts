/**
 * The value of a control's aria-describedby inside a Field: its hint and its error when it has them,
 * after any ids given first (the hint of the group around it). Undefined when there is none.
 */
export function describedBy(
  id: string,
  has: { readonly hint?: boolean; readonly error?: boolean },
  ...first: readonly string[]
): string | undefined {
  const ids = [...first, has.hint ? `${id}-hint` : '', has.error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}
