/** CSV as RFC 4180 writes it: CRLF between records, fields quoted when they need it. Pure. */

/** One field: quoted if it holds a comma, a double quote, CR or LF; double quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A header row and the records, each line ended by CRLF (RFC 4180, section 2). */
export function toCsv(header: readonly string[], records: readonly (readonly string[])[]): string {
  return [header, ...records].map((fields) => `${fields.map(csvField).join(',')}\r\n`).join('');
}
