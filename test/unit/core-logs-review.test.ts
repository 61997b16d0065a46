// Access-log review over a real encrypted cache: filters (CIDR v4 + v6, combined), FTS search
// and its syntax errors, keyset paging both ways, histogram = count, incremental flags,
// retention (rows and FTS entries), bulk bootstrap = incremental-only, CSV neutralisation.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openCacheDb } from '../../main/core/cache/open';
import { logsCount, logsHistogram } from '../../main/core/cache/log-counts';
import { logsEvent, logsPage, type PagePlan } from '../../main/core/cache/queries';
import { listSubjects } from '../../main/core/cache/subjects';
import { CacheDatabase } from '../../main/core/cache/store';
import { FLAG_BIT, flagsFromScratch } from '../../main/core/cache/flags';
import { csvCell, csvLine, startCsvExport } from '../../main/core/cache/csv';
import { readSealed } from '../../main/core/export/sealed-file';
import { getSettings, setSettings } from '../../main/core/cache/console-settings';
import { purgeExpired } from '../../main/core/cache/retention';
import { deleteView, listViews, saveView } from '../../main/core/cache/saved-views';
import {
  LogsFilter,
  type ExportProgress,
  type LogRow,
  type LogsCursor,
  type SortOrder,
} from '../../shared/contract-logs';
import type { AccessEvent } from '../../shared/domain';
import { parseIpFilter } from '../../shared/ipnet';

const DAY = 86_400_000;
const NOW = Date.now();
const BASE = Math.floor(NOW / DAY) * DAY - 20 * DAY;

function openStore(): CacheDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'zta-review-'));
  return new CacheDatabase(
    openCacheDb({ path: join(dir, 'cache.sqlite'), key: { kind: 'passphrase', passphrase: 'review' } }),
  );
}

const USERS = ['alice', 'bob', 'carol', 'dave'];
const APPS = ['mail', 'wiki', 'payroll'];
const IPS = [
  '10.1.2.3',
  '10.1.9.9',
  '192.168.0.7',
  '2001:db8::1',
  '2001:db8:0:1::5',
  'fe80::1',
  '::ffff:10.1.2.200',
];
const OSES = ['macOS 15', 'Windows 11'];

/** A deterministic pseudo-random set of events. */
function makeEvents(n: number, seed = 1): AccessEvent[] {
  let x = seed;
  const r = (m: number) => {
    // mulberry32
    x = (x + 0x6d2b79f5) | 0;
    let t = Math.imul(x ^ (x >>> 15), 1 | x);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * m);
  };
  const out: AccessEvent[] = [];
  for (let i = 0; i < n; i++) {
    const u = r(USERS.length);
    out.push({
      id: `e${String(i).padStart(5, '0')}`,
      time: new Date(BASE + r(15 * 24) * 3_600_000 + r(3600) * 1000).toISOString(),
      subjectId: `s-${USERS[u]}`,
      username: USERS[u]!,
      ip: IPS[r(IPS.length)]!,
      deviceId: `d${u}-${r(3)}`,
      deviceName: `${USERS[u]}-laptop-${r(3)}`,
      osVersion: OSES[r(2)]!,
      app: APPS[r(APPS.length)]!,
      decision: r(3) === 0 ? 'deny' : 'allow',
      reason: null,
    });
  }
  return out;
}

function apply(store: CacheDatabase, events: AccessEvent[], pageSize: number, seq0 = 0): void {
  for (let i = 0; i < events.length; i += pageSize) {
    const page = events
      .slice(i, i + pageSize)
      .map((e, j) => ({ op: 'upsert' as const, seq: seq0 + i + j + 1, data: e }));
    store.db.transaction(() => store.applyItems('access_events', page))();
  }
}

function walk(
  store: CacheDatabase,
  filter: LogsFilter,
  order: SortOrder,
  limit: number,
  plan?: PagePlan,
): LogRow[] {
  const rows: LogRow[] = [];
  let after: LogsCursor | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = logsPage(store.db, { filter, order, after, limit, plan });
    rows.push(...page.rows);
    if (!page.next) return rows;
    after = page.next;
  }
  throw new Error('paging never ended');
}

function inRange(ip: string, cidr: string): boolean {
  const p = parseIpFilter(cidr);
  const q = parseIpFilter(ip);
  if (!p.ok || !q.ok || p.range.family !== q.range.family) return false;
  return q.range.lo >= p.range.lo && q.range.hi <= p.range.hi;
}

const byTimeDesc = (a: AccessEvent, b: AccessEvent) =>
  a.time < b.time ? 1 : a.time > b.time ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;

