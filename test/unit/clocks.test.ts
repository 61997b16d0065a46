// Legal clocks (docs/ARCHITECTURE.md §6). Every expected date below was worked out by hand on a calendar and
// cross-checked with an independent Python datetime implementation, never copied from the code.
import { allForYear } from '@18f/us-federal-holidays';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RequestType } from '../../shared/domain';
import {
  ClockInputSchema,
  computeClocks,
  daysLeft,
  isUsFederalHoliday,
  nextDeadline,
  type ClockInput,
  type Clocks,
} from '../../shared/clocks/index';
import { AppError } from '../../shared/errors';

// Independent reference helpers on UTC midnight (used only by the property tests).
const utc = (s: string) => Date.parse(`${s}T00:00:00Z`);
const dayDiff = (later: string, earlier: string) => (utc(later) - utc(earlier)) / 86_400_000;
const utcDay = (s: string) => new Date(utc(s)).getUTCDay();
const isWeekendRef = (s: string) => utcDay(s) === 0 || utcDay(s) === 6;
const plusDaysRef = (s: string, n: number) => new Date(utc(s) + n * 86_400_000).toISOString().slice(0, 10);
const dateArb = (min = '1900-01-01', max = '2999-12-31') =>
  fc
    .integer({ min: utc(min) / 86_400_000, max: utc(max) / 86_400_000 })
    .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));

describe('GDPR Art. 12(3): one month, last day of a shorter month, next working day', () => {
  it.each<[string, string, string[], string, string]>([
    // [why, receivedOn, holidays, respondBy, extendedRespondBy]
    [
      '31 Jan 2025 → 28 Feb (2025 not leap), a Friday; +3 months = 30 Apr (Wed)',
      '2025-01-31',
      [],
      '2025-02-28',
      '2025-04-30',
    ],
    [
      '31 Jan 2028 → 29 Feb (leap year), Tue; +3 months 30 Apr 2028 is a Sunday → Mon 1 May',
      '2028-01-31',
      [],
      '2028-02-29',
      '2028-05-01',
    ],
    [
      '31 Mar → 30 Apr (April has 30 days), Thu; +3 → 30 Jun (Tue)',
      '2026-03-31',
      [],
      '2026-04-30',
      '2026-06-30',
    ],
    [
      '30 Nov → 30 Dec (Wed); +3 → 28 Feb 2027 is a Sunday → Mon 1 Mar',
      '2026-11-30',
      [],
      '2026-12-30',
      '2027-03-01',
    ],
    [
      '31 Dec 2024 → 31 Jan 2025 across the year end (Fri); +3 → 31 Mar (Mon)',
      '2024-12-31',
      [],
      '2025-01-31',
      '2025-03-31',
    ],
    [
      '31 Dec 2025 → 31 Jan 2026 is a Saturday → Mon 2 Feb; +3 → 31 Mar (Tue)',
      '2025-12-31',
      [],
      '2026-02-02',
      '2026-03-31',
    ],
    [
      'receipt on 29 Feb 2028 (leap) → 29 Mar (Wed); +3 → 29 May (Mon)',
      '2028-02-29',
      [],
      '2028-03-29',
      '2028-05-29',
    ],
    [
      'receipt on 29 Feb 2024 (leap) → 29 Mar (Fri); +3 → 29 May (Wed)',
      '2024-02-29',
      [],
      '2024-03-29',
      '2024-05-29',
    ],
    ['4 Apr 2026 is a Saturday → Mon 6 Apr; +3 → 4 Jun (Thu)', '2026-03-04', [], '2026-04-06', '2026-06-04'],
    ['1 Mar 2026 is a Sunday → Mon 2 Mar; +3 → 1 May (Fri)', '2026-02-01', [], '2026-03-02', '2026-05-01'],
    [
      'Sat 4 Apr, Mon 6 Apr a holiday (Easter Monday) → Tue 7 Apr',
      '2026-03-04',
      ['2026-04-06'],
      '2026-04-07',
      '2026-06-04',
    ],
    [
      'Fri 3 Apr a holiday (Good Friday), then weekend, then Easter Monday → Tue 7 Apr; 3 Jun unaffected',
      '2026-03-03',
      ['2026-04-03', '2026-04-06'],
      '2026-04-07',
      '2026-06-03',
    ],
    [
      'Fri 25 Dec and Sat 26 Dec holidays, Sunday → Mon 28 Dec; +3 → 25 Feb 2027 (Thu)',
      '2026-11-25',
      ['2026-12-25', '2026-12-26'],
      '2026-12-28',
      '2027-02-25',
    ],
    [
      'extended deadline moved by a holiday too: 25 May 2026 (Whit Monday) → Tue 26 May',
      '2026-02-25',
      ['2026-05-25'],
      '2026-03-25',
      '2026-05-26',
    ],
    [
      '15 Feb 2026 is a Sunday → Mon 16 Feb, itself a configured holiday → Tue 17 Feb',
      '2026-01-15',
      ['2026-02-16'],
      '2026-02-17',
      '2026-04-15',
    ],
  ])('%s', (_why, receivedOn, holidays, respondBy, extendedRespondBy) => {
    const c = computeClocks({ jurisdiction: 'gdpr', receivedOn, holidays });
    expect(c).toEqual({
      acknowledgeBy: null,
      respondBy,
      refuseBy: respondBy, // Art. 12(4): reasons for not acting within one month, extended or not
      extensionNoticeBy: respondBy,
      extendedRespondBy,
      dueBy: respondBy,
      extended: false,
    });
    const e = computeClocks({ jurisdiction: 'gdpr', receivedOn, holidays, extended: true });
    expect(e.dueBy).toBe(extendedRespondBy);
    expect(e.extensionNoticeBy).toBe(respondBy); // the notice is due within the first month
    expect(e.refuseBy).toBe(respondBy); // not moved by the extension
  });

  it('a holiday list that does not touch the deadline leaves it alone', () => {
    // 15 Mar 2026 is a Sunday → Mon 16 Mar; a holiday on 17 Mar is irrelevant.
    expect(
      computeClocks({ jurisdiction: 'gdpr', receivedOn: '2026-02-15', holidays: ['2026-03-17'] }).respondBy,
    ).toBe('2026-03-16');
  });

  it('CCPA-only request types make no difference under GDPR (no acknowledgement clock)', () => {
    expect(
      computeClocks({ jurisdiction: 'gdpr', receivedOn: '2026-03-02', type: 'erasure' }).acknowledgeBy,
    ).toBeNull();
  });
});

