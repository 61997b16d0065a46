// `ui.first_rows_ms`: first rows of the Access-logs page in Chromium through the browser host,
// with the full cache — the browser the e2e suites use, in this machine's locale.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { openCore } from '../main/core/index';
import { ensureUiBuilt } from '../main/cli/ui-build';
import { startHost } from '../main/host/server';
import { CHROMIUM_ARGS, chromiumEnv, describeChromium, resolveChromium } from '../scripts/chromium';
import { median, round, type Measured } from './stats';

/** ui.first_rows_ms and ui.locale (or null and why). */
export async function firstRows(
  core: Awaited<ReturnType<typeof openCore>>,
  log: (s: string) => void,
): Promise<Measured> {
  const figures: Measured['figures'] = {};
  const reasons: Measured['reasons'] = {};
  const rendererDir = new URL('../dist/renderer', import.meta.url).pathname;
  const fail = (why: string) => {
    log(`ui.first_rows_ms failed: ${why}`);
    figures['ui.first_rows_ms'] = null;
    reasons['ui.first_rows_ms'] = why;
    return { figures, reasons };
  };
  try {
    await ensureUiBuilt(log);
  } catch (err) {
    return fail(`the UI could not be built: ${(err as Error).message}`);
  }
  if (!existsSync(join(rendererDir, 'index.html'))) return fail('dist/renderer/index.html is missing');
  let resolved;
  try {
    resolved = resolveChromium();
  } catch (err) {
    return fail((err as Error).message);
  }
  log(describeChromium(resolved));
  const { chromium } = await import('@playwright/test');
  const host = await startHost({ core, rendererDir });
  try {
    const browser = await chromium.launch({
      executablePath: resolved.executablePath,
      args: CHROMIUM_ARGS,
      env: chromiumEnv(resolved),
    });
    try {
      figures['ui.locale'] = await firstRowsLocale(browser);
      figures['ui.first_rows_ms'] = await medianFirstRows(browser, host);
    } finally {
      await browser.close();
    }
  } catch (err) {
    fail((err as Error).message.split('\n')[0] ?? String(err));
  } finally {
    await host.close();
  }
  return { figures, reasons };
}

type Browser = Awaited<ReturnType<(typeof import('@playwright/test'))['chromium']['launch']>>;

/** The language the browser reports here (LANG=C.UTF-8 gives en-US@posix): the locale measured. */
async function firstRowsLocale(browser: Browser): Promise<string> {
  const page = await browser.newPage();
  try {
    return String(await page.evaluate('navigator.language'));
  } finally {
    await page.close();
  }
}

async function medianFirstRows(
  browser: Browser,
  host: Awaited<ReturnType<typeof startHost>>,
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const t = performance.now();
    await page.goto(host.issueLoginUrl());
    await page.goto(`${host.origin}/#/logs`).catch(() => undefined);
    await page
      .getByRole('table', { name: 'Access events' })
      .getByRole('row')
      .nth(1)
      .waitFor({ state: 'visible', timeout: 30_000 });
    times.push(performance.now() - t);
    await context.close();
  }
  return round(median(times), 0);
}
