// Doyensec's Electronegativity on the code that runs in Electron (issue 14): every finding is
// either fixed or justified under its check id in SECURITY.md ("Electronegativity"), whose table
// this test reads, so the document and the scan cannot drift apart in either direction.
import { rmSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CSP_SHIM_FILE,
  EXCLUDED_CHECKS,
  justifiedFindings,
  runElectronegativity,
  stageElectronCode,
  stageFiles,
  type ScanResult,
} from '../helpers/electronegativity';

const repoRoot = join(import.meta.dirname, '..', '..');
const securityMd = readFileSync(join(repoRoot, 'SECURITY.md'), 'utf8');
const justified = justifiedFindings(securityMd);
const key = (f: { id: string; file: string }) => `${f.id} @ ${f.file}`;

describe('Electronegativity', () => {
  let staged = '';
  let scan: ScanResult;
  beforeAll(async () => {
    staged = stageElectronCode(repoRoot);
    scan = await runElectronegativity(staged);
  });
  afterAll(() => rmSync(staged, { recursive: true, force: true }));

  it('loads its checks and parses every file it is given (TypeScript included)', () => {
    expect(scan.atomicChecks).toBeGreaterThan(30);
    expect(scan.errors).toEqual([]);
  });

  it('finds nothing that SECURITY.md does not justify under its check id', () => {
    const allowed = new Set(justified.map(key));
    const unjustified = scan.issues
      .filter((f) => !allowed.has(key(f)))
      .map((f) => `${key(f)}:${f.location.line} ${f.sample ?? ''} — ${f.description}`);
    expect(unjustified).toEqual([]);
  });

  it('leaves no justification in SECURITY.md for a finding that is gone', () => {
    expect(justified.length).toBeGreaterThan(0);
    const found = new Set(scan.issues.map(key));
    expect(justified.map(key).filter((row) => !found.has(row))).toEqual([]);
  });

  it("judges our CSP (the app:// header) as strict: at most a 'review' remark, never weak or absent", () => {
    const csp = scan.issues.filter((f) => f.id === 'CSP_GLOBAL_CHECK');
    expect(csp.length).toBeGreaterThan(0);
    for (const finding of csp) {
      expect(finding.file).toBe(CSP_SHIM_FILE);
      expect(finding.manualReview).toBe(true);
    }
  });

  it('explains every check it leaves out in SECURITY.md', () => {
    for (const check of EXCLUDED_CHECKS) expect(securityMd).toContain(`\`${check}\``);
  });

  it('does flag a window without isolation or sandbox (the scan is live)', async () => {
    const dir = stageFiles({
      'package.json': JSON.stringify({ devDependencies: { electron: '^45.5.0' } }),
      'bad-window.ts':
        "import { BrowserWindow } from 'electron';\n" +
        'new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false } });\n',
    });
    try {
      const ids = (await runElectronegativity(dir)).issues.map((f) => f.id);
      expect(ids).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
