// Issue 14, the offline lock from the CLI: `status --json` says `locked: true` and exits 0;
// data commands — through the core (`subjects`) or in this process (`requests`) — exit 1 with
// E_CACHE_LOCKED on stderr; `sync` unlocks.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_FILE, openCacheDb } from '../../main/core/cache/open';
import { runCli } from '../helpers/cli-process';
import { event, FAKE_TOKEN, FakeBackend, request, requestEvent, subject } from './core-fake-backend';

const PASSPHRASE = 'cli lock passphrase';
const KEY = { ZTA_CACHE_PASSPHRASE: PASSPHRASE };
let backend: FakeBackend;

beforeAll(async () => {
  backend = new FakeBackend();
  for (let i = 0; i < 3; i++) backend.upsert('subjects', subject(i));
  backend.upsert('requests', request(1));
  backend.upsert('request_events', requestEvent(1));
  for (let i = 1; i <= 5; i++) backend.upsert('access_events', event(i));
  await backend.start();
});
afterAll(async () => {
  await backend?.stop();
});

function setLastSync(cache: string, daysAgo: number): void {
  const db = openCacheDb({
    path: join(cache, CACHE_FILE),
    key: { kind: 'passphrase', passphrase: PASSPHRASE },
  });
  try {
    db.prepare("UPDATE settings SET value = ? WHERE key = 'sync.lastSyncedAt'").run(
      new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
    );
  } finally {
    db.close();
  }
}

describe('zta-console and the offline lock', () => {
  it('status reports locked; data commands exit 1 with E_CACHE_LOCKED; sync unlocks', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'zta-cli-lock-'));
    const tokenFile = join(cache, '..', `lock-token-${process.pid}-${Date.now()}`);
    writeFileSync(tokenFile, FAKE_TOKEN, { mode: 0o600 });
    const sync = ['sync', '--token-file', tokenFile, '--backend', backend.url, '--data', cache];
    expect((await runCli(sync, KEY)).code).toBe(0);

    // Offline (the CLI's core syncs when it opens: a reachable backend would unlock at once).
    const port = backend.port;
    await backend.stop();
    setLastSync(cache, 20);
    const status = await runCli(['status', '--data', cache, '--json'], KEY);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      locked: true,
      lock: { offlineDays: 20, limitDays: 14 },
    });
    for (const args of [
      ['subjects', '--data', cache, '--json'],
      ['requests', '--data', cache, '--json'],
    ]) {
      const r = await runCli(args, KEY);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/has not synced for 20 days \(limit 14\).*\[E_CACHE_LOCKED\]/);
      expect(r.stdout).toBe('');
    }

    await backend.start(port);
    expect((await runCli(sync, KEY)).code).toBe(0);
    expect(JSON.parse((await runCli(['status', '--data', cache, '--json'], KEY)).stdout)).toMatchObject({
      locked: false,
    });
    expect((await runCli(['subjects', '--data', cache, '--json'], KEY)).code).toBe(0);
  }, 120_000);
});
