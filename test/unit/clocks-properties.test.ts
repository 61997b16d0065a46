// Legal clocks (docs/ARCHITECTURE.md §6): properties checked against an independent reference
// implementation (the helpers below), over random dates.
import { allForYear } from '@18f/us-federal-holidays';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeClocks, daysLeft } from '../../shared/clocks/index';

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
