// Legal clocks (docs/ARCHITECTURE.md §6): CCPA/CPRA, US federal holidays, other jurisdiction. Every expected date below was worked out by hand on a
// calendar and cross-checked with an independent Python datetime implementation, never copied from the code.
import { describe, expect, it } from 'vitest';
import type { RequestType } from '../../shared/domain';
import { computeClocks, isUsFederalHoliday, type ClockInput } from '../../shared/clocks/index';

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
