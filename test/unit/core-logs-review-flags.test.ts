// Access-log review over a real encrypted cache: incremental flags, retention (rows and FTS
// entries), saved views.
import { describe, expect, it } from 'vitest';
import { logsCount } from '../../main/core/cache/log-counts';
import { logsEvent } from '../../main/core/cache/queries';
import { FLAG_BIT, flagsFromScratch } from '../../main/core/cache/flags';
import { getSettings, setSettings } from '../../main/core/cache/console-settings';
import { purgeExpired } from '../../main/core/cache/retention';
import { deleteView, listViews, saveView } from '../../main/core/cache/saved-views';
import type { LogRow } from '../../shared/contract-logs';
import type { AccessEvent } from '../../shared/domain';
import { apply, DAY, makeEvents, NOW, openStore, reviewCache, walk } from '../helpers/log-review-fixtures';

describe('access-log review over the encrypted cache: flags, retention, saved views', () => {
  const { events, store } = reviewCache();

  it('flags computed incrementally page by page equal a from-scratch computation', () => {
    const expected = flagsFromScratch(
      events.map((e) => ({
        subjectId: e.subjectId,
        timeMs: Date.parse(e.time),
        ip: e.ip,
        deviceId: e.deviceId,
        decision: e.decision,
      })),
    );
    const bits = (r: LogRow) => r.flags.reduce((s, f) => s | FLAG_BIT[f.kind], 0);
    const got = new Map(walk(store, {}, 'desc', 200).map((r) => [r.id, bits(r)]));
    events.forEach((e, i) => expect(got.get(e.id), e.id).toBe(expected[i]));
    // The same events in one page, and in pages of 1, give the same flags.
    const one = openStore();
    apply(one, events, 1);
    const got1 = new Map(walk(one, {}, 'desc', 200).map((r) => [r.id, bits(r)]));
    expect(got1).toEqual(got);
  });

  it('flags appear exactly when they should', () => {
    const s = openStore();
    const t0 = Math.floor(NOW / DAY) * DAY - 5 * DAY + 10 * 3_600_000; // 10:00 UTC
    const ev = (n: number, over: Partial<AccessEvent>): AccessEvent => ({
      id: `f${n}`,
      time: new Date(t0 + n * 60_000).toISOString(),
      subjectId: 's1',
      username: 'u1',
      ip: '10.0.0.1',
      deviceId: 'dA',
      deviceName: 'A',
      osVersion: 'os',
      app: 'mail',
      decision: 'allow',
      reason: null,
      ...over,
    });
    const list: AccessEvent[] = [ev(0, {})];
    for (let i = 1; i < 25; i++) list.push(ev(i, {}));
    list.push(ev(30, { deviceId: 'dB' })); // new device
    list.push(ev(31, { ip: '10.0.0.77' })); // same /24: not new
    list.push(ev(32, { ip: '10.9.0.1' })); // new network
    for (let i = 40; i < 45; i++) list.push(ev(i, { decision: 'deny' })); // 5th deny in 10 min: burst
    list.push(ev(60 * 12, {})); // 22:00 UTC: off hours
    apply(s, list, 7);
    const flags = (id: string) => logsEvent(s.db, id).flags.map((f) => f.kind);
    expect(flags('f0')).toEqual([]);
    expect(flags('f24')).toEqual([]);
    expect(flags('f30')).toEqual(['new_device']);
    expect(flags('f31')).toEqual([]);
    expect(flags('f32')).toEqual(['new_network']);
    expect(flags('f43')).toEqual([]);
    expect(flags('f44')).toEqual(['deny_burst']);
    expect(flags(`f${60 * 12}`)).toEqual(['off_hours']);
    // The event carries its flags by kind only: their words are the renderer's (logs/flag-text.ts).
    expect(logsEvent(s.db, 'f44').flags).toEqual([{ kind: 'deny_burst' }]);
  });

  it('retention purges old events, then their contexts and FTS entries (no username left behind)', () => {
    const s = openStore();
    const old = makeEvents(50, 3).map((e, i) => ({
      ...e,
      id: `old${i}`,
      username: 'ancient',
      time: new Date(NOW - 120 * DAY).toISOString(),
    }));
    const recent = makeEvents(50, 4);
    apply(s, [...old, ...recent], 20);
    expect(getSettings(s)).toEqual({ retentionDays: 90 });
    expect(logsCount(s.db, { text: 'ancient' }).count).toBe(50);
    expect(purgeExpired(s, NOW)).toBe(50);
    expect(logsCount(s.db, {}).count).toBe(50);
    expect(logsCount(s.db, { text: 'ancient' }).count).toBe(0);
    expect(
      s.db
        .prepare("SELECT count(*) FROM event_contexts_fts WHERE event_contexts_fts MATCH 'ancient'")
        .pluck()
        .get(),
    ).toBe(0);
    expect(s.db.prepare("SELECT count(*) FROM event_contexts WHERE username = 'ancient'").pluck().get()).toBe(
      0,
    );
    s.db.exec("INSERT INTO event_contexts_fts(event_contexts_fts) VALUES('integrity-check')");
    expect(setSettings(s, { retentionDays: 10 })).toEqual({ retentionDays: 10 });
    expect(purgeExpired(s, NOW)).toBe(recent.filter((e) => Date.parse(e.time) < NOW - 10 * DAY).length);
  });

  it('saved views: save, rename-by-id, list, delete; names are unique', () => {
    const v = saveView(store.db, { name: 'Denials', query: { decision: 'deny' } });
    expect(listViews(store.db).views.map((x) => x.name)).toEqual(['Denials']);
    const again = saveView(store.db, { name: 'Denials', query: { decision: 'deny', app: 'mail' } });
    expect(again.id).toBe(v.id);
    saveView(store.db, { name: 'Other', query: {} });
    expect(() => saveView(store.db, { id: v.id, name: 'Other', query: {} })).toThrow(
      expect.objectContaining({ code: 'E_VALIDATION' }),
    );
    expect(deleteView(store.db, v.id)).toEqual({ deleted: true });
    expect(listViews(store.db).views.map((x) => x.name)).toEqual(['Other']);
  });
});
