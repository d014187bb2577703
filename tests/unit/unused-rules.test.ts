import postcss from 'postcss';
import { describe, expect, it } from 'vitest';
import { dropUnusedRules, requiredClasses, selectorIsUsed } from '../../src/styles/unused-rules.ts';

const known = new Set(['button', 'button-primary', 'form-group', 'alert', 'alert-info']);

async function prune(css: string, file = '/app/src/styles/dkfds.scss'): Promise<string> {
  const plugin = dropUnusedRules(
    (f) => f.endsWith('/src/styles/dkfds.scss'),
    () => known,
  );
  const result = await postcss([plugin]).process(css, { from: file });
  return result.css.replace(/\s+/g, ' ').trim();
}

describe('which classes a selector requires', () => {
  it('lists the classes an element must have, not those inside :not(), :is() or attribute values', () => {
    expect(requiredClasses('.button.button-primary:hover > span')).toEqual(['button', 'button-primary']);
    expect(requiredClasses('.alert:not(.alert-unused) .x')).toEqual(['alert', 'x']);
    expect(requiredClasses(':is(.a, .b) p')).toEqual([]);
    expect(requiredClasses('a[href$=".pdf"]')).toEqual([]);
    expect(requiredClasses('input[type="checkbox"]:checked + label::before')).toEqual([]);
  });

  it('gives up on escaped characters, so such a selector is kept', () => {
    expect(requiredClasses('.w-1\\/2')).toBeUndefined();
    expect(selectorIsUsed('.w-1\\/2', known)).toBe(true);
  });

  it('keeps a selector only when every class it requires is named in the sources', () => {
    expect(selectorIsUsed('.button.button-primary', known)).toBe(true);
    expect(selectorIsUsed('.button.button-tertiary', known)).toBe(false);
    expect(selectorIsUsed('h1, p', known)).toBe(true);
  });
});

describe('dropping unused rules from a stylesheet', () => {
  it('removes rules and selectors for unused classes and the blocks they leave empty', async () => {
    const css = `
      h1 { margin: 0 }
      .button, .button-tertiary { color: red }
      .table-zebra tr { color: blue }
      @media (min-width: 40em) { .col-sm-7 { width: 58% } @supports (display: grid) { .grid-x { display: grid } } }
      @media print { .alert-info { color: black } }
      @keyframes spin { from { opacity: 0 } to { opacity: 1 } }`;
    expect(await prune(css)).toBe(
      'h1 { margin: 0 } .button { color: red } @media print { .alert-info { color: black } } @keyframes spin { from { opacity: 0 } to { opacity: 1 } }',
    );
  });

  it('leaves every other stylesheet as it is', async () => {
    const css = '.table-zebra tr { color: blue }';
    expect(await prune(css, '/app/src/styles/site.css')).toBe(css);
  });
});
