// Shared set-up of the core-sync integration tests: a FakeBackend serving hand-made pages and
// cores opened on fresh encrypted caches, all closed after each test.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { openCore, passphraseKeyProvider, type CoreClient } from '../../main/core/index';
import { type CacheStats, type SyncStatus } from '../../shared/contract-app';
import { LogsPage, type LogsCursor } from '../../shared/contract-logs';
import type { AccessEvent } from '../../shared/domain';
import type { StreamName } from '../../shared/protocol';
import {
  event,
  FAKE_TOKEN,
  FakeBackend,
  request,
  requestEvent,
  subject,
} from '../integration/core-fake-backend';

const APP = { name: 'test', version: '0.0.0', transport: 'browser' as const };

let backends: FakeBackend[] = [];
let cores: CoreClient[] = [];

/** Registers the after-each clean-up in the calling test file; call once at its top level. */
export function closeCoresAfterEach(): void {
  afterEach(async () => {
    await Promise.all(cores.map((c) => c.close()));
    await Promise.all(backends.map((b) => b.stop()));
    cores = [];
    backends = [];
  });
}

/** A started FakeBackend with 3 subjects, one request and its event, and `events` access events. */
export async function fakeBackend(events = 10): Promise<FakeBackend> {
  const b = new FakeBackend();
  for (let i = 0; i < 3; i++) b.upsert('subjects', subject(i));
  b.upsert('requests', request(1));
  b.upsert('request_events', requestEvent(1));
  for (let i = 1; i <= events; i++) b.upsert('access_events', event(i));
  return startTracked(b);
}

/** Starts a hand-filled FakeBackend, stopped after the test like the others. */
export async function startTracked(b: FakeBackend): Promise<FakeBackend> {
  backends.push(await b.start());
  return b;
}
export async function core(
  dir = mkdtempSync(join(tmpdir(), 'zta-core-sync-')),
): Promise<{ core: CoreClient; dir: string }> {
  const c = await openCore({
    dataDir: dir,
    keyProvider: passphraseKeyProvider('sync test passphrase'),
    app: APP,
  });
  cores.push(c);
  return { core: c, dir };
}
export async function signIn(c: CoreClient, b: FakeBackend, token = FAKE_TOKEN) {
  return c.invoke('session:signIn', { backendUrl: b.url, token });
}
/** Sign in and wait for the background sync it starts (joined by syncNow). */
export async function signInAndSync(c: CoreClient, b: FakeBackend): Promise<SyncStatus> {
  const r = await signIn(c, b);
  expect(r.ok).toBe(true);
  return c.syncNow();
}
export const stream = (stats: CacheStats, name: StreamName) => stats.streams.find((s) => s.stream === name)!;
export async function allEvents(c: CoreClient, filter: object = {}, limit = 3): Promise<AccessEvent[]> {
  const rows: AccessEvent[] = [];
  let after: LogsCursor | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const r = await c.invoke('logs:page', after ? { filter, limit, after } : { filter, limit });
    if (!r.ok) throw new Error(r.error.message);
    const page = LogsPage.parse(r.value);
    rows.push(...page.rows.map(({ flags: _flags, ...e }) => e));
    if (!page.next) return rows;
    after = page.next;
  }
  throw new Error('paging never ended');
}
export async function expectReject(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ name: 'AppError', code });
}
