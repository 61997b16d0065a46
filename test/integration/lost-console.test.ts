// Issue 14, "lost laptops", end to end on the real backend (PGlite) with in-process consoles
// (the worker's services on encrypted caches, each with its own injectable clock):
// - the offline lock counts from the last successful sync against the organisation's synced
//   maxOfflineDays, and a sync unlocks it;
// - an owner revokes another admin's console: that console's next sync is refused as revoked,
//   and it signs out and purges what it synced (files made from it too), keeping its outbox.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { openCacheDb } from '../../main/core/cache/open';
import { CacheDatabase } from '../../main/core/cache/store';
import { readOrgSettingsRecord } from '../../main/core/cache/org-settings';
import { buildConsoleServices, type ConsoleServices } from '../../main/core/console-services';
import { ActionIntent } from '../../shared/action-schemas';
import { ConsoleList, ConsoleRevokeReply } from '../../shared/consoles';
import type { Role } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { STREAMS } from '../../shared/protocol';

const DAY = 86_400_000;
let backend: RunningBackend;
let dir: string;
const opened: ConsoleServices[] = [];

interface TestConsole {
  services: ConsoleServices;
  dataDir: string;
  /** This console's clock: fixed at its creation, moved on by `aheadDays`. */
  clock: { aheadDays: number };
}

function consoleAs(role: Role, name: string): TestConsole {
  const dataDir = join(dir, name);
  mkdirSync(dataDir, { recursive: true });
  const db = openCacheDb({
    path: join(dataDir, 'cache.sqlite'),
    key: { kind: 'raw', key: new Uint8Array(randomBytes(32)) },
  });
  const store = new CacheDatabase(db);
  store.setSetting('session.backendUrl', backend.url);
  store.setSetting('session.token', backend.tokens[role]);
  store.setSetting('session.adminName', name);
  store.setSetting('session.role', role);
  const clock = { aheadDays: 0 };
  const base = Date.now();
  const services = buildConsoleServices(db, {
    dataDir,
    now: () => new Date(base + clock.aheadDays * DAY),
  });
  opened.push(services);
  return { services, dataDir, clock };
}

async function syncError(c: TestConsole): Promise<string | null> {
  try {
    await c.services.engine.start();
    return null;
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
}

function lockCode(c: TestConsole, channel: 'logs:page' | 'requests:list' | 'sync:now'): string | null {
  try {
    c.services.assertUnlocked(channel);
    return null;
  } catch (err) {
    return (err as AppError).code;
  }
}

const counts = (c: TestConsole) => STREAMS.map((s) => c.services.store.count(s));

async function asOwner(method: 'GET' | 'POST', path: string): Promise<unknown> {
  const res = await fetch(`${backend.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${backend.tokens.owner}` },
  });
  expect(res.status).toBe(200);
  return res.json();
}

