/**
 * CSV as RFC 4180 writes it (CRLF between records, fields quoted when they need it), with the two
 * things a spreadsheet needs on top: a separator Danish Excel splits on (`;`, its list separator),
 * and cells that Excel or LibreOffice would run as a formula made inert (OWASP "CSV injection").
 * Pure.
 */

/** The separators a CSV file may use: `,` (RFC 4180) or `;` (what Danish Excel expects). */
export type CsvSeparator = ',' | ';';

/**
 * The byte order mark that makes Excel read the file as UTF-8 (without it, Danish Excel reads
 * Windows-1252 and shows "Ã¦" for "æ").
 */
export const UTF8_BOM = '\uFEFF';

/** A cell a spreadsheet would treat as a formula: it starts with =, +, -, @, a tab or a CR. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The value with a leading `'` if a spreadsheet would otherwise read it as a formula. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * One field: formulas neutralised, then quoted if it holds the separator, a double quote, CR or LF;
 * double quotes doubled.
 */
export function csvField(value: string, separator: CsvSeparator = ','): string {
  const safe = neutraliseFormula(value);
  const needsQuotes = safe.includes(separator) || /["\r\n]/.test(safe);
  return needsQuotes ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A header row and the records, each line ended by CRLF (RFC 4180, section 2). */
export function toCsv(
  header: readonly string[],
  records: readonly (readonly string[])[],
  separator: CsvSeparator = ',',
): string {
  return [header, ...records]
    .map((fields) => `${fields.map((f) => csvField(f, separator)).join(separator)}\r\n`)
    .join('');
}
