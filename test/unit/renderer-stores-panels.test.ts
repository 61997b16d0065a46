// The renderer's zustand stores over an injected fake bridge: the histogram, detail drawer, saved
// views, CSV export progress, subjects, settings, the sync store and the refresh when a sync
// finishes, and the session store.
import { describe, expect, it } from 'vitest';
import type { AccessEvent } from '../../shared/domain';
import { createClient } from '../../renderer/src/api/client';
import { createLogsStore } from '../../renderer/src/stores/logs';
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
import { fakeBackend, makeEvents } from '../helpers/fake-logs-bridge';

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
