// The renderer's zustand stores over an injected fake bridge: the windowed access-log store
// (keyset from loaded pages, offset for jumps, bounded page cache, stale replies dropped), the
// histogram, detail drawer, saved views, CSV export progress, subjects, settings, and the
// refresh when a sync finishes.
import { describe, expect, it } from 'vitest';
import type { Bridge } from '../../shared/contract';
import type { SyncStatus } from '../../shared/contract-app';
import type { AccessEvent } from '../../shared/domain';
import { createClient } from '../../renderer/src/api/client';
import { createLogsStore, MAX_PAGES, PAGE_SIZE } from '../../renderer/src/stores/logs';
import { createSyncStore } from '../../renderer/src/stores/sync';
import { createCacheStore } from '../../renderer/src/stores/cache';
import { createSessionStore } from '../../renderer/src/stores/session';
import { createHistogramStore } from '../../renderer/src/stores/histogram';
import { createEventDrawerStore } from '../../renderer/src/stores/event-drawer';
import { createViewsStore } from '../../renderer/src/stores/views';
import { createExportStore } from '../../renderer/src/stores/exporter';
import { createSubjectsStore } from '../../renderer/src/stores/subjects';
import { createSettingsStore } from '../../renderer/src/stores/settings';
import { histogramFollowsLogs, refreshAfterSync } from '../../renderer/src/stores/wiring';
import { EMPTY_QUERY } from '../../renderer/src/logs/query';
import { idle, until } from '../helpers/store-until';

function makeEvents(n: number): AccessEvent[] {
  const base = Date.UTC(2025, 0, 1);
  return Array.from({ length: n }, (_, i) => ({
    id: `ev-${String(i).padStart(6, '0')}`,
    time: new Date(base + i * 60_000).toISOString(),
    subjectId: `s-${i % 7}`,
    username: `user${i % 7}`,
    ip: `10.0.${i % 3}.${i % 250}`,
    deviceId: `d-${i % 5}`,
    deviceName: `device ${i % 5}`,
    osVersion: 'Linux 6',
    app: i % 3 === 0 ? 'payroll' : 'wiki',
    decision: i % 4 === 0 ? 'deny' : 'allow',
    reason: i % 4 === 0 ? 'device not compliant' : null,
  }));
}

type Call = { channel: string; input: Record<string, unknown> };