describe('access-log review over the encrypted cache', () => {
  const events = makeEvents(600);
  const store = openStore();
  apply(store, events, 97);

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

  it('a bulk bootstrap then incremental pages gives the same content as incremental-only', () => {
    const all = makeEvents(900, 7);
    const updated = { ...all[10]!, app: 'changed-app' };
    const bulk = openStore();
    bulk.events.beginBulk();
    apply(bulk, all.slice(0, 700), 128);
    bulk.db.transaction(() =>
      bulk.applyItems('access_events', [{ op: 'delete', seq: 5000, id: all[3]!.id }]),
    )();
    bulk.events.finishBulk();
    apply(bulk, [...all.slice(700), updated], 64, 10_000);
    const incr = openStore();
    apply(incr, all.slice(0, 700), 128);
    incr.db.transaction(() =>
      incr.applyItems('access_events', [{ op: 'delete', seq: 5000, id: all[3]!.id }]),
    )();
    apply(incr, [...all.slice(700), updated], 64, 10_000);
    expect(walk(bulk, {}, 'desc', 300)).toEqual(walk(incr, {}, 'desc', 300));
    expect(logsHistogram(bulk.db, {}, 'hour')).toEqual(logsHistogram(incr.db, {}, 'hour'));
    // What the bulk run counted in memory equals what the triggers maintained row by row.
    const derived = (st: CacheDatabase) => ({
      hours: st.db
        .prepare('SELECT hour, allow, deny FROM event_hours WHERE allow + deny > 0 ORDER BY hour')
        .all(),
      contexts: st.db
        .prepare(
          `SELECT subject_id, username, ip, device_id, device_name, os_version, app, events, denies, flagged
             FROM event_contexts ORDER BY 1, 2, 3, 4, 5, 6, 7`,
        )
        .all(),
    });
    expect(derived(bulk)).toEqual(derived(incr));
    expect(walk(bulk, { text: 'changed' }, 'desc', 50).map((r) => r.id)).toEqual([updated.id]);
    for (const text of ['alice', 'wiki', '"10.1.2.3"'])
      expect(walk(bulk, { text }, 'desc', 300)).toEqual(walk(incr, { text }, 'desc', 300));
    expect(
      bulk.db
        .prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'access_event_rows_%'")
        .pluck()
        .get(),
    ).toBe(
      incr.db
        .prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'access_event_rows_%'")
        .pluck()
        .get(),
    );
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

  it('CSV export streams every filtered row to exports/ with progress', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zta-exp-'));
    const s = openStore();
    apply(
      s,
      [...events.slice(0, 30), { ...events[30]!, username: '=HYPERLINK("http://x")', id: 'evil' }],
      10,
    );
    const seen: ExportProgress[] = [];
    const done = new Promise<ExportProgress>((resolve) => {
      const first = startCsvExport(s.db, dir, { filter: {}, order: 'desc' }, (p) => {
        seen.push(p);
        if (p.done) resolve(p);
      });
      expect(first).toMatchObject({ written: 0, total: 31, done: false });
    });
    const last = await done;
    expect(last).toMatchObject({ written: 31, total: 31, done: true });
    expect(last.error).toBeUndefined();
    // Sealed at rest (issue 12): no clear CSV in the data folder; the key came with the done event.
    expect(readFileSync(join(dir, last.fileName)).includes(Buffer.from('HYPERLINK'))).toBe(false);
    const text = await readSealed(join(dir, last.fileName), last.key!);
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(32);
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
  });
});

describe('CSV cells', () => {
  /** Minimal RFC 4180 parser for one line. */
  function parseLine(line: string): string[] {
    const cells: string[] = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let v = '';
        i++;
        for (;;) {
          if (line[i] === '"' && line[i + 1] === '"') {
            v += '"';
            i += 2;
          } else if (line[i] === '"') {
            i++;
            break;
          } else v += line[i++];
        }
        cells.push(v);
        i++; // the comma
      } else {
        const j = line.indexOf(',', i);
        const end = j === -1 ? line.length : j;
        cells.push(line.slice(i, end));
        i = end + 1;
      }
    }
    return cells;
  }

  it('no cell starts with a formula character unless neutralised; values survive otherwise', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', 'a', ' ', "'") }),
          { minLength: 1, maxLength: 6 },
        ),
        (cells) => {
          const line = csvLine(cells);
          expect(line.endsWith('\r\n')).toBe(true);
          const parsed = parseLine(line.slice(0, -2));
          expect(parsed).toHaveLength(cells.length);
          parsed.forEach((p, k) => {
            expect(/^[=+\-@\t\r]/.test(p)).toBe(false);
            const original = cells[k]!;
            // Inside a quoted cell, a formula start after a separator or line break is neutralised too.
            const inner =
              /[",;\r\n]/.test(original) || /^[=+\-@\t\r]/.test(original)
                ? original.replace(/(?<=[,;\r\n]"*)(?=[=+\-@\t\r])/g, "'")
                : original;
            expect(p).toBe(/^[=+\-@\t\r]/.test(original) ? `'${inner}` : inner);
          });
        },
      ),
      { numRuns: 300 },
    );
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('plain')).toBe('plain');
  });
});