beforeAll(async () => {
  backend = await startBackend({ port: 0, seed: { users: 5, events: 40, seed: 21 }, retention: false });
  dir = mkdtempSync(join(tmpdir(), 'zta-lost-'));
});
afterAll(async () => {
  for (const s of opened) s.db.close();
  await backend?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('offline lock', () => {
  it("locks after the organisation's maxOfflineDays without a sync, and a sync unlocks", async () => {
    const c = consoleAs('viewer', 'viewer-lock');
    expect(await syncError(c)).toBeNull();
    c.clock.aheadDays = 14;
    expect(lockCode(c, 'logs:page')).toBeNull(); // exactly the limit: still open
    c.clock.aheadDays = 14.01;
    expect(lockCode(c, 'logs:page')).toBe('E_CACHE_LOCKED');
    expect(lockCode(c, 'requests:list')).toBe('E_CACHE_LOCKED');
    expect(lockCode(c, 'sync:now')).toBeNull();
    expect(c.services.session.status().lock).toMatchObject({ locked: true, offlineDays: 14, limitDays: 14 });

    expect(await syncError(c)).toBeNull(); // the sync is stamped with this console's clock
    expect(lockCode(c, 'logs:page')).toBeNull();
    expect(c.services.session.status().lock?.locked).toBe(false);
  });

  it('follows the synced organisation setting (an owner lowers it to 3 days)', async () => {
    const owner = consoleAs('owner', 'owner-settings');
    expect(await syncError(owner)).toBeNull();
    const record = readOrgSettingsRecord(owner.services.db);
    owner.services.outbox.enqueue(
      ActionIntent.parse({
        kind: 'settings.update',
        payload: { settings: { ...record.settings, maxOfflineDays: 3 }, fromVersion: record.version },
      }),
    );
    expect(await syncError(owner)).toBeNull();

    const c = consoleAs('analyst', 'analyst-lock');
    expect(await syncError(c)).toBeNull();
    c.clock.aheadDays = 3.5;
    expect(lockCode(c, 'logs:page')).toBe('E_CACHE_LOCKED');
    expect(c.services.session.status().lock).toMatchObject({ locked: true, offlineDays: 3, limitDays: 3 });
  });
});

describe('revoking a lost console', () => {
  it('its next sync is refused as revoked: it signs out and purges its synced data and files', async () => {
    const lost = consoleAs('approver', 'approver-lost');
    expect(await syncError(lost)).toBeNull();
    expect(counts(lost).every((n) => n > 0)).toBe(true);
    const request = lost.services.db.prepare('SELECT id FROM requests LIMIT 1').pluck().get() as string;
    lost.services.outbox.enqueue(
      ActionIntent.parse({ kind: 'request.note', requestId: request, payload: { text: 'queued offline' } }),
    );
    const csv = join(lost.dataDir, 'exports', 'access-events-2026-01-01.csv');
    mkdirSync(join(lost.dataDir, 'exports'), { recursive: true });
    writeFileSync(csv, 'time,user\n');

    const list = ConsoleList.parse(await asOwner('GET', '/v1/consoles')).consoles;
    const target = list.find((x) => x.role === 'approver')!;
    expect(target.lastSeenAt).not.toBeNull();
    ConsoleRevokeReply.parse(await asOwner('POST', `/v1/consoles/${target.id}/revoke`));

    expect(await syncError(lost)).toBe('E_REVOKED');
    expect(counts(lost)).toEqual([0, 0, 0, 0]);
    expect(lost.services.db.prepare('SELECT count(*) FROM sync_state').pluck().get()).toBe(0);
    expect(lost.services.db.prepare('SELECT count(*) FROM org_settings').pluck().get()).toBe(0);
    expect(existsSync(csv)).toBe(false);
    expect(lost.services.session.current()).toBeNull();
    const status = lost.services.session.status();
    expect(status.signedIn).toBe(false);
    expect(status.revoked?.message).toMatch(/revoked/);
    expect(lost.services.engine.getStatus().needsSignIn).toBe(true);
    // The admin's own queued work stays, for a new sign-in to the same organisation to push.
    expect(lost.services.outbox.pendingCount()).toBe(1);
  });

  it('found revoked at sign-in with the token it holds, it purges too', async () => {
    const lost = consoleAs('viewer', 'viewer-lost');
    expect(await syncError(lost)).toBeNull();
    expect(counts(lost).every((n) => n > 0)).toBe(true);
    const target = ConsoleList.parse(await asOwner('GET', '/v1/consoles')).consoles.find(
      (x) => x.role === 'viewer' && !x.revokedAt,
    )!;
    ConsoleRevokeReply.parse(await asOwner('POST', `/v1/consoles/${target.id}/revoke`));

    await expect(
      lost.services.session.signIn({ backendUrl: backend.url, token: backend.tokens.viewer }),
    ).rejects.toMatchObject({ code: 'E_REVOKED' });
    expect(counts(lost)).toEqual([0, 0, 0, 0]);
    expect(lost.services.session.status().revoked).not.toBeNull();
  });
});