/** A fake host over an in-memory table, answering like the core does. */
function fakeBackend(events: AccessEvent[]) {
  let table = [...events];
  const calls: Call[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let syncStatus: SyncStatus = {
    online: true,
    running: false,
    lastSyncedAt: null,
    lastError: null,
    progress: null,
  };
  const views: { id: string; name: string; query: unknown; createdAt: string; updatedAt: string }[] = [];
  let retentionDays = 90;
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));

  const matching = (filter: Record<string, unknown> = {}, order: string = 'desc') => {
    const sorted = [...table].sort((a, b) =>
      a.time === b.time ? a.id.localeCompare(b.id) : a.time.localeCompare(b.time),
    );
    if (order !== 'asc') sorted.reverse();
    return sorted.filter(
      (e) =>
        (!filter.decision || e.decision === filter.decision) &&
        (!filter.app || e.app === filter.app) &&
        (!filter.user || e.username === filter.user) &&
        (!filter.text || e.username === filter.text) &&
        (!filter.from || e.time >= (filter.from as string)) &&
        (!filter.to || e.time < (filter.to as string)),
    );
  };
  const ok = (value: unknown) => ({ ok: true, value });
  const syntaxError = {
    ok: false,
    error: { code: 'E_VALIDATION', message: 'Search syntax error near "(".' },
  };

  const bridge: Bridge = {
    async invoke(channel, raw) {
      const input = (raw ?? {}) as Record<string, unknown>;
      calls.push({ channel, input });
      const filter = (input.filter ?? {}) as Record<string, unknown>;
      if (filter.text === '(') return syntaxError;
      switch (channel) {
        case 'logs:page': {
          const order = (input.order as string) ?? 'desc';
          let rows = matching(filter, order);
          const after = input.after as { time: string; id: string } | undefined;
          if (after) {
            const cmp = (e: AccessEvent) =>
              e.time === after.time ? e.id.localeCompare(after.id) : e.time.localeCompare(after.time);
            rows = rows.filter((e) => (order === 'asc' ? cmp(e) > 0 : cmp(e) < 0));
          }
          const limit = (input.limit as number) ?? 100;
          const page = rows.slice(0, limit);
          const last = page[page.length - 1];
          const next = rows.length > limit && last ? { time: last.time, id: last.id } : null;
          return ok({ rows: page.map((r) => ({ ...r, flags: [] })), next });
        }
        case 'logs:count':
          return ok({ count: matching(filter).length, capped: false });
        case 'logs:histogram': {
          const size = input.bucket === 'hour' ? 3_600_000 : 86_400_000;
          const map = new Map<number, { allow: number; deny: number }>();
          for (const e of matching(filter)) {
            const start = Math.floor(Date.parse(e.time) / size) * size;
            const b = map.get(start) ?? { allow: 0, deny: 0 };
            b[e.decision] += 1;
            map.set(start, b);
          }
          const buckets = [...map.entries()]
            .sort((a, b) => a[0] - b[0])
            .map(([start, b]) => ({ start: new Date(start).toISOString(), ...b }));
          return ok({ bucket: input.bucket, buckets });
        }
        case 'logs:event': {
          const e = table.find((x) => x.id === input.id);
          return e
            ? ok({
                ...e,
                flags: [{ kind: 'new_device' }],
              })
            : { ok: false, error: { code: 'E_VALIDATION', message: 'No such event.' } };
        }
        case 'views:list':
          return ok({ views });
        case 'views:save': {
          const view = {
            id: `v${views.length + 1}`,
            name: input.name as string,
            query: input.query,
            createdAt: '2025-01-01T00:00:00.000Z',
            updatedAt: '2025-01-01T00:00:00.000Z',
          };
          views.push(view);
          return ok(view);
        }
        case 'views:delete': {
          const i = views.findIndex((v) => v.id === input.id);
          if (i >= 0) views.splice(i, 1);
          return ok({ deleted: i >= 0 });
        }
        case 'logs:exportCsv': {
          const total = matching(filter).length;
          const fileName = 'access-events-20250101T000000Z-abcd1234.csv';
          setTimeout(() => {
            emit('export:progress', {
              exportId: 'x1',
              fileName,
              written: Math.floor(total / 2),
              total,
              done: false,
            });
            emit('export:progress', { exportId: 'x1', fileName, written: total, total, done: true });
          }, 1);
          return ok({ exportId: 'x1', fileName, written: 0, total, done: false });
        }
        case 'subjects:list':
          return ok({
            subjects: [
              {
                id: 's-1',
                username: 'user1',
                displayName: 'User One',
                department: null,
                restricted: false,
                restriction: null,
                eventCount: 3,
                flagCount: 0,
              },
            ],
          });
        case 'subjects:timeline': {
          const rows = matching({ user: 'user1' });
          const after = input.after as { id: string } | undefined;
          const start = after ? rows.findIndex((e) => e.id === after.id) + 1 : 0;
          const limit = input.limit as number;
          const page = rows.slice(start, start + limit);
          const last = page[page.length - 1];
          return ok({
            profile: {
              id: 's-1',
              username: 'user1',
              displayName: 'User One',
              email: 'u1@example.org',
              employeeId: null,
              department: null,
              restricted: false,
              devices: [],
              flags: [],
              eventCount: rows.length,
            },
            events: page.map((r) => ({ ...r, flags: [] })),
            next: start + limit < rows.length && last ? { time: last.time, id: last.id } : null,
            requests: [],
          });
        }
        case 'settings:get':
          return ok({ retentionDays });
        case 'settings:set':
          retentionDays = input.retentionDays as number;
          return ok({ retentionDays });
        case 'sync:status':
          return ok(syncStatus);
        case 'cache:stats':
          return ok({ schemaVersion: 1, streams: [], pendingActions: 0, casework: { lateRefusals: 0 } });
        case 'session:signIn':
          return { ok: false, error: { code: 'E_AUTH', message: 'The backend rejected this token.' } };
      }
      return { ok: false, error: { code: 'E_UNKNOWN_CHANNEL', message: channel } };
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)?.add(listener);
      return () => listeners.get(event)?.delete(listener);
    },
  };
  return {
    bridge,
    calls,
    pageCalls: () => calls.filter((c) => c.channel === 'logs:page'),
    add: (more: AccessEvent[]) => {
      table = table.concat(more);
    },
    emitStatus: (s: Partial<SyncStatus>) => {
      syncStatus = { ...syncStatus, ...s };
      emit('sync:status', syncStatus);
    },
  };
}

