// The renderer's zustand stores over an injected fake bridge: keyset paging of the access
// logs (Previous/Next from a cursor stack), filters, and the refresh when a sync finishes.
import { describe, expect, it } from 'vitest';
import type { Bridge, LogsPageInput, SyncStatus } from '../../shared/contract';
import type { AccessEvent } from '../../shared/domain';
import { createClient } from '../../renderer/src/api/client';
import { createLogsStore, PAGE_SIZE, pageIndexOf, shownRange } from '../../renderer/src/stores/logs';
import { createSyncStore } from '../../renderer/src/stores/sync';
import { createCacheStore } from '../../renderer/src/stores/cache';
import { createSessionStore } from '../../renderer/src/stores/session';
import { refreshAfterSync } from '../../renderer/src/stores/wiring';

function makeEvents(n: number): AccessEvent[] {
  const base = Date.UTC(2025, 0, 1);
  return Array.from({ length: n }, (_, i) => ({
    id: `ev-${String(i).padStart(5, '0')}`,
    time: new Date(base + i * 60_000).toISOString(),
    subjectId: `s-${i % 7}`,
    username: `user${i % 7}`,
    ip: `10.0.0.${i % 250}`,
    deviceId: `d-${i % 5}`,
    deviceName: `device ${i % 5}`,
    osVersion: 'Linux 6',
    app: i % 3 === 0 ? 'payroll' : 'wiki',
    decision: i % 4 === 0 ? 'deny' : 'allow',
    reason: i % 4 === 0 ? 'device not compliant' : null,
  }));
}

