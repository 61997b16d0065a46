// Access-log review over a real encrypted cache: filters (CIDR v4 + v6, combined), FTS search
// and its syntax errors, keyset paging both ways, histogram = count.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logsCount, logsHistogram } from '../../main/core/cache/log-counts';
import { logsPage } from '../../main/core/cache/queries';
import { LogsFilter } from '../../shared/contract-logs';
import type { AccessEvent } from '../../shared/domain';
import { parseIpFilter } from '../../shared/ipnet';
import { apply, BASE, DAY, openStore, reviewCache, walk } from '../helpers/log-review-fixtures';

function inRange(ip: string, cidr: string): boolean {
  const p = parseIpFilter(cidr);
  const q = parseIpFilter(ip);
  if (!p.ok || !q.ok || p.range.family !== q.range.family) return false;
  return q.range.lo >= p.range.lo && q.range.hi <= p.range.hi;
}

const byTimeDesc = (a: AccessEvent, b: AccessEvent) =>
  a.time < b.time ? 1 : a.time > b.time ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;

describe('access-log review over the encrypted cache: filters, search and counts', () => {
  const { events, store } = reviewCache();

  it('filters combine: user, app, decision, device, os, IPv4 and IPv6 CIDR, time range', () => {
    const cases: [LogsFilter, (e: AccessEvent) => boolean][] = [
      [{ user: 'alice' }, (e) => e.username === 'alice'],
      [{ app: 'wiki', decision: 'deny' }, (e) => e.app === 'wiki' && e.decision === 'deny'],
      [
        { device: 'bob-laptop-1', os: 'Windows 11' },
        (e) => e.deviceName === 'bob-laptop-1' && e.osVersion === 'Windows 11',
      ],
      [{ ip: '10.1.0.0/16' }, (e) => inRange(e.ip, '10.1.0.0/16')],
      [{ ip: '10.1.2.3' }, (e) => e.ip === '10.1.2.3'],
      [{ ip: '2001:db8::/32' }, (e) => e.ip.startsWith('2001:db8:')],
      [{ ip: '2001:db8::/64' }, (e) => e.ip === '2001:db8::1'],
      [{ ip: '::/0' }, (e) => e.ip.includes(':') && !e.ip.startsWith('::ffff:')],
      [
        {
          user: 'carol',
          ip: '10.0.0.0/8',
          decision: 'allow',
          from: new Date(BASE + 3 * DAY).toISOString(),
          to: new Date(BASE + 9 * DAY).toISOString(),
        },
        (e) =>
          e.username === 'carol' &&
          inRange(e.ip, '10.0.0.0/8') &&
          e.decision === 'allow' &&
          Date.parse(e.time) >= BASE + 3 * DAY &&
          Date.parse(e.time) < BASE + 9 * DAY,
      ],
    ];
    // The IPv4-mapped address counts as IPv4.
    expect(events.some((e) => e.ip === '::ffff:10.1.2.200')).toBe(true);
    for (const [filter, pred] of cases) {
      const expected = events
        .filter(pred)
        .sort(byTimeDesc)
        .map((e) => e.id);
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0);
      const got = walk(store, LogsFilter.parse(filter), 'desc', 37).map((r) => r.id);
      expect(got, JSON.stringify(filter)).toEqual(expected);
      // Every plan (rowid walk; per-context index merge; index + top-k sort) agrees, both ways.
      for (const plan of ['scan', 'per-context', 'index-sort'] as const) {
        expect(
          walk(store, filter, 'desc', 23, plan).map((r) => r.id),
          plan,
        ).toEqual(expected);
        expect(
          walk(store, filter, 'asc', 31, plan).map((r) => r.id),
          plan,
        ).toEqual(expected.slice().reverse());
      }
      expect(logsCount(store.db, filter)).toEqual({ count: expected.length, capped: false });
    }
    expect(walk(store, { ip: '10.1.0.0/16' }, 'desc', 50).map((r) => r.ip)).toContain('::ffff:10.1.2.200');
  });

  it('an IP filter that does not parse is refused with a readable message', () => {
    for (const bad of ['10.1.2', '10.0.0.0/33', '2001:db8::/129', 'nonsense', '10.0.0.0/x']) {
      const r = LogsFilter.safeParse({ ip: bad });
      expect(r.success, bad).toBe(false);
      expect(r.error?.issues[0]?.message, bad).toMatch(/IP|prefix/);
    }
  });

  it('keyset paging in both orders yields every row once; asc is desc reversed', () => {
    const desc = walk(store, {}, 'desc', 41).map((r) => r.id);
    const asc = walk(store, {}, 'asc', 29).map((r) => r.id);
    expect(desc).toEqual(
      events
        .slice()
        .sort(byTimeDesc)
        .map((e) => e.id),
    );
    expect(asc).toEqual(desc.slice().reverse());
  });

  it('FTS search over username, ip, device name and app; syntax errors give E_VALIDATION', () => {
    const hits = walk(store, { text: 'payroll' }, 'desc', 100);
    expect(hits.map((r) => r.id)).toEqual(
      events
        .filter((e) => e.app === 'payroll')
        .sort(byTimeDesc)
        .map((e) => e.id),
    );
    const dev = walk(store, { text: '"bob-laptop-2"' }, 'desc', 100);
    expect(dev.length).toBe(events.filter((e) => e.deviceName === 'bob-laptop-2').length);
    const pre = walk(store, { text: 'caro*' }, 'desc', 100);
    expect(pre.length).toBe(events.filter((e) => e.username === 'carol').length);
    expect(() => logsPage(store.db, { filter: { text: '"unbalanced' }, limit: 10 })).toThrow(
      expect.objectContaining({
        code: 'E_VALIDATION',
        message: expect.stringMatching(/not valid search syntax/),
      }),
    );
    expect(() => logsCount(store.db, { text: 'a AND' })).toThrow(
      expect.objectContaining({ code: 'E_VALIDATION' }),
    );
  });

  it('search pages in time order (same-millisecond ties in arrival order), like filter pages, for any page size', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            id: fc.stringMatching(/^[a-z0-9]{1,4}$/),
            t: fc.integer({ min: 0, max: 6 }),
            who: fc.constantFrom('zed', 'amy'),
          }),
          { selector: (e) => e.id, maxLength: 40 },
        ),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom('asc' as const, 'desc' as const),
        (specs, limit, order) => {
          const s = openStore();
          const evs = specs.map((x) => ({
            ...events[0]!,
            id: x.id,
            time: new Date(BASE + x.t).toISOString(),
            username: x.who,
          }));
          apply(s, evs, 5);
          const viaFilter = walk(s, { user: 'zed' }, order, 1000).map((r) => r.id);
          expect(walk(s, { text: 'zed' }, order, limit).map((r) => r.id)).toEqual(viaFilter);
          s.db.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('the hourly rollup answers time/decision counts and histograms exactly, edges included', () => {
    const ranges: LogsFilter[] = [
      {},
      { decision: 'deny' },
      { from: new Date(BASE + 2 * DAY + 1234567).toISOString() },
      { to: new Date(BASE + 5 * DAY + 999).toISOString(), decision: 'allow' },
      {
        from: new Date(BASE + 3 * DAY + 60_000).toISOString(),
        to: new Date(BASE + 3 * DAY + 1_800_000).toISOString(),
      },
      { from: new Date(BASE + 1 * DAY + 1).toISOString(), to: new Date(BASE + 9 * DAY - 1).toISOString() },
    ];
    for (const f of ranges) {
      const n = walk(store, f, 'desc', 500).length;
      expect(logsCount(store.db, f), JSON.stringify(f)).toEqual({ count: n, capped: false });
      for (const bucket of ['hour', 'day'] as const) {
        // The same filter through the event indexes (a no-op FTS term forces that path).
        const viaRollup = logsHistogram(store.db, f, bucket);
        const viaEvents = logsHistogram(
          store.db,
          { ...f, user: undefined, os: undefined, ip: '0.0.0.0/0' },
          bucket,
        );
        const v6 = logsHistogram(store.db, { ...f, ip: '::/0' }, bucket);
        const merged = new Map<string, { allow: number; deny: number }>();
        for (const b of [...viaEvents.buckets, ...v6.buckets]) {
          const c = merged.get(b.start) ?? { allow: 0, deny: 0 };
          merged.set(b.start, { allow: c.allow + b.allow, deny: c.deny + b.deny });
        }
        const expected = [...merged.entries()].sort().map(([start, c]) => ({ start, ...c }));
        expect(viaRollup.buckets, `${JSON.stringify(f)} ${bucket}`).toEqual(expected);
      }
    }
  });

  it('histogram buckets sum to the count, per decision', () => {
    for (const filter of [{}, { user: 'bob' }, { ip: '2001:db8::/32', decision: 'deny' as const }]) {
      for (const bucket of ['hour', 'day'] as const) {
        const h = logsHistogram(store.db, filter, bucket);
        const allow = h.buckets.reduce((s, b) => s + b.allow, 0);
        const deny = h.buckets.reduce((s, b) => s + b.deny, 0);
        expect(allow + deny).toBe(logsCount(store.db, filter).count);
        expect(deny).toBe(logsCount(store.db, { ...filter, decision: 'deny' }).count);
        const starts = h.buckets.map((b) => Date.parse(b.start));
        expect(starts).toEqual([...starts].sort((a, b) => a - b));
      }
    }
  });
});