const ids = (rows: { id: string }[] | undefined) => (rows ?? []).map((r) => r.id);

describe('logs store: a window of pages over the whole set', () => {
  it('counts and loads the first page; scrolling on uses keyset cursors', async () => {
    const events = makeEvents(1000);
    const fake = fakeBackend(events);
    const logs = createLogsStore(createClient(fake.bridge));
    const newestFirst = ids([...events].reverse());

    await logs.getState().loadFirst();
    expect(logs.getState().count).toBe(1000);
    expect(ids(logs.getState().pages[0])).toEqual(newestFirst.slice(0, PAGE_SIZE));
    expect(logs.getState().rowAt(0)?.id).toBe(newestFirst[0]);
    expect(fake.pageCalls()[0]?.input).toMatchObject({ filter: {}, order: 'desc', limit: PAGE_SIZE });

    logs.getState().ensureRows(90, 130); // straddles pages 0 and 1
    await idle(logs);
    const second = fake.pageCalls().at(-1)?.input;
    expect(second?.after).toEqual({ time: events[900]?.time, id: events[900]?.id });
    expect(logs.getState().rowAt(130)?.id).toBe(newestFirst[130]);
  });

  it('a jump into the middle seeks by time (hourly histogram), then pages exactly around it', async () => {
    const events = makeEvents(5000); // one a minute
    const fake = fakeBackend(events);
    const logs = createLogsStore(createClient(fake.bridge));
    await logs.getState().loadFirst();
    const minutes = (a?: string, b?: string) => (Date.parse(a ?? '') - Date.parse(b ?? '')) / 60_000;

    logs.getState().ensureRows(3210, 3230); // page 32, far from page 0
    await idle(logs);
    expect(fake.calls.some((c) => c.channel === 'logs:histogram' && c.input.bucket === 'hour')).toBe(true);
    const jump = fake.pageCalls().at(-1)?.input;
    expect(jump?.order).toBe('desc');
    expect(jump?.after).toBeDefined();
    // Row 3200 of newest-first is event 1799; the estimate lands within a couple of minutes.
    expect(Math.abs(minutes(logs.getState().rowAt(3200)?.time, events[1799]?.time))).toBeLessThanOrEqual(2);

    // Below: on by keyset. Above: back from the page's first row in reverse order. No gaps.
    logs.getState().ensureRows(3290, 3310);
    logs.getState().ensureRows(3150, 3160);
    await idle(logs);
    const back = fake.pageCalls().find((c) => c.input.order === 'asc');
    expect(back?.input.after).toMatchObject({ id: logs.getState().rowAt(3200)?.id });
    for (const i of [3199, 3299]) {
      expect(minutes(logs.getState().rowAt(i)?.time, logs.getState().rowAt(i + 1)?.time)).toBe(1);
    }

    // The last page comes from the end, in reverse: the oldest event is the last row.
    logs.getState().ensureRows(4990, 4999);
    await idle(logs);
    expect(logs.getState().rowAt(4999)?.id).toBe(events[0]?.id);
    expect(logs.getState().rowAt(4900)?.id).toBe(events[99]?.id);
  });

  it('keeps at most MAX_PAGES pages, dropping the farthest from the viewport', async () => {
    const fake = fakeBackend(makeEvents(PAGE_SIZE * (MAX_PAGES + 10)));
    const logs = createLogsStore(createClient(fake.bridge));
    await logs.getState().loadFirst();
    for (let p = 1; p < MAX_PAGES + 10; p++) {
      logs.getState().ensureRows(p * PAGE_SIZE, p * PAGE_SIZE + 20);
      await idle(logs);
    }
    const kept = Object.keys(logs.getState().pages).map(Number);
    expect(kept.length).toBe(MAX_PAGES);
    expect(kept).toContain(MAX_PAGES + 9);
    expect(kept).not.toContain(0);
  });

  it('sends every filter and the sort order; an invalid CIDR sends nothing', async () => {
    const fake = fakeBackend(makeEvents(400));
    const logs = createLogsStore(createClient(fake.bridge));
    await logs.getState().loadFirst();
    await logs.getState().setQuery({ decision: 'deny', app: ' payroll ', order: 'asc' });
    const s = logs.getState();
    expect(fake.pageCalls().at(-1)?.input).toMatchObject({
      filter: { decision: 'deny', app: 'payroll' },
      order: 'asc',
    });
    expect(s.pages[0]?.every((r) => r.decision === 'deny' && r.app === 'payroll')).toBe(true);
    expect(s.count).toBe(s.pages[0]?.length);

    const before = fake.calls.length;
    await logs.getState().setQuery({ ip: '10.0.0.0/33' });
    expect(fake.calls.length).toBe(before);
    await logs.getState().setQuery({ ip: '10.0.0.0/16' });
    expect(fake.pageCalls().at(-1)?.input.filter).toMatchObject({ ip: '10.0.0.0/16' });
  });

  it('a search syntax error becomes a readable message, not a crash', async () => {
    const fake = fakeBackend(makeEvents(50));
    const logs = createLogsStore(createClient(fake.bridge));
    await logs.getState().loadFirst();
    await logs.getState().setQuery({ text: '(' });
    expect(logs.getState().queryError).toBe('Search syntax error near "(".');
    expect(logs.getState().error).toBeNull();
    expect(logs.getState().count).toBe(0);
    await logs.getState().setQuery({ text: 'user3' });
    expect(logs.getState().queryError).toBeNull();
    expect(logs.getState().pages[0]?.every((r) => r.username === 'user3')).toBe(true);
  });

  it('only the latest query writes: a slow earlier reply is dropped', async () => {
    const fake = fakeBackend(makeEvents(300));
    const release: (() => void)[] = [];
    const slow: Bridge = {
      invoke: (channel, input) =>
        new Promise((resolve) => release.push(() => resolve(fake.bridge.invoke(channel, input)))),
      on: fake.bridge.on,
    };
    const logs = createLogsStore(createClient(slow));
    const first = logs.getState().loadFirst(); // count + page
    const deny = logs.getState().setDecision('deny'); // count + page
    release[2]?.();
    release[3]?.();
    await deny;
    release[0]?.();
    release[1]?.();
    await first;
    expect(new Set(logs.getState().pages[0]?.map((r) => r.decision))).toEqual(new Set(['deny']));
    expect(logs.getState().count).toBe(75);
    expect(logs.getState().loading).toBe(false);
  });

  it('refresh keeps the rows on screen until fresh ones arrive', async () => {
    const events = makeEvents(150);
    const fake = fakeBackend(events);
    const logs = createLogsStore(createClient(fake.bridge));
    await logs.getState().loadFirst();
    const version = logs.getState().queryVersion;
    fake.add(makeEvents(5).map((e) => ({ ...e, id: `new-${e.id}`, time: e.time.replace('2025', '2026') })));
    const refreshing = logs.getState().refresh();
    expect(logs.getState().pages[0]?.length).toBe(100); // still shown
    await refreshing;
    expect(logs.getState().count).toBe(155);
    expect(logs.getState().rowAt(0)?.id.startsWith('new-')).toBe(true);
    expect(logs.getState().queryVersion).toBe(version); // the table stays where it was
  });
});

