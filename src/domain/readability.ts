/**
 * LIX (læsbarhedsindeks), the Danish readability index: words per sentence plus the percentage of
 * long words (more than six letters). Under 30 is very easy, 30-40 easy (children's books, popular
 * press), 40-50 medium. Citizen-facing Danish texts are held at 40 or below.
 */
export interface LixResult {
  readonly lix: number;
  readonly words: number;
  readonly sentences: number;
  readonly longWords: number;
}

/** LIX of a text; each of `texts` counts as at least one sentence (a heading or label ends one). */
export function lix(texts: readonly string[]): LixResult {
  let words = 0;
  let sentences = 0;
  let longWords = 0;
  for (const text of texts) {
    // Interpolation placeholders ({{name}}) stand for a name or number: one short word.
    const plain = text.replace(/\{\{[^}]+\}\}/g, 'X');
    const tokens = plain
      .split(/\s+/)
      .map((w) => w.replace(/[^\p{L}\p{N}-]/gu, ''))
      .filter((w) => /\p{L}|\p{N}/u.test(w));
    if (tokens.length === 0) continue;
    words += tokens.length;
    longWords += tokens.filter((w) => (w.match(/\p{L}/gu)?.length ?? 0) > 6).length;
    sentences += Math.max(1, (plain.match(/[.!?:]+(\s|$)/g) ?? []).length);
  }
  const value = words === 0 ? 0 : words / sentences + (longWords * 100) / words;
  return { lix: Math.round(value * 10) / 10, words, sentences, longWords };
}
