// Legal clocks (docs/ARCHITECTURE.md §6): input validation, daysLeft, nextDeadline. Every expected date below was worked out by hand on a
// calendar and cross-checked with an independent Python datetime implementation, never copied from the code.
import { describe, expect, it } from 'vitest';
import {
  ClockInputSchema,
  computeClocks,
  daysLeft,
  nextDeadline,
  type ClockInput,
  type Clocks,
} from '../../shared/clocks/index';
import { AppError } from '../../shared/errors';

describe('input validation', () => {
  const rejects = (input: unknown, message: RegExp) => {
    let caught: unknown;
    try {
      computeClocks(input as ClockInput);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('E_VALIDATION');
    expect((caught as AppError).message).toMatch(message);
  };
  it.each<[string, unknown, RegExp]>([
    [
      '30 February does not exist',
      { jurisdiction: 'gdpr', receivedOn: '2026-02-30' },
      /2026-02-30 is not a real calendar date \(February 2026 has 28 days\)/,
    ],
    [
      '29 Feb of a common year',
      { jurisdiction: 'ccpa', receivedOn: '2027-02-29' },
      /February 2027 has 28 days/,
    ],
    [
      '1900 is not a leap year',
      { jurisdiction: 'ccpa', receivedOn: '1900-02-29' },
      /February 1900 has 28 days/,
    ],
    ['month 13', { jurisdiction: 'gdpr', receivedOn: '2026-13-01' }, /no month 13/],
    ['31 April', { jurisdiction: 'gdpr', receivedOn: '2026-04-31' }, /April 2026 has 30 days/],
    [
      'not YYYY-MM-DD',
      { jurisdiction: 'gdpr', receivedOn: '1/2/2026' },
      /expected a calendar date YYYY-MM-DD/,
    ],
    [
      'a timestamp is not a date',
      { jurisdiction: 'gdpr', receivedOn: '2026-01-02T00:00:00Z' },
      /expected a calendar date/,
    ],
    ['missing date', { jurisdiction: 'gdpr' }, /receivedOn/],
    [
      'unknown jurisdiction',
      { jurisdiction: 'eu', receivedOn: '2026-01-02' },
      /jurisdiction: must be one of gdpr, ccpa, other/,
    ],
    [
      'unknown type',
      { jurisdiction: 'ccpa', receivedOn: '2026-01-02', type: 'delete' },
      /type: must be one of access/,
    ],
    [
      'impossible holiday',
      { jurisdiction: 'gdpr', receivedOn: '2026-01-02', holidays: ['2026-02-29'] },
      /holidays\.0: 2026-02-29/,
    ],
    [
      'period of 0 days',
      { jurisdiction: 'other', receivedOn: '2026-01-02', otherPeriodDays: 0 },
      /otherPeriodDays: must be at least 1/,
    ],
    [
      'fractional period',
      { jurisdiction: 'other', receivedOn: '2026-01-02', otherPeriodDays: 1.5 },
      /whole number/,
    ],
    [
      'out of the supported range',
      { jurisdiction: 'gdpr', receivedOn: '1899-12-31' },
      /outside the supported range/,
    ],
  ])('%s', (_why, input, message) => rejects(input, message));

  it('reports a bad date once, not once per check', () => {
    const r = ClockInputSchema.safeParse({ jurisdiction: 'gdpr', receivedOn: '2026-02-30' });
    expect(r.success).toBe(false);
    expect(() => computeClocks({ jurisdiction: 'gdpr', receivedOn: '2026-02-30' })).toThrow(
      /^Invalid clock input: receivedOn: [^;]*$/,
    );
  });

  it('accepts a whole request record (extra fields are ignored)', () => {
    const request = {
      id: 'r1',
      jurisdiction: 'gdpr',
      receivedOn: '2025-01-31',
      type: 'access',
      extended: false,
      status: 'received',
    };
    expect(computeClocks(request as ClockInput).respondBy).toBe('2025-02-28');
  });
});

describe('daysLeft', () => {
  it.each<[string, string, string, number]>([
    ['due in two days (2026: 27 Feb → 1 Mar across a 28-day February)', '2026-03-01', '2026-02-27', 2],
    ['leap February adds a day', '2028-03-01', '2028-02-27', 3],
    ['due today', '2026-05-05', '2026-05-05', 0],
    ['overdue by two days', '2026-01-01', '2026-01-03', -2],
    ['across the year end', '2027-01-01', '2026-12-31', 1],
  ])('%s', (_why, dueBy, today, expected) => {
    expect(daysLeft(dueBy, today)).toBe(expected);
  });
  it('rejects an impossible date', () => {
    expect(() => daysLeft('2026-02-30', '2026-01-01')).toThrow(AppError);
  });
});

describe('nextDeadline', () => {
  // CCPA erasure received Mon 2 Mar 2026: acknowledge by 16 Mar, respond by 16 Apr (+45),
  // extended 31 May (+90).
  const ccpa = computeClocks({ jurisdiction: 'ccpa', receivedOn: '2026-03-02', type: 'erasure' });
  const ccpaExtended = computeClocks({
    jurisdiction: 'ccpa',
    receivedOn: '2026-03-02',
    type: 'erasure',
    extended: true,
  });
  it('sanity of the fixture', () => {
    expect([ccpa.acknowledgeBy, ccpa.respondBy, ccpa.extendedRespondBy]).toEqual([
      '2026-03-16',
      '2026-04-16',
      '2026-05-31',
    ]);
  });
  it.each<[string, Clocks, string, boolean, ReturnType<typeof nextDeadline>]>([
    [
      'confirmation due first',
      ccpa,
      '2026-03-10',
      false,
      { kind: 'acknowledge', date: '2026-03-16', daysLeft: 6 },
    ],
    [
      'once confirmed, the response (10 Mar → 16 Apr = 21 + 16 days)',
      ccpa,
      '2026-03-10',
      true,
      { kind: 'respond', date: '2026-04-16', daysLeft: 37 },
    ],
    [
      'a missed confirmation stays the most urgent',
      ccpa,
      '2026-03-20',
      false,
      { kind: 'acknowledge', date: '2026-03-16', daysLeft: -4 },
    ],
    ['overdue response', ccpa, '2026-04-20', true, { kind: 'respond', date: '2026-04-16', daysLeft: -4 }],
    [
      'extended: the extended date is in force (20 Apr → 31 May = 10 + 31)',
      ccpaExtended,
      '2026-04-20',
      true,
      { kind: 'respond', date: '2026-05-31', daysLeft: 41 },
    ],
    [
      'GDPR: no confirmation clock even when not acknowledged',
      computeClocks({ jurisdiction: 'gdpr', receivedOn: '2025-01-31' }),
      '2025-02-01',
      false,
      { kind: 'respond', date: '2025-02-28', daysLeft: 27 },
    ],
  ])('%s', (_why, clocks, today, acknowledged, expected) => {
    expect(nextDeadline(clocks, today, acknowledged)).toEqual(expected);
  });

  const handmade: Clocks = {
    acknowledgeBy: '2026-04-10',
    respondBy: '2026-04-10',
    refuseBy: null,
    extensionNoticeBy: '2026-04-05',
    extendedRespondBy: '2026-05-10',
    dueBy: '2026-04-10',
    extended: false,
  };
  it('on the same day the confirmation ranks before the response', () => {
    expect(nextDeadline({ ...handmade, extensionNoticeBy: '2026-04-10' }, '2026-04-01', false)?.kind).toBe(
      'acknowledge',
    );
  });
  it('an extension notice due before the response is reported while not extended', () => {
    expect(nextDeadline(handmade, '2026-04-01', true)).toEqual({
      kind: 'extension_notice',
      date: '2026-04-05',
      daysLeft: 4,
    });
    expect(nextDeadline({ ...handmade, extended: true, dueBy: '2026-05-10' }, '2026-04-01', true)?.kind).toBe(
      'respond',
    );
  });
  it('rejects an impossible today', () => {
    expect(() => nextDeadline(ccpa, '2026-02-31', true)).toThrow(/February 2026 has 28 days/);
  });
});