describe('bulk bootstrap bookkeeping', () => {
  it('a page rolled back mid-bootstrap makes the build recount from the rows', () => {
    const events = makeEvents(300, 11);
    const s = openStore();
    s.events.beginBulk();
    apply(s, events.slice(0, 200), 50);
    // A page that fails half-way: its rows roll back, and the writer is told (as the engine does).
    expect(() =>
      s.db.transaction(() => {
        s.applyItems(
          'access_events',
          events.slice(200, 260).map((data, i) => ({ op: 'upsert' as const, seq: 1000 + i, data })),
        );
        throw new Error('disk full');
      })(),
    ).toThrow('disk full');
    s.events.reset();
    apply(s, events.slice(200), 50, 2000);
    s.events.finishBulk();
    const byHour = new Map<number, number>();
    for (const e of events) {
      const h = Math.floor(Date.parse(e.time) / 3_600_000);
      byHour.set(h, (byHour.get(h) ?? 0) + 1);
    }
    expect(
      s.db
        .prepare('SELECT hour, allow + deny AS n FROM event_hours WHERE allow + deny > 0 ORDER BY hour')
        .all(),
    ).toEqual([...byHour.entries()].sort((a, b) => a[0] - b[0]).map(([hour, n]) => ({ hour, n })));
    expect(s.db.prepare('SELECT sum(events), sum(denies) FROM event_contexts').raw().get()).toEqual([
      300,
      events.filter((e) => e.decision === 'deny').length,
    ]);
    expect(logsCount(s.db, { user: 'alice' }).count).toBe(
      events.filter((e) => e.username === 'alice').length,
    );
  });
});

describe('the Subjects list', () => {
  it("counts each person's events and flagged events from the contexts, bulk or incremental, after deletes", () => {
    const events = makeEvents(600, 19);
    const build = (bulk: boolean) => {
      const s = openStore();
      s.db.transaction(() =>
        s.applyItems(
          'subjects',
          [...new Set(events.map((e) => e.subjectId))].map((id, i) => ({
            op: 'upsert' as const,
            seq: i + 1,
            data: {
              id,
              username: `user-${id}`,
              email: `${id}@example.test`,
              displayName: `Person ${id}`,
              employeeId: null,
              department: null,
              restricted: false,
              restriction: null,
              devices: [],
              createdAt: '2026-01-01T00:00:00.000Z',
              updatedAt: '2026-01-01T00:00:00.000Z',
            },
          })),
        ),
      )();
      if (bulk) s.events.beginBulk();
      apply(s, events.slice(0, 500), 100, 100);
      if (bulk) s.events.finishBulk();
      apply(s, events.slice(500), 50, 1000);
      // Deletes count out: a tombstone, then everything of one person older than a cutoff.
      s.db.transaction(() =>
        s.applyItems('access_events', [{ op: 'delete', seq: 5000, id: events[3]!.id }]),
      )();
      s.db
        .prepare(
          'DELETE FROM access_event_rows WHERE id IN (SELECT id FROM access_events WHERE subject_id = ? LIMIT 40)',
        )
        .run(events[0]!.subjectId);
      return s;
    };
    for (const bulk of [true, false]) {
      const s = build(bulk);
      const expected = s.db
        .prepare(
          `SELECT subject_id AS id, count(*) AS events, count(*) FILTER (WHERE flags != 0) AS flagged
             FROM access_events GROUP BY subject_id ORDER BY subject_id`,
        )
        .all() as { id: string; events: number; flagged: number }[];
      expect(expected.some((r) => r.flagged > 0)).toBe(true);
      const listed = listSubjects(s.db, '', 500)
        .filter((r) => (r.eventCount ?? 0) > 0)
        .map((r) => ({ id: r.id, events: r.eventCount, flagged: r.flagCount }))
        .sort((a, b) => a.id.localeCompare(b.id));
      expect(listed).toEqual(expected);
    }
  });
});

