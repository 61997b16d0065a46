// The renderer's windowed access-log store over an injected fake bridge: keyset from loaded
// pages, offset for jumps, bounded page cache, stale replies dropped.
import { describe, expect, it } from 'vitest';
import type { Bridge } from '../../shared/contract';
import { createClient } from '../../renderer/src/api/client';
import { createLogsStore, MAX_PAGES, PAGE_SIZE } from '../../renderer/src/stores/logs';
import { idle } from '../helpers/store-until';
import { fakeBackend, ids, makeEvents } from '../helpers/fake-logs-bridge';

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
