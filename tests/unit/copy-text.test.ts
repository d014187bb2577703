// COPY's text format as copyText writes it (the bulk path of the seed and of ingest): a line per row,
// tab-separated, \N for null, t/f for booleans, backslash, tab and newlines escaped, JSON as its text.
import { describe, expect, it } from 'vitest';
import { copyText, copyTextChunks } from '../../src/db/db.ts';

describe('copyText', () => {
  it('writes a line per row with every kind of cell, escaping what COPY would misread', () => {
    expect(
      copyText([
        ['plain', 1, true, null, { json: '{"a":"b"}' }],
        ['tab\there', 2.5, false, 'line\nbreak\r', 'back\\slash'],
      ]),
    ).toBe('plain\t1\tt\t\\N\t{"a":"b"}\n' + 'tab\\there\t2.5\tf\tline\\nbreak\\r\tback\\\\slash\n');
  });

  it('writes nothing for no rows, and an empty string as an empty cell', () => {
    expect(copyText([])).toBe('');
    expect(copyText([[''], ['', '']])).toBe('\n\t\n');
  });

  it('comes in chunks of whole rows that join to the same text', () => {
    const rows = Array.from({ length: 7 }, (_, i) => [`row ${i}\twith tab`, i, null]);
    const chunks = [...copyTextChunks(rows, 3)];
    expect(chunks).toHaveLength(3);
    expect(chunks.every((chunk) => chunk.endsWith('\n'))).toBe(true);
    expect(chunks.join('')).toBe(copyText(rows));
    expect([...copyTextChunks([], 3)]).toEqual([]);
  });
});