/** A fake host: logs:page over an in-memory table in (time desc, id desc) order, like the core. */
function fakeBackend(events: AccessEvent[]) {
  let table = [...events];
  const calls: LogsPageInput[] = [];
  const listeners = new Set<(payload: unknown) => void>();
  let syncStatus: SyncStatus = {
    online: true,
    running: false,
    lastSyncedAt: null,
    lastError: null,
    progress: null,
  };
  const sorted = () =>
    [...table].sort((a, b) => (a.time === b.time ? b.id.localeCompare(a.id) : b.time.localeCompare(a.time)));

  const bridge: Bridge = {
    async invoke(channel, input) {
      if (channel === 'logs:page') {
        const req = (input ?? {}) as LogsPageInput;
        calls.push(req);
        const limit = req.limit ?? 100;
        let rows = sorted().filter(
          (e) =>
            (!req.filter?.decision || e.decision === req.filter.decision) &&
            (!req.filter?.app || e.app.includes(req.filter.app)),
        );
        const after = req.after;
        if (after)
          rows = rows.filter((e) => e.time < after.time || (e.time === after.time && e.id < after.id));
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        const next = rows.length > limit && last ? { time: last.time, id: last.id } : null;
        return { ok: true, value: { rows: page, next } };
      }
      if (channel === 'sync:status') return { ok: true, value: syncStatus };
      if (channel === 'cache:stats') {
        return {
          ok: true,
          value: {
            schemaVersion: 1,
            streams: [
              {
                stream: 'access_events',
                count: table.length,
                cursor: table.length,
                epoch: null,
                lastSyncedAt: null,
              },
            ],
            pendingActions: 0,
          },
        };
      }
      if (channel === 'session:signIn') {
        return { ok: false, error: { code: 'E_AUTH', message: 'The backend rejected this token.' } };
      }
      return { ok: false, error: { code: 'E_UNKNOWN_CHANNEL', message: channel } };
    },
    on(_event, listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    bridge,
    calls,
    add: (more: AccessEvent[]) => {
      table = table.concat(more);
    },
    emitStatus: (s: Partial<SyncStatus>) => {
      syncStatus = { ...syncStatus, ...s };
      for (const l of listeners) l(syncStatus);
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('logs store paging', () => {
  it('pages forward and back through 250 events, 100 at a time', async () => {
    const events = makeEvents(250);
    const fake = fakeBackend(events);
    const logs = createLogsStore(createClient(fake.bridge));
    const newestFirst = [...events].reverse().map((e) => e.id);

    await logs.getState().loadFirst();
    let s = logs.getState();
    expect(s.rows.map((r) => r.id)).toEqual(newestFirst.slice(0, 100));
    expect(shownRange(s)).toEqual({ from: 1, to: 100 });
    expect(pageIndexOf(s)).toBe(0);
    expect(s.next).not.toBeNull();
    expect(fake.calls[0]).toEqual({ filter: {}, limit: PAGE_SIZE });

    await s.nextPage();
    s = logs.getState();
    expect(s.rows.map((r) => r.id)).toEqual(newestFirst.slice(100, 200));
    expect(shownRange(s)).toEqual({ from: 101, to: 200 });

    await s.nextPage();
    s = logs.getState();
    expect(s.rows.map((r) => r.id)).toEqual(newestFirst.slice(200, 250));
    expect(shownRange(s)).toEqual({ from: 201, to: 250 });
    expect(s.next).toBeNull();

    // No page after the last one: Next is a no-op.
    const before = fake.calls.length;
    await s.nextPage();
    expect(fake.calls.length).toBe(before);

    await logs.getState().previousPage();
    expect(logs.getState().rows.map((r) => r.id)).toEqual(newestFirst.slice(100, 200));
    await logs.getState().previousPage();
    expect(logs.getState().rows.map((r) => r.id)).toEqual(newestFirst.slice(0, 100));
    expect(pageIndexOf(logs.getState())).toBe(0);

    // No page before the first one.
    const count = fake.calls.length;
    await logs.getState().previousPage();
    expect(fake.calls.length).toBe(count);
  });

  it('a filter change goes back to the first page and sends the contract filter', async () => {
    const fake = fakeBackend(makeEvents(400));
    const logs = createLogsStore(createClient(fake.bridge));
    await logs.getState().loadFirst();
    await logs.getState().nextPage();

    await logs.getState().setDecision('deny');
    let s = logs.getState();
    expect(pageIndexOf(s)).toBe(0);
    expect(s.rows.length).toBe(100);
    expect(new Set(s.rows.map((r) => r.decision))).toEqual(new Set(['deny']));
    expect(fake.calls.at(-1)).toEqual({ filter: { decision: 'deny' }, limit: PAGE_SIZE });

    await logs.getState().setApp('  payroll ');
    s = logs.getState();
    expect(fake.calls.at(-1)?.filter).toEqual({ decision: 'deny', app: 'payroll' });
    expect(s.rows.every((r) => r.app === 'payroll' && r.decision === 'deny')).toBe(true);

    await logs.getState().setDecision('all');
    await logs.getState().setApp('   ');
    expect(fake.calls.at(-1)?.filter).toEqual({});
  });

  it('an empty cache is a loaded, empty first page', async () => {
    const logs = createLogsStore(createClient(fakeBackend([]).bridge));
    await logs.getState().loadFirst();
    const s = logs.getState();
    expect(s.loaded).toBe(true);
    expect(s.rows).toEqual([]);
    expect(s.next).toBeNull();
    expect(shownRange(s)).toBeNull();
  });

  it('only the latest request writes: a slow earlier page never overwrites a newer one', async () => {
    const events = makeEvents(300);
    const fake = fakeBackend(events);
    const release: (() => void)[] = [];
    const slow: Bridge = {
      invoke: (channel, input) =>
        new Promise((resolve) => release.push(() => resolve(fake.bridge.invoke(channel, input)))),
      on: fake.bridge.on,
    };
    const logs = createLogsStore(createClient(slow));
    const first = logs.getState().loadFirst();
    const deny = logs.getState().setDecision('deny');
    release[1]?.(); // the newer (deny) request answers first
    await deny;
    release[0]?.();
    await first;
    expect(new Set(logs.getState().rows.map((r) => r.decision))).toEqual(new Set(['deny']));
    expect(logs.getState().loading).toBe(false);
  });

  it('an error keeps the page on screen and reports the message', async () => {
    let fail = false;
    const fake = fakeBackend(makeEvents(150));
    const bridge: Bridge = {
      invoke: async (channel, input) =>
        fail
          ? { ok: false, error: { code: 'E_CACHE', message: 'The cache is locked.' } }
          : fake.bridge.invoke(channel, input),
      on: fake.bridge.on,
    };
    const logs = createLogsStore(createClient(bridge));
    await logs.getState().loadFirst();
    fail = true;
    await logs.getState().nextPage();
    const s = logs.getState();
    expect(s.error).toBe('The cache is locked.');
    expect(pageIndexOf(s)).toBe(0); // the cursor stack only moves on success
    expect(s.rows.length).toBe(100);
  });
});

describe('sync store and the refresh after a sync', () => {
  it('follows sync:status events and reloads the logs when a run finishes', async () => {
    const fake = fakeBackend(makeEvents(20));
    const client = createClient(fake.bridge);
    const sync = createSyncStore(client, { pollMs: 0 });
    const logs = createLogsStore(client);
    const cache = createCacheStore(client);
    const stop = sync.getState().start();
    const unwire = refreshAfterSync({ sync, logs, cache });
    await settle();
    await logs.getState().loadFirst();
    expect(shownRange(logs.getState())).toEqual({ from: 1, to: 20 });

    fake.emitStatus({
      running: true,
      progress: { stream: 'access_events', applied: 0, cursor: 0, watermark: 50 },
    });
    expect(sync.getState().status?.running).toBe(true);
    fake.add(makeEvents(50).map((e) => ({ ...e, id: `new-${e.id}`, time: e.time.replace('2025', '2026') })));
    fake.emitStatus({ running: false, progress: null, lastSyncedAt: '2026-01-01T00:00:00.000Z' });
    await settle();

    expect(sync.getState().completedRuns).toBe(1);
    expect(shownRange(logs.getState())).toEqual({ from: 1, to: 70 });
    expect(logs.getState().rows[0]?.id.startsWith('new-')).toBe(true);

    unwire();
    stop();
  });

  it('ignores invalid event payloads', async () => {
    const fake = fakeBackend([]);
    const sync = createSyncStore(createClient(fake.bridge, { onInvalidEvent: () => undefined }), {
      pollMs: 0,
    });
    const stop = sync.getState().start();
    await settle();
    fake.emitStatus({ running: 'sometimes' as unknown as boolean });
    expect(sync.getState().status?.running).toBe(false);
    stop();
  });
});

describe('session store', () => {
  it('shows the backend error message when sign-in is refused', async () => {
    const session = createSessionStore(createClient(fakeBackend([]).bridge));
    const ok = await session.getState().signIn('http://127.0.0.1:9', 'not-the-right-token-at-all-0000');
    expect(ok).toBe(false);
    expect(session.getState().error).toBe('The backend rejected this token.');
    expect(session.getState().busy).toBe(false);
  });
});
