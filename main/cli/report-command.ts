// `zta-console report --kind ccpa-7102|gdpr --year YYYY --data DIR [--json] [--csv FILE]`
// (issue 16): the yearly request metrics from the cached 24-month records. Reads the cache only,
// never syncs: run `zta-console sync` first for figures that include the latest decisions.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../shared/errors';
import {
  CATEGORY_LABELS,
  ReportCsv,
  ReportsGetInput,
  ReportView,
  type CcpaCategory,
  type GdprRight,
  type ReportRow,
} from '../../shared/reports';
import { openCore } from '../core/index';
import { APP_NAME, APP_VERSION } from './app-info';
import { requiredKeyProvider } from './key';
import { runAction, UsageError } from './output';
import { invokeOrThrow } from './sync-command';

interface ReportOptions {
  kind: string;
  year: string;
  data: string;
  keyFile?: string;
  json?: boolean;
  csv?: string;
  pdf?: string;
}

export function parseReportArgs(o: Pick<ReportOptions, 'kind' | 'year'>): ReportsGetInput {
  if (!/^\d{4}$/.test(o.year)) throw new UsageError(`--year must be a calendar year YYYY (got "${o.year}").`);
  const parsed = ReportsGetInput.safeParse({ kind: o.kind, year: Number(o.year) });
  if (!parsed.success) throw new UsageError(`--kind must be ccpa-7102 or gdpr (got "${o.kind}").`);
  return parsed.data;
}

const fmt = (n: number | null) => (n === null ? '—' : String(n));

function textTable(view: ReportView): string {
  const title =
    view.kind === 'ccpa-7102'
      ? `CCPA 11 CCR §7102 metrics, requests received in ${view.report.year}`
      : `GDPR requests received in ${view.report.year}, per right exercised`;
  const lines = [title];
  for (const [key, row] of Object.entries(view.report.categories) as [
    string,
    ReportRow & { refusedLate?: number },
  ][]) {
    const reasons = Object.entries(row.deniedByReason)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    lines.push(
      `  ${CATEGORY_LABELS[key as CcpaCategory | GdprRight].padEnd(40)} received ${String(row.received).padStart(5)}` +
        `  whole ${String(row.compliedInWhole).padStart(5)}  part ${String(row.compliedInPart).padStart(5)}` +
        `  denied ${String(row.denied).padStart(5)}  median ${fmt(row.medianDays)} d  mean ${fmt(row.meanDays)} d` +
        (row.refusedLate === undefined ? '' : `  refused late ${row.refusedLate}`) +
        (reasons ? `\n      denied by reason: ${reasons}` : ''),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function reportCommand(o: ReportOptions): Promise<void> {
  const input = parseReportArgs(o);
  const core = await openCore({
    dataDir: o.data,
    keyProvider: requiredKeyProvider(o.keyFile),
    app: { name: APP_NAME, version: APP_VERSION, transport: 'browser' },
    autoSyncIntervalMs: 0,
  });
  try {
    const view = ReportView.parse(await invokeOrThrow(core, 'reports:get', input));
    if (o.csv) {
      const { csv } = ReportCsv.parse(await invokeOrThrow(core, 'reports:csv', input));
      try {
        writeFileSync(resolve(o.csv), csv, { encoding: 'utf8', flag: 'w' });
      } catch (err) {
        throw new AppError('E_EXPORT_WRITE', `Cannot write ${o.csv}: ${(err as Error).message}`);
      }
    }
    if (o.pdf) {
      // Loaded only here: pdf-lib is large, and every other command starts without it.
      const { reportPdf } = await import('../core/reports/report-pdf');
      const bytes = await reportPdf(view);
      try {
        writeFileSync(resolve(o.pdf), bytes, { flag: 'w' });
      } catch (err) {
        throw new AppError('E_EXPORT_WRITE', `Cannot write ${o.pdf}: ${(err as Error).message}`);
      }
    }
    process.stdout.write(o.json ? `${JSON.stringify(view.report, null, 2)}\n` : textTable(view));
  } finally {
    await core.close();
  }
}

/** Adds `report` to `program`, whose exit rules (./output `applyExitRules`) it inherits. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('Yearly request metrics from the cache: the CCPA §7102 table or the GDPR equivalent.')
    .requiredOption('--kind <kind>', 'ccpa-7102 | gdpr')
    .requiredOption('--year <YYYY>', 'calendar year the requests were received in')
    .requiredOption('--data <dir>', 'cache directory')
    .option('--key-file <file>', 'file holding the cache passphrase (or set ZTA_CACHE_PASSPHRASE)')
    .option('--json', 'print {"year", "categories": {…}} as JSON')
    .option('--csv <file>', 'also write the table as CSV to this file')
    .option('--pdf <file>', 'also write a printable PDF of the table to this file')
    .action(runAction(reportCommand));
}
