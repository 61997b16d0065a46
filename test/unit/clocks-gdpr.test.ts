// Legal clocks (docs/ARCHITECTURE.md §6): GDPR. Every expected date below was worked out by hand on a
// calendar and cross-checked with an independent Python datetime implementation, never copied from the code.
import { describe, expect, it } from 'vitest';
import { computeClocks } from '../../shared/clocks/index';

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
