// Runs Doyensec's Electronegativity (its programmatic API: its CLI breaks on the commander our
// package hoists) on a staging copy of the code that runs in Electron, offline.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';

const require = createRequire(import.meta.url);

/**
 * Checks left out, by class name (how the tool's `excludeFromScan` names them). Each is explained
 * in SECURITY.md ("Electronegativity"); the test checks SECURITY.md names every one.
 * AvailableSecurityFixesGlobalCheck downloads Electron's release list from GitHub on every run.
 */
export const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

/** Where the app:// CSP header is shown to the tool (see `stageElectronCode`). */
export const CSP_SHIM_FILE = 'app-protocol-csp.html';

const findingSchema = z.object({
  id: z.string(),
  file: z.string(),
  location: z.object({ line: z.number() }),
  description: z.string(),
  sample: z.string().optional(),
  manualReview: z.boolean().optional(),
});
const resultSchema = z.object({
  atomicChecks: z.number(),
  globalChecks: z.number(),
  issues: z.array(findingSchema),
  errors: z.array(z.object({ file: z.string(), message: z.string() })),
});
export type ScanResult = z.infer<typeof resultSchema>;

/**
 * The tool fetches its translations (and, in the excluded check, Electron's releases) with `got`
 * on every run. A test must not reach the internet: hand it a `got` that answers 404, so it keeps
 * its bundled English texts. Registered in the CommonJS cache before the tool is loaded.
 */
function loadToolOffline(): (options: Record<string, unknown>) => Promise<unknown> {
  const runnerPath = require.resolve('@doyensec/electronegativity');
  const gotPath = createRequire(runnerPath).resolve('got');
  const offline = Object.assign(async () => ({ statusCode: 404, body: '', headers: {} }), {
    head: async () => Promise.reject(new Error('offline: no network in tests')),
  });
  const stub = new Module(gotPath);
  stub.filename = gotPath;
  stub.loaded = true;
  stub.exports = offline;
  require.cache[gotPath] = stub;
  return require(runnerPath) as (options: Record<string, unknown>) => Promise<unknown>;
}

/** Scan a folder; file paths in findings are relative to it. */
export async function runElectronegativity(input: string): Promise<ScanResult> {
  const run = loadToolOffline();
  const raw = await run({ input, isRelative: true, excludeFromScan: EXCLUDED_CHECKS });
  return resultSchema.parse(raw);
}

/**
 * Copy what runs in Electron into a fresh folder with the repository's layout: the main-process
 * shell, the preload, the renderer (index.html + src) and package.json (the tool reads Electron's
 * version there). The tool parses TypeScript itself, so sources are scanned, not bundles.
 * It recognises a CSP only in `<meta>` or an `onHeadersReceived` callback; ours is the header of
 * every app:// response (main.ts, `protocol.handle`), so the same string is added as a `<meta>`
 * in CSP_SHIM_FILE for its CSP evaluator to judge.
 */
export function stageElectronCode(repoRoot: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'zta-electronegativity-'));
  for (const part of ['main/electron', 'main/preload', 'renderer']) {
    cpSync(join(repoRoot, part), join(dir, part), { recursive: true });
  }
  cpSync(join(repoRoot, 'package.json'), join(dir, 'package.json'));
  writeFileSync(
    join(dir, CSP_SHIM_FILE),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}"></head></html>\n`,
  );
  return dir;
}

/** A folder holding the given files (name → text), e.g. to check the tool flags what it should. */
export function stageFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'zta-electronegativity-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/**
 * The findings SECURITY.md justifies: the rows of the table in its "### Electronegativity"
 * section, `| \`CHECK_ID\` | \`file\` | why |` (file as the tool reports it, `N/A` for none).
 */
export function justifiedFindings(securityMd: string): Array<{ id: string; file: string }> {
  const start = securityMd.indexOf('\n### Electronegativity');
  if (start < 0) throw new Error('SECURITY.md has no "### Electronegativity" section');
  const rest = securityMd.slice(start + 1);
  const next = rest.slice(1).search(/\n#{1,3} /);
  const section = next < 0 ? rest : rest.slice(0, next + 1);
  const rows: Array<{ id: string; file: string }> = [];
  for (const match of section.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*`([^`]+)`\s*\|/gm)) {
    rows.push({ id: match[1] ?? '', file: match[2] ?? '' });
  }
  return rows;
}
