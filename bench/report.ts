// The bench's verdict: each figure against its budget as a table on stdout, all figures (nulls
// with reasons) and the machine in the JSON file, and the exit code.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { EXPORT_BUDGETS } from './export-bench';
import { PURGE_BUDGET_MS } from './purge';
import type { Measured } from './stats';

const BUDGETS: [string, string, (v: number) => boolean][] = [
  ['ingest.raw_rows_per_s', '(limit)', () => true],
  ['ingest.sync_rows_per_s', '', () => true],
  ['ingest.ratio', '≥ 0.4', (v) => v >= 0.4],
  ['logs.page_ms_p95', '≤ 5 ms', (v) => v <= 5],
  ['logs.page_ms_p95_during_sync', '≤ 20 ms', (v) => v <= 20],
  ['logs.search_ms_p95', '≤ 50 ms', (v) => v <= 50],
  ['logs.grep_ms', '', () => true],
  ['logs.search_vs_grep', '≥ 10×', (v) => v >= 10],
  ['logs.histogram_ms', '≤ 150 ms', (v) => v <= 150],
  ['ui.first_rows_ms', '≤ 1500 ms', (v) => v <= 1500],
  ['ui.locale', '', () => true],
  ...EXPORT_BUDGETS,
  // issue 11 (erasure)
  ['purge.subject_ms', `≤ ${PURGE_BUDGET_MS} ms`, (v) => v <= PURGE_BUDGET_MS],
  ['purge.subject_ratio', '≤ 1', (v) => v <= 1],
];
/** The table on stdout, the JSON file always (nulls with reasons), exit 1 when a budget is missed. */
export function report(
  { figures, reasons }: Measured,
  opts: { only?: string; json?: string },
  crash: unknown,
): void {
  const lines = [`| figure | value | budget | result |`, `|---|---|---|---|`];
  let allPass = crash === undefined;
  for (const [name, budget, ok] of BUDGETS) {
    if (opts.only === 'purge' && !name.startsWith('purge.')) continue;
    const v = figures[name] ?? null;
    if (v === null && !(name in reasons))
      reasons[name] = crash === undefined ? 'not measured' : `bench stopped: ${String(crash)}`;
    const judged = budget !== '' && budget !== '(limit)';
    const verdict = v === null ? 'n/a' : !judged ? '' : ok(v as number) ? 'pass' : 'FAIL';
    if (verdict === 'FAIL' || (verdict === 'n/a' && judged)) allPass = false;
    figures[name] = v;
    lines.push(
      `| ${name} | ${v ?? 'n/a'} | ${budget} | ${verdict}${v === null ? ` (${reasons[name]})` : ''} |`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const out = {
    figures,
    reasons,
    budgetsMet: allPass,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      node: process.version,
      platform: process.platform,
      lang: process.env.LANG ?? null,
    },
    at: new Date().toISOString(),
  };
  if (opts.json) writeFileSync(opts.json, `${JSON.stringify(out, null, 2)}\n`);
  process.exitCode = crash !== undefined ? 2 : allPass ? 0 : 1;
}
