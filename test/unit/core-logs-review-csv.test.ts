// Access-log CSV export over a real encrypted cache (sealed at rest) and CSV cell neutralisation.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, startCsvExport } from '../../main/core/cache/csv';
import { readSealed } from '../../main/core/export/sealed-file';
import type { ExportProgress } from '../../shared/contract-logs';
import { apply, makeEvents, openStore } from '../helpers/log-review-fixtures';

describe('access-log CSV export', () => {
  const events = makeEvents(600);

  it('CSV export streams every filtered row to exports/ with progress', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zta-exp-'));
    const s = openStore();
    apply(
      s,
      [...events.slice(0, 30), { ...events[30]!, username: '=HYPERLINK("http://x")', id: 'evil' }],
      10,
    );
    const seen: ExportProgress[] = [];
    const done = new Promise<ExportProgress>((resolve) => {
      const first = startCsvExport(s.db, dir, { filter: {}, order: 'desc' }, (p) => {
        seen.push(p);
        if (p.done) resolve(p);
      });
      expect(first).toMatchObject({ written: 0, total: 31, done: false });
    });
    const last = await done;
    expect(last).toMatchObject({ written: 31, total: 31, done: true });
    expect(last.error).toBeUndefined();
    // Sealed at rest (issue 12): no clear CSV in the data folder; the key came with the done event.
    expect(readFileSync(join(dir, last.fileName)).includes(Buffer.from('HYPERLINK'))).toBe(false);
    const text = await readSealed(join(dir, last.fileName), last.key!);
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(32);
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
  });
});

describe('CSV cells', () => {
  /** Minimal RFC 4180 parser for one line. */
  function parseLine(line: string): string[] {
    const cells: string[] = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let v = '';
        i++;
        for (;;) {
          if (line[i] === '"' && line[i + 1] === '"') {
            v += '"';
            i += 2;
          } else if (line[i] === '"') {
            i++;
            break;
          } else v += line[i++];
        }
        cells.push(v);
        i++; // the comma
      } else {
        const j = line.indexOf(',', i);
        const end = j === -1 ? line.length : j;
        cells.push(line.slice(i, end));
        i = end + 1;
      }
    }
    return cells;
  }

  it('no cell starts with a formula character unless neutralised; values survive otherwise', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', 'a', ' ', "'") }),
          { minLength: 1, maxLength: 6 },
        ),
        (cells) => {
          const line = csvLine(cells);
          expect(line.endsWith('\r\n')).toBe(true);
          const parsed = parseLine(line.slice(0, -2));
          expect(parsed).toHaveLength(cells.length);
          parsed.forEach((p, k) => {
            expect(/^[=+\-@\t\r]/.test(p)).toBe(false);
            const original = cells[k]!;
            // Inside a quoted cell, a formula start after a separator or line break is neutralised too.
            const inner =
              /[",;\r\n]/.test(original) || /^[=+\-@\t\r]/.test(original)
                ? original.replace(/(?<=[,;\r\n]"*)(?=[=+\-@\t\r])/g, "'")
                : original;
            expect(p).toBe(/^[=+\-@\t\r]/.test(original) ? `'${inner}` : inner);
          });
        },
      ),
      { numRuns: 300 },
    );
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('plain')).toBe('plain');
  });
});
