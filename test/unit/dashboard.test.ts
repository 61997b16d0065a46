import { describe, expect, it } from 'vitest';
import {
  deadlineCounts,
  openRequestCounts,
  quantile,
  responseTimes,
  volumeSeries,
} from '../../shared/dashboard';
import type { PrivacyRequest } from '../../shared/domain';
import { requestFixture } from '../helpers/request-fixture';

const TODAY = '2026-03-10'; // a Tuesday

function req(p: Partial<PrivacyRequest>): PrivacyRequest {
  return requestFixture({ id: 'r', subjectId: 's', updatedAt: '2026-03-01T00:00:00Z', ...p });
}

describe('deadlineCounts', () => {
  it('counts each open request once, by its next deadline, per jurisdiction', () => {
    const counts = deadlineCounts(
      [
        // GDPR one month: 10 Feb → due 10 Mar (today)
        req({ receivedOn: '2026-02-10' }),
        // 13 Feb → 13 Mar, three days on
        req({ receivedOn: '2026-02-13', type: 'access' }),
        // 5 Jan → 5 Feb: overdue
        req({ receivedOn: '2026-01-05' }),
        // done work has no deadline, however old
        req({ receivedOn: '2026-01-05', status: 'completed' }),
        // extended by two months: due 20 Apr, neither this week nor overdue
        req({ receivedOn: '2026-01-20', extended: true }),
        // CCPA 45 days from 24 Jan, receipt confirmed: 10 Mar (today)
        req({ jurisdiction: 'ccpa', receivedOn: '2026-01-24', acknowledgedOn: '2026-01-26' }),
        // CCPA receipt not confirmed: 10 business days from 2 Mar, next week
        req({ jurisdiction: 'ccpa', receivedOn: '2026-03-02' }),
        // other: 30 calendar days from 1 Jan, long past
        req({ jurisdiction: 'other', receivedOn: '2026-01-01' }),
      ],
      TODAY,
      null,
    );
    expect(counts).toEqual([
      { jurisdiction: 'gdpr', dueToday: 1, dueThisWeek: 1, overdue: 1 },
      { jurisdiction: 'ccpa', dueToday: 1, dueThisWeek: 1, overdue: 0 },
      { jurisdiction: 'other', dueToday: 0, dueThisWeek: 0, overdue: 1 },
    ]);
  });

  it('lists every jurisdiction with zeros when nothing is open', () => {
    expect(deadlineCounts([], TODAY, null).map((c) => c.dueToday + c.dueThisWeek + c.overdue)).toEqual([
      0, 0, 0,
    ]);
  });
});

describe('responseTimes', () => {
  it('takes the median and 90th percentile over answers of the last 90 days', () => {
    const answered = (receivedOn: string, respondedOn: string, extra: Partial<PrivacyRequest> = {}) =>
      req({ receivedOn, respondedOn, response: 'approved', status: 'completed', ...extra });
    const out = responseTimes(
      [
        answered('2025-12-06', '2025-12-11'), // 5 days, first day of the window
        answered('2026-02-01', '2026-02-11'), // 10
        answered('2026-02-01', '2026-02-21'), // 20
        answered('2026-02-01', '2026-03-03'), // 30
        answered('2026-01-29', '2026-03-10'), // 40, today
        answered('2025-11-01', '2025-12-10'), // answered the day before the window: left out
        answered('2026-03-01', '2026-03-02', { response: 'duplicate', status: 'closed_duplicate' }),
        req({ receivedOn: '2026-01-01' }), // not answered
      ],
      TODAY,
    );
    // sorted 5 10 20 30 40: median 20; p90 at rank 3.6 → 30 + 0.6 × 10
    expect(out).toEqual({ windowDays: 90, answered: 5, medianDays: 20, p90Days: 36 });
  });

  it('has no figure without answers', () => {
    expect(responseTimes([], TODAY)).toEqual({
      windowDays: 90,
      answered: 0,
      medianDays: null,
      p90Days: null,
    });
  });

  it('interpolates between ranks', () => {
    expect(quantile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(quantile([7], 0.9)).toBe(7);
  });
});

describe('openRequestCounts', () => {
  it('counts open requests by type and status, leaving done work out', () => {
    expect(
      openRequestCounts([
        req({ type: 'erasure', status: 'received' }),
        req({ type: 'erasure', status: 'received' }),
        req({ type: 'erasure', status: 'approved' }), // approved, erasure not carried out yet: open
        req({ type: 'access', status: 'verifying' }),
        req({ type: 'objection', status: 'approved' }), // nothing to carry out: done
        req({ type: 'access', status: 'denied' }),
        req({ type: 'access', status: 'closed_duplicate' }),
      ]),
    ).toEqual([
      { type: 'access', status: 'verifying', count: 1 },
      { type: 'erasure', status: 'received', count: 2 },
      { type: 'erasure', status: 'approved', count: 1 },
    ]);
  });
});

describe('volumeSeries', () => {
  it('fills quiet days with zeros and gives the denial rate per day', () => {
    const from = Date.parse('2026-03-01T13:00:00Z');
    expect(
      volumeSeries(
        [
          { start: '2026-03-01T00:00:00.000Z', allow: 3, deny: 1 },
          { start: '2026-03-03T00:00:00.000Z', allow: 0, deny: 2 },
        ],
        from,
        3,
      ),
    ).toEqual([
      { start: '2026-03-01T00:00:00.000Z', total: 4, deny: 1, denialRate: 0.25 },
      { start: '2026-03-02T00:00:00.000Z', total: 0, deny: 0, denialRate: null },
      { start: '2026-03-03T00:00:00.000Z', total: 2, deny: 2, denialRate: 1 },
    ]);
  });
});
