// The access-log filter model: presets, IP/CIDR validation, the contract filter it becomes,
// saved-view normalisation, histogram buckets and the scaled scrollbar's arithmetic.
import { describe, expect, it } from 'vitest';
import {
  EMPTY_QUERY,
  fromLocalInput,
  ipError,
  isFiltered,
  normalizeQuery,
  queryKey,
  resolveRange,
  toLocalInput,
} from '../../renderer/src/logs/query';
import { toLogsFilter } from '../../renderer/src/logs/api';
import { bucketFor, describeHistogram } from '../../renderer/src/stores/histogram';
import { inert } from '../../renderer/src/logs/text';
import { MAX_SCROLL_PX, ROW_HEIGHT, scrollScale } from '../../renderer/src/logs/scroll';

const NOW = new Date('2026-03-10T12:00:00.000Z');

describe('time range', () => {
  it('presets count back from now; all is open; custom uses its bounds', () => {
    expect(resolveRange({ preset: '24h', from: null, to: null }, NOW)).toEqual({
      from: '2026-03-09T12:00:00.000Z',
    });
    expect(resolveRange({ preset: '7d', from: null, to: null }, NOW)).toEqual({
      from: '2026-03-03T12:00:00.000Z',
    });
    expect(resolveRange({ preset: '30d', from: null, to: null }, NOW)).toEqual({
      from: '2026-02-08T12:00:00.000Z',
    });
    expect(resolveRange({ preset: 'all', from: '2020-01-01T00:00:00.000Z', to: null }, NOW)).toEqual({});
    expect(
      resolveRange(
        { preset: 'custom', from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' },
        NOW,
      ),
    ).toEqual({ from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' });
    expect(resolveRange({ preset: 'custom', from: null, to: '2026-03-02T00:00:00.000Z' }, NOW)).toEqual({
      to: '2026-03-02T00:00:00.000Z',
    });
  });

  it('datetime-local round trip (minute precision)', () => {
    const iso = '2026-03-01T08:30:00.000Z';
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(toLocalInput(null)).toBe('');
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('not a date')).toBeNull();
  });
});

describe('IP or CIDR', () => {
  it.each(['', '10.1.2.3', '10.0.0.0/8', '192.168.1.0/24', '2001:db8::1', '2001:db8::/32', ' 10.0.0.0/8 '])(
    'accepts %j',
    (s) => expect(ipError(s)).toBeNull(),
  );
  it.each(['10.0.0.0/33', '10.0.0/8', '300.1.1.1', 'abc', '10.0.0.0/', '2001:db8::/129', '<script>'])(
    'flags %j with a message',
    (s) => expect(ipError(s)).toMatch(/is not an IPv4 or IPv6 address|prefix length|Enter an IP/),
  );
});

describe('contract filter', () => {
  it('trims, drops empties and maps every field', () => {
    expect(toLogsFilter(EMPTY_QUERY, NOW)).toEqual({});
    expect(
      toLogsFilter(
        {
          ...EMPTY_QUERY,
          preset: '24h',
          decision: 'deny',
          user: ' alice ',
          app: 'payroll',
          ip: '10.0.0.0/8',
          device: ' ',
          os: 'macOS',
          text: '"vpn gateway" OR pay*',
        },
        NOW,
      ),
    ).toEqual({
      from: '2026-03-09T12:00:00.000Z',
      decision: 'deny',
      user: 'alice',
      app: 'payroll',
      ip: '10.0.0.0/8',
      os: 'macOS',
      text: '"vpn gateway" OR pay*',
    });
  });

  it('isFiltered and queryKey', () => {
    expect(isFiltered(EMPTY_QUERY)).toBe(false);
    expect(isFiltered({ ...EMPTY_QUERY, order: 'asc' })).toBe(false);
    expect(isFiltered({ ...EMPTY_QUERY, text: 'x' })).toBe(true);
    expect(queryKey({ ...EMPTY_QUERY })).toBe(queryKey(EMPTY_QUERY));
    expect(queryKey({ ...EMPTY_QUERY, order: 'asc' })).not.toBe(queryKey(EMPTY_QUERY));
  });

  it('normalizes stored views of unknown shape', () => {
    expect(normalizeQuery(null)).toEqual(EMPTY_QUERY);
    expect(
      normalizeQuery({ decision: 'maybe', preset: 'forever', user: 42, app: 'wiki', order: 'asc' }),
    ).toEqual({
      ...EMPTY_QUERY,
      app: 'wiki',
      order: 'asc',
    });
  });
});

describe('histogram', () => {
  it('hours for short spans, days otherwise', () => {
    expect(bucketFor({ ...EMPTY_QUERY, preset: '24h' }, NOW)).toBe('hour');
    expect(bucketFor({ ...EMPTY_QUERY, preset: '7d' }, NOW)).toBe('hour');
    expect(bucketFor({ ...EMPTY_QUERY, preset: '30d' }, NOW)).toBe('day');
    expect(bucketFor(EMPTY_QUERY, NOW)).toBe('day');
  });

  it('summarises the chart for assistive technology', () => {
    const buckets = [
      { start: Date.parse('2026-03-01T00:00:00Z'), allow: 1200, deny: 30 },
      { start: Date.parse('2026-03-02T00:00:00Z'), allow: 800, deny: 70 },
    ];
    expect(describeHistogram(buckets, 'day', { ...EMPTY_QUERY, preset: '30d' })).toMatch(
      /^Events per day, last 30 days: 2,100 events — 2,000 allowed, 100 denied; busiest day .+ with 1,230$/,
    );
  });
});

describe('hostile text', () => {
  it('makes control characters visible', () => {
    expect(inert('a\u0000b\u001bc')).toBe('a\\u0000b\\u001bc');
    expect(inert('\u202egnp.exe')).toBe('\\u202egnp.exe');
    expect(inert('tab\tkept, isolate \u2066x\u2069')).toBe('tab\tkept, isolate \\u2066x\\u2069');
    expect(inert('plain')).toBe('plain');
  });
});

describe('scaled scrollbar', () => {
  it('is 1:1 while the list fits under the cap', () => {
    expect(scrollScale(1000, 400)).toEqual({ realHeight: 1000 * ROW_HEIGHT, scale: 1 });
  });
  it('caps the spacer and maps the full range for millions of rows', () => {
    const { realHeight, scale } = scrollScale(5_000_000, 400);
    expect(realHeight).toBe(MAX_SCROLL_PX);
    // The bottom of the real scroll range is the bottom of the virtual one.
    expect((realHeight - 400) * scale).toBeCloseTo(5_000_000 * ROW_HEIGHT - 400, 3);
  });
});
