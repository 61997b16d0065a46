// Which Chromium drives the e2e suites, the bench and any script that needs a browser — decided
// in one place, so a fresh machine with no browser and no access to Playwright's download host
// still runs everything. In order:
//   1. ZTA_CHROMIUM, when set (it must exist: a typo should fail loudly, not fall through);
//   2. Playwright's own Chromium, where `npx playwright install chromium` has been run;
//   3. the system's Chromium (Debian's `chromium`, or a Chrome on the PATH's usual places);
//   4. the Chromium that `npm install` brings inside the `@sparticuz/chromium` package
//      (brotli-compressed; unpacked once into the temp folder, seconds the first time).
import { execFileSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';

export interface ResolvedChromium {
  executablePath: string;
  /** Where it came from, for the one line the e2e run and the bench print. */
  source: 'ZTA_CHROMIUM' | 'playwright' | 'system' | '@sparticuz/chromium';
  why: string;
  /** Environment the browser process needs (shared libraries of the packaged build). */
  env: Record<string, string>;
}

const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

const require = createRequire(import.meta.url);

/** A regular file we may execute (not a dangling link, a folder or a device). */
function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function playwrightChromium(): string | null {
  try {
    const { chromium } = require('@playwright/test') as { chromium: { executablePath(): string } };
    const path = chromium.executablePath();
    return path && isExecutable(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * Unpacks the packaged Chromium (async in its library, so a child process does it and this stays
 * synchronous for playwright.config.ts). Where the machine lacks the NSS libraries it links to,
 * the package's own copies are unpacked too and put on LD_LIBRARY_PATH for the browser only.
 */
function packagedChromium(): ResolvedChromium | null {
  try {
    require.resolve('@sparticuz/chromium');
  } catch {
    return null;
  }
  const script = `
    import Chromium, { inflate } from '@sparticuz/chromium';
    import { execFileSync } from 'node:child_process';
    import { dirname, join } from 'node:path';
    import { createRequire } from 'node:module';
    const path = await Chromium.executablePath();
    let libs = null;
    const missing = (() => {
      try { return /not found/.test(execFileSync('ldd', [path], { encoding: 'utf8' })); }
      catch { return false; }
    })();
    if (missing) {
      const bin = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', 'bin');
      await inflate(join(bin, 'al2023.tar.br'));
      libs = join(${JSON.stringify(tmpdir())}, 'al2023', 'lib');
    }
    process.stdout.write(JSON.stringify({ path, libs }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: process.cwd(),
    encoding: 'utf8',
    timeout: 120_000,
  });
  const { path, libs } = JSON.parse(out) as { path: string; libs: string | null };
  const env: Record<string, string> = {};
  if (libs) env.LD_LIBRARY_PATH = [libs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return {
    executablePath: path,
    source: '@sparticuz/chromium',
    why: libs
      ? 'no ZTA_CHROMIUM, Playwright or system Chromium; the packaged build with its own NSS libraries'
      : 'no ZTA_CHROMIUM, Playwright or system Chromium; the packaged build from node_modules',
    env,
  };
}

/** Throws, with what to do, when no browser can be found at all. */
export function resolveChromium(): ResolvedChromium {
  const explicit = process.env.ZTA_CHROMIUM;
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`ZTA_CHROMIUM=${explicit} is not an executable file.`);
    return { executablePath: explicit, source: 'ZTA_CHROMIUM', why: 'set in the environment', env: {} };
  }
  const own = playwrightChromium();
  if (own) return { executablePath: own, source: 'playwright', why: 'installed by Playwright', env: {} };
  const system = SYSTEM_PATHS.find(isExecutable);
  if (system) return { executablePath: system, source: 'system', why: `found at ${system}`, env: {} };
  const packaged = packagedChromium();
  if (packaged) return packaged;
  throw new Error(
    'No Chromium found: set ZTA_CHROMIUM, run `npx playwright install chromium`, install your ' +
      "system's chromium, or run `npm install` (it brings @sparticuz/chromium).",
  );
}

/** Chromium's flags for our machines: no network but the package registries, no GPU. */
export const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-gpu',
];

/** The browser's environment: ours plus what the resolved build needs. */
export const chromiumEnv = (resolved: ResolvedChromium, extra: Record<string, string> = {}) => {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return { ...env, ...resolved.env, ...extra };
};

export const describeChromium = (r: ResolvedChromium) =>
  `chromium: ${r.executablePath} (${r.source}: ${r.why})`;
