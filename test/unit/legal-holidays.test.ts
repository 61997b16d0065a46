// GDPR periods end on the member state's working days (Reg. 1182/71 Art. 3(4)): national public
// holidays from date-holidays, with substitute days; never regional holidays or bank holidays
// that are not public holidays. Every expected date below was read off a calendar by hand.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  computeClocks,
  isMemberStateHoliday,
  loadMemberStateHolidays,
  memberStateHolidaysIn,
} from '../../shared/clocks/index';

beforeAll(async () => {
  await loadMemberStateHolidays();
});

describe('GDPR one month with member-state public holidays', () => {
  it.each<[string, string, string | null, string]>([
    // [why, receivedOn, country, respondBy]
    ['1 Dec 2025 → New Year’s Day (Thu), weekends only: stays', '2025-12-01', null, '2026-01-01'],
    ['1 Dec 2025 → New Year’s Day, DE public holiday → Fri 2 Jan', '2025-12-01', 'DE', '2026-01-02'],
    ['1 Dec 2025 → New Year’s Day, FR public holiday → Fri 2 Jan', '2025-12-01', 'FR', '2026-01-02'],
    // Easter 2026 is Sun 5 Apr: Good Friday 3 Apr, Easter Monday 6 Apr.
    [
      '3 Mar → Good Friday 3 Apr, DE public holiday; weekend; Easter Monday → Tue 7 Apr',
      '2026-03-03',
      'DE',
      '2026-04-07',
    ],
    [
      '3 Mar → Good Friday 3 Apr is not a national public holiday in FR (Alsace-Moselle only)',
      '2026-03-03',
      'FR',
      '2026-04-03',
    ],
    ['3 Mar → Good Friday 3 Apr is not a public holiday in NL', '2026-03-03', 'NL', '2026-04-03'],
    ['6 Mar → Easter Monday 6 Apr, NL public holiday → Tue 7 Apr', '2026-03-06', 'NL', '2026-04-07'],
    ['6 Mar → Easter Monday 6 Apr, weekends only: stays', '2026-03-06', null, '2026-04-06'],
    // Ascension 2026: Thu 14 May.
    ['14 Apr → Ascension 14 May, DE → Fri 15 May', '2026-04-14', 'DE', '2026-05-15'],
    ['14 Apr → Ascension 14 May, FR → Fri 15 May', '2026-04-14', 'FR', '2026-05-15'],
    ['14 Apr → Ascension 14 May, NL → Fri 15 May', '2026-04-14', 'NL', '2026-05-15'],
    ['14 Apr → Ascension 14 May is not a public holiday in IE: stays', '2026-04-14', 'IE', '2026-05-14'],
    ['14 Apr → Ascension 14 May is not a public holiday in ES: stays', '2026-04-14', 'ES', '2026-05-14'],
    // Month ends and leap days.
    ['31 Jan 2028 → 29 Feb (leap year, Tue), DE: no holiday', '2028-01-31', 'DE', '2028-02-29'],
    ['31 Jan 2026 → 28 Feb is a Saturday → Mon 2 Mar (DE)', '2026-01-31', 'DE', '2026-03-02'],
    ['31 Mar 2026 → 30 Apr (Thu), NL: Koningsdag was 27 Apr', '2026-03-31', 'NL', '2026-04-30'],
    ['30 Apr 2026 → 30 May is a Saturday → Mon 1 Jun (DE: not a holiday)', '2026-04-30', 'DE', '2026-06-01'],
    ['31 Mar 2027 → 30 Apr (Fri) → FR: 1 May is Saturday, so not reached', '2027-03-31', 'FR', '2027-04-30'],
    // Christmas 2026: Fri 25, Sat 26 Dec.
    [
      '25 Nov → Christmas Fri 25 Dec, DE; Sat 26 (2nd day); Sun → Mon 28 Dec',
      '2026-11-25',
      'DE',
      '2026-12-28',
    ],
    // Bank holidays that are not public holidays, and regional holidays, do not count.
    [
      '24 Nov → Christmas Eve 24 Dec (Thu) is a bank holiday in DE, not a public one: stays',
      '2026-11-24',
      'DE',
      '2026-12-24',
    ],
    [
      '4 May → Corpus Christi 4 Jun 2026 is regional in DE (not national): stays',
      '2026-05-04',
      'DE',
      '2026-06-04',
    ],
    ['4 May → Corpus Christi 4 Jun 2026 is national in PL → Fri 5 Jun', '2026-05-04', 'PL', '2026-06-05'],
    // Substitute days: LV moves 4 May (Sun, 2025) to Mon 5 May.
    ['5 Apr 2025 → Mon 5 May, the LV substitute for Sun 4 May → Tue 6 May', '2025-04-05', 'LV', '2025-05-06'],
    ['5 Apr 2025 → Mon 5 May, weekends only: stays', '2025-04-05', null, '2025-05-05'],
  ])('%s', (_why, receivedOn, country, respondBy) => {
    const c = computeClocks({ jurisdiction: 'gdpr', receivedOn, country });
    expect(c.respondBy).toBe(respondBy);
    expect(c.refuseBy).toBe(respondBy);
    expect(c.extensionNoticeBy).toBe(respondBy);
  });

  it.each<[string, string, string | null, string]>([
    // [why, receivedOn, country, extendedRespondBy]: three months, counted as Reg. 1182/71 counts months
    ['25 Feb 2026 + 3 months → Whit Monday 25 May (DE) → Tue 26 May', '2026-02-25', 'DE', '2026-05-26'],
    ['25 Feb 2026 + 3 months → Whit Monday 25 May (FR) → Tue 26 May', '2026-02-25', 'FR', '2026-05-26'],
    ['25 Feb 2026 + 3 months → Whit Monday, weekends only: stays', '2026-02-25', null, '2026-05-25'],
    ['30 Nov 2027 + 3 months → 29 Feb 2028 (leap, Tue), NL', '2027-11-30', 'NL', '2028-02-29'],
    ['30 Nov 2026 + 3 months → 28 Feb 2027 is a Sunday → Mon 1 Mar (DE)', '2026-11-30', 'DE', '2027-03-01'],
  ])('extended: %s', (_why, receivedOn, country, extendedRespondBy) => {
    const c = computeClocks({ jurisdiction: 'gdpr', receivedOn, country, extended: true });
    expect(c.extendedRespondBy).toBe(extendedRespondBy);
    expect(c.dueBy).toBe(extendedRespondBy);
  });

  it('the member state does not change CCPA clocks', () => {
    const a = computeClocks({
      jurisdiction: 'ccpa',
      receivedOn: '2025-12-01',
      type: 'access',
      country: 'DE',
    });
    expect(a.respondBy).toBe('2026-01-15'); // + 45 calendar days, day 0 = receipt
  });

  it('lists national public holidays only', () => {
    const de = memberStateHolidaysIn('DE', 2026);
    expect([...de].sort()).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-25',
      '2026-10-03',
      '2026-12-25',
      '2026-12-26',
    ]);
    expect(isMemberStateHoliday('NL', '2025-04-26')).toBe(true); // Koningsdag moved off Sunday 27 Apr
    expect(isMemberStateHoliday('NL', '2025-04-27')).toBe(false);
  });

  it('refuses a country that is not an EU/EEA member state', () => {
    expect(() => computeClocks({ jurisdiction: 'gdpr', receivedOn: '2026-01-01', country: 'US' })).toThrow(
      /US is not an EU\/EEA member state/,
    );
  });
});
