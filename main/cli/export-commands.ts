// `zta-console subjects | export | verify-bundle`: the export bundle, headless (issue 12).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { AppError } from '../../shared/errors';
import { SubjectsList } from '../../shared/contract-subjects';
import { ExportBundleResult } from '../../shared/contract-bundles';
import { openCore, type CoreClient } from '../core/index';
import { verifyBundle } from '../core/export/verify';
import { APP_NAME, APP_VERSION } from './app-info';
import { requiredKeyProvider } from './key';
import { integerOption, runAction, UsageError } from './output';
import { invokeOrThrow } from './sync-command';

/** The first line of a passphrase file, trailing newline (and CR) stripped. */
export function readPassphraseFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`Cannot read the passphrase file ${path}: ${(err as Error).message}`);
  }
  const first = text.split('\n', 1)[0]!.replace(/\r$/, '');
  if (!first) throw new UsageError(`The passphrase file ${path} has an empty first line.`);
  return first;
}

/** The cache without automatic sync: these commands read what is cached, they never pull. */
function openCacheCore(data: string, keyFile: string | undefined): Promise<CoreClient> {
  return openCore({
    dataDir: data,
    keyProvider: requiredKeyProvider(keyFile),
    app: { name: APP_NAME, version: APP_VERSION, transport: 'browser' },
    autoSyncIntervalMs: 0,
  });
}

async function subjectsCommand(o: {
  data: string;
  keyFile?: string;
  search?: string;
  limit: number;
  json?: boolean;
}) {
  const core = await openCacheCore(o.data, o.keyFile);
  try {
    const { subjects } = SubjectsList.parse(
      await invokeOrThrow(core, 'subjects:list', { search: o.search ?? '', limit: o.limit }),
    );
    const rows = subjects.map((s) => ({
      id: s.id,
      username: s.username,
      displayName: s.displayName,
      eventCount: s.eventCount,
      restricted: s.restricted,
    }));
    if (o.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else
      process.stdout.write(
        rows
          .map(
            (r) =>
              `${r.id}  ${r.username.padEnd(24)} ${r.displayName.padEnd(28)} ${String(r.eventCount).padStart(8)} events${r.restricted ? '  RESTRICTED' : ''}`,
          )
          .join('\n') + (rows.length ? '\n' : 'No cached person matches.\n'),
      );
  } finally {
    await core.close();
  }
}

async function exportCommand(o: {
  data: string;
  keyFile?: string;
  subject: string;
  out: string;
  request?: string;
  passphraseFile?: string;
  json?: boolean;
}) {
  const passphrase = o.passphraseFile ? readPassphraseFile(o.passphraseFile) : null;
  const core = await openCacheCore(o.data, o.keyFile);
  const operationId = randomUUID();
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { format: 'export [{bar}] {percentage}% | {file}', hideCursor: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let started = false;
  const off = core.on('bundle:progress', (p) => {
    if (p.operationId !== operationId || !bar) return;
    if (!started) {
      bar.start(Math.max(p.rowsTotal, 1), 0, { file: '' });
      started = true;
    }
    bar.update(p.rowsWritten, { file: p.file ?? 'done' });
  });
  try {
    const result = ExportBundleResult.parse(
      await invokeOrThrow(core, 'exports:bundle', {
        operationId,
        subjectId: o.subject,
        requestId: o.request ?? null,
        outPath: resolve(o.out),
        encryption: passphrase ? { mode: 'typed', passphrase } : { mode: 'none' },
      }),
    );
    if (started) bar?.stop();
    for (const w of result.warnings) process.stderr.write(`zta-console: warning: ${w}\n`);
    const r = result.export;
    if (o.json) process.stdout.write(`${JSON.stringify({ ...r, warnings: result.warnings }, null, 2)}\n`);
    else
      process.stdout.write(
        `${r.path}\n  ${r.bytes} bytes, sha256 ${r.sha256}, ${r.encrypted ? 'AES-256 encrypted' : 'not encrypted'}${
          r.caughtUp ? '' : ', cache NOT caught up'
        }\n`,
      );
  } finally {
    off();
    if (started) bar?.stop();
    await core.close();
  }
}

async function verifyCommand(file: string, o: { passphraseFile?: string; json?: boolean }) {
  const passphrase = o.passphraseFile ? readPassphraseFile(o.passphraseFile) : undefined;
  const report = await verifyBundle(resolve(file), passphrase);
  if (o.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const lines = [
      `${report.manifest.ok ? 'OK  ' : 'FAIL'} manifest.json${report.manifest.ok ? ' (schema valid)' : `: ${report.manifest.problems.join('; ')}`}`,
      ...report.files.map((f) =>
        f.ok
          ? `OK   ${f.path}  ${f.bytes} bytes${f.rows === null ? '' : `, ${f.rows} rows`}, sha256 ${f.sha256}`
          : `FAIL ${f.path}: ${f.problems.join('; ')}`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (!report.ok) {
    const bad = [
      ...(report.manifest.ok ? [] : ['manifest.json']),
      ...report.files.filter((f) => !f.ok).map((f) => f.path),
    ];
    throw new AppError('E_BUNDLE_INVALID', `The bundle does not verify: ${bad.join(', ')}.`, { files: bad });
  }
}

/** Adds the commands to `program`, whose exit rules (./output `applyExitRules`) they inherit. */
export function registerExportCommands(program: Command): void {
  program
    .command('subjects')
    .description('People in the cache, with their event counts and restriction.')
    .requiredOption('--data <dir>', 'cache directory')
    .option('--key-file <file>', 'file holding the cache passphrase (or set ZTA_CACHE_PASSPHRASE)')
    .option('--search <term>', 'match username, display name or email')
    .option('--limit <n>', 'at most this many', integerOption('--limit', 1), 100)
    .option('--json', 'print a JSON array of {id, username, displayName, eventCount, restricted}')
    .action(runAction(subjectsCommand));

  program
    .command('export')
    .description("Write a person's data-portability bundle (ZIP) from the cache.")
    .requiredOption('--data <dir>', 'cache directory')
    .requiredOption('--subject <id>', 'the person (see `subjects`)')
    .requiredOption('--out <file>', 'the ZIP to write (.zip); its folder must exist')
    .option('--request <id>', 'the approved access or portability request it answers')
    .option('--passphrase-file <file>', 'encrypt with AES-256 using the first line of this file')
    .option('--key-file <file>', 'file holding the cache passphrase (or set ZTA_CACHE_PASSPHRASE)')
    .option('--json', 'print the export record as JSON')
    .action(runAction(exportCommand));

  program
    .command('verify-bundle')
    .description("Check a bundle: the manifest against its schema, every file's SHA-256, size and rows.")
    .argument('<file>', 'the bundle ZIP')
    .option('--passphrase-file <file>', 'passphrase of an encrypted bundle (first line)')
    .option('--json', 'print the report as JSON')
    .action(runAction(verifyCommand));
}