describe('CCPA/CPRA: 10 business days to confirm, 45/90 calendar days to respond', () => {
  it.each<[string, string, string]>([
    // [why, receivedOn, acknowledgeBy]
    ['Mon 2 Mar 2026, no holiday: Tue…Fri, Mon…Fri, Mon → Mon 16 Mar', '2026-03-02', '2026-03-16'],
    ['receipt on a Saturday: count starts Mon 9 Mar → Fri 20 Mar', '2026-03-07', '2026-03-20'],
    [
      'Thanksgiving Thu 26 Nov 2026 skipped; the Friday after is a business day → Mon 7 Dec',
      '2026-11-20',
      '2026-12-07',
    ],
    [
      'Christmas 2027 (Sat) observed Fri 24 Dec, New Year 2028 (Sat) observed Fri 31 Dec 2027 → Wed 5 Jan 2028',
      '2027-12-20',
      '2028-01-05',
    ],
    [
      'Christmas 2022 (Sun) observed Mon 26 Dec, New Year 2023 (Sun) observed Mon 2 Jan → Wed 4 Jan 2023',
      '2022-12-19',
      '2023-01-04',
    ],
    ['4 July 2026 is a Saturday, observed Fri 3 Jul → Mon 13 Jul', '2026-06-26', '2026-07-13'],
    ['4 July 2027 is a Sunday, observed Mon 5 Jul → Fri 16 Jul', '2027-07-01', '2027-07-16'],
    ['Juneteenth Fri 19 Jun 2026 skipped → Mon 29 Jun', '2026-06-12', '2026-06-29'],
  ])('%s', (_why, receivedOn, acknowledgeBy) => {
    expect(computeClocks({ jurisdiction: 'ccpa', receivedOn, type: 'erasure' }).acknowledgeBy).toBe(
      acknowledgeBy,
    );
  });

  it.each<[string, string, string, string]>([
    // [why, receivedOn, respondBy (+45), extendedRespondBy (+90)]
    [
      'across the year end: 1 Dec 2026 + 45 = 15 Jan 2027; + 90 = 1 Mar 2027',
      '2026-12-01',
      '2027-01-15',
      '2027-03-01',
    ],
    [
      '20 Nov 2027 + 45 = 4 Jan 2028 (a federal holiday period makes no difference)',
      '2027-11-20',
      '2028-01-04',
      '2028-02-18',
    ],
    ['into a leap day: 15 Jan 2028 + 45 = 29 Feb 2028', '2028-01-15', '2028-02-29', '2028-04-14'],
    [
      '+45 lands on Sat 28 Feb 2026 and stays there (not moved for weekends)',
      '2026-01-14',
      '2026-02-28',
      '2026-04-14',
    ],
    ['+90 lands on Sat 20 Feb 2027 and stays there', '2026-11-22', '2027-01-06', '2027-02-20'],
  ])('%s', (_why, receivedOn, respondBy, extendedRespondBy) => {
    const c = computeClocks({ jurisdiction: 'ccpa', receivedOn, type: 'access' });
    expect(c).toMatchObject({ respondBy, extensionNoticeBy: respondBy, extendedRespondBy, dueBy: respondBy });
    expect(computeClocks({ jurisdiction: 'ccpa', receivedOn, type: 'access', extended: true }).dueBy).toBe(
      extendedRespondBy,
    );
  });

  it.each<[RequestType | undefined, boolean]>([
    ['access', true], // request to know (categories)
    ['access_specific', true], // request to know (specific pieces)
    ['portability', true], // part of the right to know (portable format)
    ['erasure', true], // request to delete
    ['rectification', true], // request to correct
    ['opt_out', false], // no CCPA confirmation duty (not know/delete/correct)
    ['limit', false], // idem
    [undefined, true], // type unknown: show the stricter clock rather than miss one
  ])('type %s: acknowledgement clock %s', (type, expected) => {
    const input: ClockInput = { jurisdiction: 'ccpa', receivedOn: '2026-03-02', ...(type ? { type } : {}) };
    expect(computeClocks(input).acknowledgeBy).toBe(expected ? '2026-03-16' : null);
  });

  it('the GDPR holiday list does not change CCPA clocks', () => {
    const c = computeClocks({
      jurisdiction: 'ccpa',
      receivedOn: '2026-03-02',
      type: 'erasure',
      holidays: ['2026-03-03'],
    });
    expect(c.acknowledgeBy).toBe('2026-03-16');
  });
});

