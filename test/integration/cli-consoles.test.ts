// Issue 14 from the CLI: an owner lists the consoles and revokes the viewer's; a revocation
// without --yes is bad usage (exit 2); the viewer's next `sync` exits 1 with E_REVOKED and its
// cache no longer holds what it synced.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { ConsoleList } from '../../shared/consoles';
import type { Role } from '../../shared/domain';
import { runCli } from '../helpers/cli-process';

const KEY = { ZTA_CACHE_PASSPHRASE: 'cli consoles passphrase' };
let backend: RunningBackend;
let dir: string;

beforeAll(async () => {
  backend = await startBackend({ port: 0, seed: { users: 5, events: 30, seed: 4 }, retention: false });
  dir = mkdtempSync(join(tmpdir(), 'zta-cli-consoles-'));
});
afterAll(async () => {
  await backend?.close();
});

async function syncedCache(role: Role): Promise<{ cache: string; sync: string[] }> {
  const cache = join(dir, role);
  const tokenFile = join(dir, `${role}.token`);
  writeFileSync(tokenFile, backend.tokens[role], { mode: 0o600 });
  const sync = ['sync', '--token-file', tokenFile, '--backend', backend.url, '--data', cache];
  const r = await runCli(sync, KEY);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return { cache, sync };
}

describe('zta-console consoles', () => {
  it('an owner lists and revokes; the revoked console is purged at its next sync', async () => {
    const owner = await syncedCache('owner');
    const viewer = await syncedCache('viewer');

    const listed = await runCli(['consoles', '--data', owner.cache, '--json'], KEY);
    expect(listed.code).toBe(0);
    const consoles = ConsoleList.parse(JSON.parse(listed.stdout)).consoles;
    const target = consoles.find((c) => c.role === 'viewer')!;
    expect(consoles.find((c) => c.current)?.role).toBe('owner');

    const unconfirmed = await runCli(['consoles', '--data', owner.cache, '--revoke', target.id], KEY);
    expect(unconfirmed.code).toBe(2);
    const viewerList = await runCli(['consoles', '--data', viewer.cache], KEY);
    expect(viewerList.code).toBe(1);
    expect(viewerList.stderr).toMatch(/\[E_FORBIDDEN\]/);

    const revoked = await runCli(['consoles', '--data', owner.cache, '--revoke', target.id, '--yes'], KEY);
    expect(revoked.stderr).toBe('');
    expect(revoked.code).toBe(0);

    const again = await runCli(viewer.sync, KEY);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/revoked.*\[E_REVOKED\]/);
    const status = JSON.parse((await runCli(['status', '--data', viewer.cache, '--json'], KEY)).stdout) as {
      streams: Record<string, { count: number }>;
    };
    expect(Object.values(status.streams).map((s) => s.count)).toEqual([0, 0, 0, 0]);
  }, 180_000);
});
