// `logs.page_ms_*_during_sync`: the Access-logs pages the renderer asks for, timed through the core
// while a bootstrap sync (and its index build) runs, to show the UI stays responsive.
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openCore, passphraseKeyProvider } from '../main/core/index';
import type { LogsFilter } from '../shared/contract-logs';

/** The default Access-logs page (newest 100, no filter) and the denials-only page. */
const SYNC_SAMPLE_PAGES: { filter: LogsFilter; limit: number }[] = [
  { filter: {}, limit: 100 },
  { filter: { decision: 'deny' }, limit: 100 },
];

/**
 * Every 50 ms from the start of a bootstrap to its end (index build included), both pages
 * through the core, as the renderer asks for them; a tick that finds the previous sample still
 * waiting is skipped (the waiting sample records the wait). `times` settles once stopped.
 */
function samplePagesDuringSync(core: Awaited<ReturnType<typeof openCore>>): {
  stop: () => void;
  times: Promise<{ at: number; ms: number }[]>;
} {
  const times: { at: number; ms: number }[] = [];
  let inFlight: Promise<void> | null = null;
  const sample = async () => {
    for (const input of SYNC_SAMPLE_PAGES) {
      const t0 = performance.now();
      const page = await core.invoke('logs:page', input);
      if (!page.ok) throw new Error(`logs:page during the sync: ${page.error.message}`);
      times.push({ at: t0, ms: performance.now() - t0 });
    }
  };
  let failed: unknown = null;
  const timer = setInterval(() => {
    if (inFlight) return;
    inFlight = sample()
      .catch((err: unknown) => {
        failed ??= err;
      })
      .finally(() => {
        inFlight = null;
      });
  }, 50);
  let release!: () => void;
  const stopped = new Promise<void>((r) => (release = r));
  return {
    stop: () => {
      clearInterval(timer);
      release();
    },
    times: stopped.then(async () => {
      await inFlight;
      if (failed) throw failed as Error;
      return times;
    }),
  };
}

/**
 * A bootstrap of everything `backend` serves into a fresh cache in `dataDir`, with the pages
 * sampled throughout; `lastPage` is when the last access-events page arrived (the index build
 * follows). The cache is removed afterwards.
 */
export async function pagesDuringBootstrap(
  backend: { url: string; tokens: { owner: string } },
  dataDir: string,
  passphrase: string,
): Promise<{ samples: { at: number; ms: number }[]; lastPage: number }> {
  const core = await openCore({
    dataDir,
    keyProvider: passphraseKeyProvider(passphrase),
    app: { name: 'bench', version: '0', transport: 'browser' },
  });
  try {
    const signed = await core.invoke('session:signIn', {
      backendUrl: backend.url,
      token: backend.tokens.owner,
    });
    if (!signed.ok) throw new Error(signed.error.message);
    let lastPage = performance.now();
    const duringSync = samplePagesDuringSync(core);
    try {
      await core.syncNow((p) => {
        if (p.stream === 'access_events') lastPage = performance.now();
      });
    } finally {
      duringSync.stop();
    }
    return { samples: await duringSync.times, lastPage };
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
