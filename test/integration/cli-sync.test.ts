// The headless path an admin or a script takes: `zta-console backend` → `sync` → `status`,
// as real processes, plus the bad-input paths: each one clear line, nothing half-written.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendStats } from '../../shared/protocol';
import { runCli, startCli, type RunningCli } from '../helpers/cli-process';

const KEY = { ZTA_CACHE_PASSPHRASE: 'cli test passphrase' };

async function startBackendProcess(
  dataDir: string,
): Promise<{ proc: RunningCli; url: string; tokens: Record<string, string> }> {
  const proc = startCli([
    'backend',
    '--port',
    '0',
    '--seed-users',
    '30',
    '--seed-events',
    '3000',
    '--seed',
    '9',
    '--data',
    dataDir,
  ]);
  await proc.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/i);
  const file = JSON.parse(readFileSync(join(dataDir, 'tokens.json'), 'utf8')) as {
    url: string;
    tokens: Record<string, string>;
  };
  return { proc, url: file.url, tokens: file.tokens };
}

describe('zta-console backend → sync → status', () => {
  const backendDir = mkdtempSync(join(tmpdir(), 'zta-cli-backend-'));
  let backend: Awaited<ReturnType<typeof startBackendProcess>>;

  beforeAll(async () => {
    backend = await startBackendProcess(backendDir);
  }, 120_000);
  afterAll(() => backend?.proc.stop());

  it('writes one token per role to tokens.json, and keeps them off the terminal (issue 14)', () => {
    expect(Object.keys(backend.tokens).sort()).toEqual(['analyst', 'approver', 'owner', 'viewer']);
    for (const token of Object.values(backend.tokens)) expect(backend.proc.output()).not.toContain(token);
  });

  it('--role picks the token of tokens.json to use (default owner); a bad role is bad usage', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'zta-cli-cache-'));
    const viewerOnly = join(cache, '..', `viewer-tokens-${Date.now()}.json`);
    writeFileSync(
      viewerOnly,
      JSON.stringify({ url: backend.url, tokens: { viewer: backend.tokens.viewer } }),
    );
    const noRole = await runCli(['sync', '--token-file', viewerOnly, '--data', cache], KEY);
    expect(noRole.code).not.toBe(0);
    expect(noRole.stderr).toMatch(/no tokens\.owner/);
    const viewer = await runCli(
      ['sync', '--token-file', viewerOnly, '--role', 'viewer', '--data', cache],
      KEY,
    );
    expect(viewer.stderr).toBe('');
    expect(viewer.code).toBe(0);
    const bad = await runCli(['sync', '--token-file', viewerOnly, '--role', 'root', '--data', cache], KEY);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--role must be one of/);
  }, 180_000);

  it('syncs into a new encrypted cache and status shows the backend counts', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'zta-cli-cache-'));
    const sync = await runCli(
      ['sync', '--token-file', join(backendDir, 'tokens.json'), '--data', cache],
      KEY,
    );
    expect(sync.stderr).toBe('');
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/Caught up/);

    const status = await runCli(['status', '--data', cache, '--json'], KEY);
    expect(status.code).toBe(0);
    const local = JSON.parse(status.stdout) as {
      streams: Record<string, { count: number }>;
      pendingActions: number;
    };
    const stats = BackendStats.parse(
      await (
        await fetch(`${backend.url}/v1/stats`, {
          headers: { authorization: `Bearer ${backend.tokens.viewer}` },
        })
      ).json(),
    );
    expect(local.streams.access_events?.count).toBe(3000);
    for (const [stream, count] of Object.entries(stats.counts))
      expect(local.streams[stream]?.count).toBe(count);
    expect(local.pendingActions).toBe(0);
    expect((local as { setAside?: number }).setAside).toBe(0);

    // The cache file is encrypted: no SQLite header, no usernames in clear.
    const bytes = readFileSync(join(cache, 'cache.sqlite'));
    expect(bytes.subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
  });

  it('a bare token file works too, and a second sync is a no-op', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'zta-cli-cache-'));
    const tokenFile = join(cache, '..', `token-${Date.now()}`);
    writeFileSync(tokenFile, `${backend.tokens.analyst}\n`);
    const args = ['sync', '--backend', backend.url, '--token-file', tokenFile, '--data', cache];
    expect((await runCli(args, KEY)).code).toBe(0);
    const again = await runCli(args, KEY);
    expect(again.code).toBe(0);
    const status = JSON.parse((await runCli(['status', '--data', cache, '--json'], KEY)).stdout) as {
      streams: Record<string, { count: number }>;
    };
    expect(status.streams.access_events?.count).toBe(3000);
  });

  it('refuses a wrong token with one clear line', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'zta-cli-cache-'));
    const tokenFile = join(cache, '..', `bad-token-${Date.now()}`);
    writeFileSync(tokenFile, 'this-is-not-a-valid-admin-token');
    const r = await runCli(
      ['sync', '--backend', backend.url, '--token-file', tokenFile, '--data', cache],
      KEY,
    );
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/\[E_AUTH\]/);
  });

  it('refuses a cache key that does not open the cache, and leaves the cache intact', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'zta-cli-cache-'));
    expect(
      (await runCli(['sync', '--token-file', join(backendDir, 'tokens.json'), '--data', cache], KEY)).code,
    ).toBe(0);
    const before = readFileSync(join(cache, 'cache.sqlite'));
    const r = await runCli(['status', '--data', cache], { ZTA_CACHE_PASSPHRASE: 'not the passphrase' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[E_CACHE_KEY\]/);
    expect(readFileSync(join(cache, 'cache.sqlite')).equals(before)).toBe(true);
    expect((await runCli(['status', '--data', cache], KEY)).code).toBe(0);
  });

  it('asks for a key rather than inventing one', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'zta-cli-cache-'));
    const r = await runCli(['status', '--data', cache], { ZTA_CACHE_PASSPHRASE: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ZTA_CACHE_PASSPHRASE/);
    expect(existsSync(join(cache, 'cache.sqlite'))).toBe(false);
  });
});

describe('backend down, then back', () => {
  it('says the backend is unreachable, loses nothing, and the next run continues', async () => {
    const backendDir = mkdtempSync(join(tmpdir(), 'zta-cli-backend-'));
    const cache = mkdtempSync(join(tmpdir(), 'zta-cli-cache-'));
    const first = await startBackendProcess(backendDir);
    expect(
      (await runCli(['sync', '--token-file', join(backendDir, 'tokens.json'), '--data', cache], KEY)).code,
    ).toBe(0);
    await first.proc.stop();

    const down = await runCli(
      ['sync', '--backend', first.url, '--token-file', join(backendDir, 'tokens.json'), '--data', cache],
      KEY,
    );
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/\[E_BACKEND_UNREACHABLE\]/);
    const kept = JSON.parse((await runCli(['status', '--data', cache, '--json'], KEY)).stdout) as {
      streams: Record<string, { count: number }>;
    };
    expect(kept.streams.access_events?.count).toBe(3000);

    // Restarted on its data dir: same organisation, same tokens, new port.
    const second = await startBackendProcess(backendDir);
    try {
      expect(second.tokens.owner).toBe(first.tokens.owner);
      const resumed = await runCli(
        ['sync', '--token-file', join(backendDir, 'tokens.json'), '--data', cache],
        KEY,
      );
      expect(resumed.code).toBe(0);
      const after = JSON.parse((await runCli(['status', '--data', cache, '--json'], KEY)).stdout) as {
        streams: Record<string, { count: number }>;
      };
      expect(after.streams.access_events?.count).toBe(3000);
    } finally {
      await second.proc.stop();
    }
  }, 180_000);
});