describe('observed US federal holidays (OPM lists)', () => {
  it.each([
    ['2027-12-24', true], // Christmas 2027 falls on Saturday
    ['2027-12-31', true], // New Year's Day 2028 falls on Saturday
    ['2028-12-25', true],
    ['2023-01-02', true], // New Year's Day 2023 was a Sunday
    ['2026-11-27', false], // day after Thanksgiving: not federal
    ['2026-07-03', true],
    ['2026-07-04', false], // Saturday itself is not the observed day
    ['2020-06-19', false], // Juneteenth became a federal holiday in 2021
    ['2021-06-18', true], // …first observed Fri 18 Jun 2021
  ])('%s → %s', (date, expected) => {
    expect(isUsFederalHoliday(date)).toBe(expected);
  });
});

describe('other jurisdiction', () => {
  it('defaults to 30 calendar days, extension of 30 more, no acknowledgement', () => {
    expect(computeClocks({ jurisdiction: 'other', receivedOn: '2026-01-15' })).toEqual({
      acknowledgeBy: null,
      respondBy: '2026-02-14', // a Saturday: not moved
      refuseBy: null,
      extensionNoticeBy: '2026-02-14',
      extendedRespondBy: '2026-03-16',
      dueBy: '2026-02-14',
      extended: false,
    });
  });
  it('uses the configured period', () => {
    const c = computeClocks({
      jurisdiction: 'other',
      receivedOn: '2026-01-15',
      otherPeriodDays: 10,
      extended: true,
    });
    expect([c.respondBy, c.extendedRespondBy, c.dueBy]).toEqual(['2026-01-25', '2026-02-04', '2026-02-04']);
  });
});

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

