/**
 * Drops the rules of a stylesheet whose selectors need a class that no source file mentions (issue
 * 12: "load only what pages use"). DKFDS's partials carry every variant of a component (a table
 * partial of 17 KB for the one table style the pages use, a grid of every column width); a page
 * pays for each rule twice, in bytes and in the browser's style work before the first paint, which
 * is most of what Lighthouse measures as blocking time on a page without JavaScript.
 *
 * It is deliberately conservative: a selector is dropped only when a class it requires (outside
 * `:not()`, `:is()` and the like) appears as a word in no file under `src/`. Element, attribute and
 * state selectors stay, and so does anything a source file names, even in a comment. Classes built
 * from strings at run time (`assessment-${x}`) must not be DKFDS classes: it is applied to DKFDS's
 * stylesheet only, where no page builds a class name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AtRule, Container, Plugin } from 'postcss';

/** The text of `selector` without attribute selectors, strings and the arguments of `:not()`, `:is()`… */
function requiredPart(selector: string): string {
  let out = '';
  let depth = 0;
  let quote = '';
  for (let i = 0; i < selector.length; i++) {
    const c = selector.charAt(i);
    if (quote) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth += 1;
    else if (c === ')' || c === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += c;
  }
  return out;
}

/**
 * The classes `selector` requires an element to have, or `undefined` when it cannot tell (an
 * escaped character): such a selector is kept.
 */
export function requiredClasses(selector: string): string[] | undefined {
  const part = requiredPart(selector);
  if (part.includes('\\')) return undefined;
  return [...part.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map((m) => m[1] ?? '');
}

/** Whether a selector can match on pages whose sources mention only the words in `known`. */
export function selectorIsUsed(selector: string, known: ReadonlySet<string>): boolean {
  const classes = requiredClasses(selector);
  return classes === undefined || classes.every((c) => known.has(c));
}

/** Every word (letters, digits, `-`, `_`) in the files under `dir`, recursively. */
export function wordsInFiles(dir: string): Set<string> {
  const words = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const word of text.split(/[^\w-]+/)) if (word) words.add(word);
  }
  return words;
}

/** Removes at-rules (`@media`, `@supports`) left with no rules, innermost first. */
function removeEmptyBlocks(container: Container): void {
  container.each((node) => {
    if (node.type !== 'atrule') return;
    const atRule: AtRule = node;
    if (!atRule.nodes) return;
    removeEmptyBlocks(atRule);
    if (atRule.nodes.length === 0) atRule.remove();
  });
}

/**
 * A PostCSS plugin that drops, in the stylesheets whose source file `applies` accepts, every
 * selector needing a class `knownWords()` does not hold (read once per stylesheet, so a development
 * server sees classes added since it started).
 */
export function dropUnusedRules(
  applies: (file: string) => boolean,
  knownWords: () => ReadonlySet<string>,
): Plugin {
  return {
    postcssPlugin: 'indsigt-drop-unused-rules',
    Once(root) {
      const file = root.source?.input.file;
      if (!file || !applies(file)) return;
      const known = knownWords();
      root.walkRules((rule) => {
        // Keyframe steps (`0%`, `to`) are not selectors.
        if (rule.parent?.type === 'atrule' && /keyframes$/i.test((rule.parent as AtRule).name)) return;
        const used = rule.selectors.filter((s) => selectorIsUsed(s, known));
        if (used.length === 0) rule.remove();
        else if (used.length < rule.selectors.length) rule.selectors = used;
      });
      removeEmptyBlocks(root);
    },
  };
}
