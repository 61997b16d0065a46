// One CSV writer for every export (access-log CSV, bundle datasets): safe in any spreadsheet.
//
// - Formula injection (OWASP "CSV Injection"): a cell beginning with = + - @ tab or carriage return
//   is read as a formula by Excel, LibreOffice or Google Sheets; it gets a leading apostrophe,
//   which every one of them shows as text and none evaluates.
// - RFC 4180 quoting, extended with `;`: a cell holding a comma, a SEMICOLON, a quote or a line
//   break is quoted. Many European locales use `;` as the list separator, so an unquoted
//   `x;=cmd|' /C calc'!A0` would split into a second cell that *starts* with `=`.
// - Quoting protects a cell only from a reader that honours quotes where the cell begins. A
//   spreadsheet in a `;` locale reading our comma-separated file (or the reverse) takes a quote in
//   the middle of its field literally and splits inside our cell, at a `,`, `;` or line break. So
//   a formula character right after one of those (and any quotes) inside a cell gets an apostrophe too: whatever
//   separator a reader picks, none of the pieces it cuts starts a formula. (The bundle's JSON
//   files keep every value byte for byte; the CSV is the spreadsheet view.)
// - Control characters other than tab, CR and LF (which quoting carries) are written as `\xNN`
//   so that no NUL, ESC or DEL reaches a terminal or a parser that stops at them.
// Records end with CRLF (RFC 4180).

const FORMULA_START = /^[=+\-@\t\r]/;
const INNER_FORMULA = /(?<=[,;\r\n]"*)(?=[=+\-@\t\r])/g;
const NEEDS_QUOTES = /[",;\r\n]/;
// C0 controls except \t \n \r, and DEL.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

// A cell none of the rules below touch (no formula start, no control character, nothing to
// quote): by far the most common, told by one scan and written as it is.
// eslint-disable-next-line no-control-regex
const PLAIN = /^(?![=+\-@])[^\u0000-\u001f\u007f",;]+$/;

const hex2 = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** One CSV cell. `null`/`undefined` become an empty cell. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let v = typeof value === 'string' ? value : String(value);
  if (PLAIN.test(v)) return v;
  v = v.replace(CONTROL, hex2);
  const neutralised = FORMULA_START.test(v);
  if (neutralised) v = `'${v}`;
  if (NEEDS_QUOTES.test(v)) v = v.replace(INNER_FORMULA, "'");
  // Quoting a neutralised cell too (OWASP's advice): the apostrophe then survives any reader.
  return neutralised || NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One CSV record, CRLF-terminated. */
export function csvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? '' : ',') + csvCell(cells[i]);
  return `${line}\r\n`;
}