describe('properties', () => {
  it('GDPR respondBy is 28–33 days after receipt and never on a weekend; extended 89–94 days', () => {
    // 28 = 31 Jan → 28 Feb; 33 = a 31-day month whose date falls on a Saturday (+2 to Monday).
    fc.assert(
      fc.property(dateArb(), (receivedOn) => {
        const c = computeClocks({ jurisdiction: 'gdpr', receivedOn });
        const d = dayDiff(c.respondBy, receivedOn);
        const e = dayDiff(c.extendedRespondBy!, receivedOn);
        return (
          d >= 28 &&
          d <= 33 &&
          !isWeekendRef(c.respondBy) &&
          e >= 89 &&
          e <= 94 &&
          !isWeekendRef(c.extendedRespondBy!)
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('GDPR respondBy is the first working day on or after the one-month date (reference on Date.UTC)', () => {
    const oneMonthRef = (s: string) => {
      const [y, m, d] = s.split('-').map(Number) as [number, number, number];
      const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate(); // last day of month m+1 (1-based m)
      return new Date(Date.UTC(y, m, Math.min(d, last))).toISOString().slice(0, 10);
    };
    fc.assert(
      fc.property(
        dateArb('2000-01-01', '2199-12-31'),
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 8 }),
        (receivedOn, offsets) => {
          const holidays = offsets.map((o) => plusDaysRef(receivedOn, o));
          const c = computeClocks({ jurisdiction: 'gdpr', receivedOn, holidays });
          const raw = oneMonthRef(receivedOn);
          if (c.respondBy < raw || isWeekendRef(c.respondBy) || holidays.includes(c.respondBy)) return false;
          for (let day = raw; day < c.respondBy; day = plusDaysRef(day, 1)) {
            if (!isWeekendRef(day) && !holidays.includes(day)) return false;
          }
          return true;
        },
      ),
      { numRuns: 500 },
    );
  });

  it('CCPA: respond exactly 45 / 90 days after receipt; confirmation on the 10th business day', () => {
    const federal = (year: number) =>
      new Set([year - 1, year, year + 1].flatMap((y) => allForYear(y).map((h) => h.dateString)));
    fc.assert(
      fc.property(dateArb('1990-01-01', '2199-12-31'), (receivedOn) => {
        const c = computeClocks({ jurisdiction: 'ccpa', receivedOn, type: 'access' });
        if (dayDiff(c.respondBy, receivedOn) !== 45 || dayDiff(c.extendedRespondBy!, receivedOn) !== 90)
          return false;
        if (c.acknowledgeBy === null) return false;
        const span = dayDiff(c.acknowledgeBy, receivedOn);
        if (span < 12 || span > 18) return false; // 12 = receipt on a Sunday; 18 = two holidays
        const hol = federal(Number(receivedOn.slice(0, 4)));
        let business = 0;
        for (let day = plusDaysRef(receivedOn, 1); day <= c.acknowledgeBy; day = plusDaysRef(day, 1)) {
          if (!isWeekendRef(day) && !hol.has(day)) business += 1;
        }
        return business === 10 && !isWeekendRef(c.acknowledgeBy) && !hol.has(c.acknowledgeBy);
      }),
      { numRuns: 1000 },
    );
  });

  it('daysLeft agrees with UTC millisecond arithmetic', () => {
    fc.assert(
      fc.property(dateArb(), dateArb(), (a, b) => daysLeft(a, b) === dayDiff(a, b)),
      { numRuns: 1000 },
    );
  });

  it('observed holiday dates do not depend on the process time zone', () => {
    // Our calendar code never builds a Date; the holiday package does (local time), so check that
    // its date strings are the same at both ends of the world.
    const saved = process.env.TZ;
    const dates = (tz: string) => {
      process.env.TZ = tz;
      return [2027, 2028].flatMap((y) => allForYear(y).map((h) => h.dateString));
    };
    try {
      const utcDates = dates('UTC');
      expect(dates('Pacific/Kiritimati')).toEqual(utcDates); // UTC+14
      expect(dates('Pacific/Pago_Pago')).toEqual(utcDates); // UTC−11
      expect(dates('America/Santiago')).toEqual(utcDates); // DST changes at midnight
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