describe('histogram, drawer, saved views, export, subjects, settings', () => {
  it('the histogram follows the query, hourly when zoomed in', async () => {
    const fake = fakeBackend(makeEvents(3000)); // ~2 days of minutes
    const client = createClient(fake.bridge);
    const logs = createLogsStore(client);
    const histogram = createHistogramStore(client, { now: () => new Date('2025-01-03T03:00:00Z') });
    const stop = histogramFollowsLogs(logs, histogram);
    await logs.getState().loadFirst();
    await idle(histogram);
    expect(histogram.getState().bucket).toBe('day');
    expect(histogram.getState().buckets.reduce((n, b) => n + b.allow + b.deny, 0)).toBe(3000);

    await logs
      .getState()
      .setQuery({ preset: 'custom', from: '2025-01-01T10:00:00.000Z', to: '2025-01-01T14:00:00.000Z' });
    await idle(histogram);
    expect(histogram.getState().bucket).toBe('hour');
    expect(histogram.getState().buckets.map((b) => new Date(b.start).toISOString())).toEqual([
      '2025-01-01T10:00:00.000Z',
      '2025-01-01T11:00:00.000Z',
      '2025-01-01T12:00:00.000Z',
      '2025-01-01T13:00:00.000Z',
    ]);
    stop();
  });

  it('the drawer shows the row at once, then the full event with its flags', async () => {
    const events = makeEvents(10);
    const detail = createEventDrawerStore(createClient(fakeBackend(events).bridge));
    const opening = detail.getState().open({ ...(events[3] as AccessEvent), flags: [] });
    expect(detail.getState().event?.id).toBe(events[3]?.id);
    await opening;
    expect(detail.getState().event?.flags).toEqual([{ kind: 'new_device' }]);
    detail.getState().close();
    expect(detail.getState().event).toBeNull();
  });

  it('saved views: save, list, delete; a nameless view is refused', async () => {
    const views = createViewsStore(createClient(fakeBackend([]).bridge));
    await views.getState().load();
    expect(views.getState().views).toEqual([]);
    expect(await views.getState().save('  ', EMPTY_QUERY)).toBe(false);
    expect(views.getState().error).toMatch(/name/);
    expect(await views.getState().save('Denials', { ...EMPTY_QUERY, decision: 'deny' })).toBe(true);
    expect(views.getState().views.map((v) => v.name)).toEqual(['Denials']);
    expect(views.getState().views[0]?.query).toMatchObject({ decision: 'deny' });
    await views.getState().remove(views.getState().views[0]?.id ?? '');
    expect(views.getState().views).toEqual([]);
  });

  it('CSV export: running with progress, then done with a download', async () => {
    const exporter = createExportStore(createClient(fakeBackend(makeEvents(40)).bridge));
    const seen: number[] = [];
    exporter.subscribe((s) => seen.push(s.written));
    await exporter.getState().start({ ...EMPTY_QUERY, decision: 'deny' });
    expect(exporter.getState().error).toBeNull();
    expect(exporter.getState().phase).toBe('running');
    const s = await until(exporter, (e) => e.phase !== 'running');
    expect(s.phase).toBe('done');
    expect(s.written).toBe(10);
    expect(s.fileName).toBe('access-events-20250101T000000Z-abcd1234.csv');
    expect(s.downloadUrl).toBe('/api/exports/access-events-20250101T000000Z-abcd1234.csv');
    expect(seen).toContain(5);
  });

  it('subjects: list, timeline and more events by keyset', async () => {
    const subjects = createSubjectsStore(createClient(fakeBackend(makeEvents(700)).bridge));
    await subjects.getState().loadList('user');
    expect(subjects.getState().list.map((s) => s.username)).toEqual(['user1']);
    await subjects.getState().openSubject('s-1');
    expect(subjects.getState().profile?.username).toBe('user1');
    expect(subjects.getState().events.length).toBe(50);
    await subjects.getState().moreEvents();
    expect(subjects.getState().events.length).toBe(100);
    expect(new Set(subjects.getState().events.map((e) => e.username))).toEqual(new Set(['user1']));
  });

  it('settings: retention window, validated before it is sent', async () => {
    const settings = createSettingsStore(createClient(fakeBackend([]).bridge));
    await settings.getState().load();
    expect(settings.getState().settings?.retentionDays).toBe(90);
    expect(await settings.getState().setRetentionDays(0)).toBe(false);
    expect(settings.getState().error).toMatch(/between 1 and 3650/);
    expect(await settings.getState().setRetentionDays(30)).toBe(true);
    expect(settings.getState().settings?.retentionDays).toBe(30);
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
    await until(sync, (s) => s.status !== null);
    await logs.getState().loadFirst();
    expect(logs.getState().count).toBe(20);

    fake.emitStatus({
      running: true,
      progress: { stream: 'access_events', applied: 0, cursor: 0, watermark: 50 },
    });
    expect(sync.getState().status?.running).toBe(true);
    fake.add(makeEvents(50).map((e) => ({ ...e, id: `new-${e.id}`, time: e.time.replace('2025', '2026') })));
    fake.emitStatus({ running: false, progress: null, lastSyncedAt: '2026-01-01T00:00:00.000Z' });
    await idle(logs); // the wiring's refresh

    expect(sync.getState().completedRuns).toBe(1);
    expect(logs.getState().count).toBe(70);
    expect(logs.getState().rowAt(0)?.id.startsWith('new-')).toBe(true);
    unwire();
    stop();
  });

  it('ignores invalid event payloads', async () => {
    const fake = fakeBackend([]);
    const sync = createSyncStore(createClient(fake.bridge, { onInvalidEvent: () => undefined }), {
      pollMs: 0,
    });
    const stop = sync.getState().start();
    await until(sync, (s) => s.status !== null);
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
