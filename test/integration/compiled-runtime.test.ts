// Issue 15 item 7: the product runs compiled JavaScript (dist/node, built by `npm run build`), not
// TypeScript through tsx. The bundle's imports are checked against the runtime dependencies, and
// the CLI, its cache worker and the embedded PGlite backend are started with a loader that refuses
// tsx and every .ts file.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli-process';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUNDLE = join(ROOT, 'dist', 'node');
const DENY_TS = fileURLToPath(new URL('../helpers/deny-typescript-loader.mjs', import.meta.url));
const WITHOUT_TSX = { NODE_OPTIONS: `--import=${DENY_TS}`, NODE_PATH: '' };
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  main: string;
  dependencies: Record<string, string>;
};

/** Every module specifier a bundle file imports: static, side-effect and dynamic. */
function importsOf(code: string): string[] {
  const found = [
    ...code.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*(['"])([^'"]+)\1/gm),
    ...code.matchAll(/^\s*import\s*(['"])([^'"]+)\1/gm),
    ...code.matchAll(/\bimport\(\s*(['"])([^'"]+)\1\s*\)/g),
  ];
  return found.map((m) => m[2]!);
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the compiled runtime (dist/node)', () => {
  const files = readdirSync(BUNDLE).filter((f) => f.endsWith('.js'));

  it('holds the four entries, and package.json starts Electron from the compiled one', () => {
    expect(files).toEqual(
      expect.arrayContaining(['cli.js', 'cache-worker.js', 'read-worker.js', 'electron-main.js']),
    );
    expect(pkg.main).toBe('dist/node/electron-main.js');
  });

  it('imports only Node built-ins, its own chunks and runtime dependencies — never tsx', () => {
    const builtins = new Set(builtinModules);
    // electron: provided by the Electron binary itself; vite: only in a checkout, to rebuild the
    // UI (ui-build.ts, a guarded dynamic import).
    const allowed = new Set([...Object.keys(pkg.dependencies), 'electron', 'vite']);
    const external = new Set<string>();
    for (const file of files) {
      for (const specifier of importsOf(readFileSync(join(BUNDLE, file), 'utf8'))) {
        if (specifier.startsWith('./')) {
          expect(files, `${file} imports ${specifier}`).toContain(specifier.slice(2));
        } else if (!specifier.startsWith('node:') && !builtins.has(specifier)) {
          external.add(packageOf(specifier));
        }
      }
    }
    expect(external.size).toBeGreaterThan(5); // the scan found the bundle's imports
    expect(external).toContain('better-sqlite3-multiple-ciphers');
    expect(external).toContain('@electric-sql/pglite');
    expect([...external].filter((name) => !allowed.has(name))).toEqual([]);
    expect(external).not.toContain('tsx');
  });

  it('runs the CLI without tsx or any .ts file', async () => {
    const r = await runCli(['--version'], WITHOUT_TSX);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('opens the encrypted cache in its compiled worker without tsx', async () => {
    const data = mkdtempSync(join(tmpdir(), 'zta-compiled-'));
    dirs.push(data);
    const r = await runCli(['status', '--data', data, '--json'], {
      ...WITHOUT_TSX,
      ZTA_CACHE_PASSPHRASE: 'compiled runtime passphrase',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ pendingActions: 0 });
    // Its log (pino-roll in pino's transport thread) resolved and written from the bundle too.
    const logs = join(data, 'logs');
    const log = readdirSync(logs)
      .filter((f) => /^cli\.\d+\.log$/.test(f))
      .map((f) => readFileSync(join(logs, f), 'utf8'))
      .join('');
    expect(log).toContain('"command":"status"');
    expect(log).toContain('"msg":"cache opened"');
  });

  it('serves the reference backend on PGlite from the bundle without tsx', async () => {
    const backend = startCli(['backend', '--seed-users', '5', '--seed-events', '20'], WITHOUT_TSX);
    try {
      const [, url] = await backend.waitFor(/(http:\/\/127\.0\.0\.1:\d+)/);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true });
    } finally {
      await backend.stop();
    }
    expect(backend.output()).not.toMatch(/TypeScript source loaded|tsx is not available/);
  });
});
