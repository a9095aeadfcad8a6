/**
 * CSV as RFC 4180 writes it (CRLF line ends, a field with a comma, quote or line break quoted and
 * its quotes doubled), with cells a spreadsheet would run as a formula neutralised: text starting
 * with `=`, `+`, `-`, `@` (or a tab or carriage return, OWASP's list) gets a leading `'`.
 */

export type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: numbers as they are (a negative amount stays a number), text neutralised then quoted when it must be. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated. */
export const csvRow = (cells: readonly Cell[]): string => `${cells.map(csvCell).join(',')}\r\n`;