describe('the bootstrap journal', () => {
  it('a bootstrap keeps WAL (readers page meanwhile); one cut off is finished on reopen', () => {
    const events = makeEvents(200, 17);
    const dir = mkdtempSync(join(tmpdir(), 'zta-review-'));
    const open = () =>
      new CacheDatabase(
        openCacheDb({ path: join(dir, 'cache.sqlite'), key: { kind: 'passphrase', passphrase: 'review' } }),
      );
    const mode = (st: CacheDatabase) => st.db.pragma('journal_mode', { simple: true });
    const s = open();
    expect(mode(s)).toBe('wal');
    s.events.beginBulk();
    expect(mode(s)).toBe('wal');
    apply(s, events.slice(0, 150), 50);
    // The process dies mid-bootstrap: no finishBulk.
    s.db.close();
    const again = open();
    expect(mode(again)).toBe('wal');
    expect(again.events.isBulk()).toBe(false);
    expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(
      walk(again, {}, 'asc', 1000)
        .map((r) => r.id)
        .sort(),
    ).toEqual(events.slice(0, 150).map((e) => e.id));
    // Finished and indexed: the id index exists again, incremental pages apply.
    apply(again, events.slice(150), 50, 150);
    expect(logsCount(again.db, {}).count).toBe(200);
    // While another connection has the cache open, a bootstrap keeps WAL too.
    const other = open();
    other.events.clear();
    other.events.beginBulk();
    expect(mode(other)).toBe('wal');
    apply(other, events, 50);
    other.events.finishBulk();
    expect(logsCount(other.db, {}).count).toBe(200);
    expect(logsCount(again.db, {}).count).toBe(200);
    other.db.close();
    again.db.close();
  });
});

describe('events that come twice during a bootstrap', () => {
  it('keep their newest copy (and the first flags), like the incremental path; tombstones apply', () => {
    const events = makeEvents(120, 13);
    const changed = [
      { ...events[4]!, app: 'changed-app' }, // same time, new data
      { ...events[9]!, time: new Date(Date.parse(events[9]!.time) + 5_000).toISOString() }, // moved
    ];
    const run = (bulk: boolean) => {
      const s = openStore();
      if (bulk) s.events.beginBulk();
      apply(s, [...events, ...changed], 25);
      s.db.transaction(() =>
        s.applyItems('access_events', [{ op: 'delete', seq: 9_000, id: events[7]!.id }]),
      )();
      if (bulk) s.events.finishBulk();
      return s;
    };
    const bulk = run(true);
    const incr = run(false);
    const all = (s: CacheDatabase) => walk(s, {}, 'desc', 1000);
    expect(all(bulk)).toHaveLength(119);
    expect(all(bulk)).toEqual(all(incr));
    expect(all(bulk).find((r) => r.id === events[4]!.id)?.app).toBe('changed-app');
    expect(all(bulk).some((r) => r.id === events[7]!.id)).toBe(false);
    expect(logsCount(bulk.db, { app: 'changed-app' })).toEqual({ count: 1, capped: false });
    expect(logsHistogram(bulk.db, {}, 'hour')).toEqual(logsHistogram(incr.db, {}, 'hour'));
    expect(bulk.db.prepare('SELECT count(*) FROM event_bulk_deletes').pluck().get()).toBe(0);
  });
});

describe('contexts follow their events', () => {
  it('a tombstone or a changed event that leaves a context unused deletes it (and its search entry)', () => {
    const s = openStore();
    const [a, b] = makeEvents(2, 17).map((e, i) => ({
      ...e,
      username: `only-${i}`,
      subjectId: `s-only-${i}`,
    }));
    apply(s, [a!, b!], 10);
    const contextsOf = (name: string) =>
      s.db.prepare('SELECT count(*) FROM event_contexts WHERE username = ?').pluck().get(name);
    expect(contextsOf('only-0')).toBe(1);
    s.db.transaction(() => s.applyItems('access_events', [{ op: 'delete', seq: 50, id: a!.id }]))();
    expect(contextsOf('only-0')).toBe(0);
    expect(logsCount(s.db, { text: 'only' })).toEqual({ count: 1, capped: false });
    // The same event again with other attributes: its old context goes.
    apply(s, [{ ...b!, username: 'renamed' }], 10, 60);
    expect(contextsOf('only-1')).toBe(0);
    expect(contextsOf('renamed')).toBe(1);
    s.db.exec("INSERT INTO event_contexts_fts(event_contexts_fts) VALUES('integrity-check')");
  });
});
