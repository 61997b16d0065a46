// A hand-built year of request records (2025, with neighbours in 2024 and 2026) whose §7102 and
// GDPR figures are worked out by hand in test/unit/reports.test.ts and the CLI test.
import type { ExemptionCode, PrivacyRequest, RequestResponse } from '../../shared/domain';
import { requestFixture } from './request-fixture';

let n = 0;
function rec(
  over: Partial<PrivacyRequest> & Pick<PrivacyRequest, 'type' | 'jurisdiction' | 'receivedOn'>,
): PrivacyRequest {
  n++;
  return requestFixture({
    id: `rep-${String(n).padStart(3, '0')}`,
    subjectId: `subject-${n}`,
    status: 'completed',
    version: 3,
    assignee: 'Ada Admin',
    summary: `report fixture ${n}`,
    updatedAt: '2026-01-20T00:00:00.000Z',
    acknowledgedOn: over.receivedOn,
    acknowledgedVia: 'email',
    ...over,
  });
}
const done = (response: RequestResponse, respondedOn: string, denialBasis: ExemptionCode | null = null) => ({
  status: (response === 'duplicate'
    ? 'closed_duplicate'
    : response === 'denied'
      ? 'denied'
      : 'completed') as PrivacyRequest['status'],
  response,
  respondedOn,
  denialBasis,
});

export const REPORT_YEAR = 2025;

export const REPORT_FIXTURES: PrivacyRequest[] = [
  // --- CCPA ---
  // Received 2024, answered 2025: counts in 2024 (21 days).
  rec({ type: 'access', jurisdiction: 'ccpa', receivedOn: '2024-12-20', ...done('approved', '2025-01-10') }),
  // Received 2025, answered 2026: counts in 2025 (18 days).
  rec({
    type: 'access_specific',
    jurisdiction: 'ccpa',
    receivedOn: '2025-12-28',
    ...done('approved', '2026-01-15'),
  }),
  rec({
    type: 'portability',
    jurisdiction: 'ccpa',
    receivedOn: '2025-03-01',
    ...done('partial', '2025-03-11'),
  }),
  rec({
    type: 'access',
    jurisdiction: 'ccpa',
    receivedOn: '2025-05-01',
    ...done('denied', '2025-05-05', 'ccpa-7024-d'),
  }),
  // A duplicate: not counted anywhere.
  rec({ type: 'access', jurisdiction: 'ccpa', receivedOn: '2025-06-01', ...done('duplicate', '2025-06-02') }),
  // Still open: received, no outcome, no days.
  rec({ type: 'access', jurisdiction: 'ccpa', receivedOn: '2025-11-30', status: 'in_progress' }),
  // An erased person: the record stays, subjectId gone.
  rec({
    type: 'erasure',
    jurisdiction: 'ccpa',
    receivedOn: '2025-02-10',
    subjectId: null,
    ...done('approved', '2025-02-20'),
  }),
  rec({
    type: 'erasure',
    jurisdiction: 'ccpa',
    receivedOn: '2025-04-01',
    ...done('denied', '2025-04-16', 'ccpa-1798.105-d-8'),
  }),
  rec({
    type: 'erasure',
    jurisdiction: 'ccpa',
    receivedOn: '2025-04-02',
    ...done('denied', '2025-04-06', 'ccpa-1798.105-d-8'),
  }),
  rec({ type: 'erasure', jurisdiction: 'ccpa', receivedOn: '2025-07-01', ...done('denied', '2025-07-03') }),
  rec({
    type: 'rectification',
    jurisdiction: 'ccpa',
    receivedOn: '2025-08-01',
    ...done('partial', '2025-08-31'),
  }),
  rec({ type: 'opt_out', jurisdiction: 'ccpa', receivedOn: '2025-09-01', ...done('approved', '2025-09-02') }),
  rec({ type: 'opt_out', jurisdiction: 'ccpa', receivedOn: '2025-01-01', ...done('approved', '2025-01-01') }),
  // Another regime: in neither CCPA table.
  rec({ type: 'access', jurisdiction: 'other', receivedOn: '2025-02-02', ...done('approved', '2025-02-03') }),
  // --- GDPR ---
  rec({ type: 'access', jurisdiction: 'gdpr', receivedOn: '2025-01-15', ...done('approved', '2025-02-10') }),
  rec({
    type: 'access',
    jurisdiction: 'gdpr',
    receivedOn: '2024-12-31',
    ...done('denied', '2025-01-20', 'gdpr-15-4'),
  }),
  rec({ type: 'access', jurisdiction: 'gdpr', receivedOn: '2025-12-31', status: 'verifying' }),
  // A late refusal (Art. 12(4)).
  rec({
    type: 'erasure',
    jurisdiction: 'gdpr',
    receivedOn: '2025-03-03',
    refusedLate: true,
    ...done('denied', '2025-04-20', 'gdpr-17-3-b'),
  }),
  rec({
    type: 'erasure',
    jurisdiction: 'gdpr',
    receivedOn: '2025-03-10',
    subjectId: null,
    ...done('approved', '2025-03-20'),
  }),
  rec({
    type: 'erasure',
    jurisdiction: 'gdpr',
    receivedOn: '2025-03-11',
    ...done('duplicate', '2025-03-12'),
  }),
  // A partial approval citing a basis: in part, not a denial.
  rec({
    type: 'rectification',
    jurisdiction: 'gdpr',
    receivedOn: '2025-05-05',
    ...done('partial', '2025-05-25', 'gdpr-23'),
  }),
  rec({
    type: 'objection',
    jurisdiction: 'gdpr',
    receivedOn: '2025-06-06',
    ...done('denied', '2025-06-10', 'manifestly-unfounded'),
  }),
];

const empty = {
  received: 0,
  compliedInWhole: 0,
  compliedInPart: 0,
  denied: 0,
  deniedByReason: {},
  medianDays: null,
  meanDays: null,
};

/** Worked out by hand from the fixtures above. */
export const EXPECTED_CCPA_2025 = {
  year: 2025,
  categories: {
    // received: specific (2025-12-28), portability, denied access, open access = 4; days 18, 10, 4.
    know: {
      received: 4,
      compliedInWhole: 1,
      compliedInPart: 1,
      denied: 1,
      deniedByReason: { 'ccpa-7024-d': 1 },
      medianDays: 10,
      meanDays: 10.7, // 32 / 3
    },
    // days 10, 15, 4, 2: median (4 + 10) / 2 = 7, mean 31 / 4 = 7.75.
    delete: {
      received: 4,
      compliedInWhole: 1,
      compliedInPart: 0,
      denied: 3,
      deniedByReason: { 'ccpa-1798.105-d-8': 2, unspecified: 1 },
      medianDays: 7,
      meanDays: 7.8,
    },
    correct: { ...empty, received: 1, compliedInPart: 1, medianDays: 30, meanDays: 30 },
    // days 1 and 0.
    optOut: { ...empty, received: 2, compliedInWhole: 2, medianDays: 0.5, meanDays: 0.5 },
    limit: empty,
  },
};

export const EXPECTED_CCPA_2024_KNOW = {
  ...empty,
  received: 1,
  compliedInWhole: 1,
  medianDays: 21,
  meanDays: 21,
};

const g = { ...empty, refusedLate: 0 };
export const EXPECTED_GDPR_2025 = {
  year: 2025,
  categories: {
    access: { ...g, received: 2, compliedInWhole: 1, medianDays: 26, meanDays: 26 },
    rectification: { ...g, received: 1, compliedInPart: 1, medianDays: 20, meanDays: 20 },
    // days 48 and 10.
    erasure: {
      ...g,
      received: 2,
      compliedInWhole: 1,
      denied: 1,
      deniedByReason: { 'gdpr-17-3-b': 1 },
      medianDays: 29,
      meanDays: 29,
      refusedLate: 1,
    },
    restriction: g,
    portability: g,
    objection: {
      ...g,
      received: 1,
      denied: 1,
      deniedByReason: { 'manifestly-unfounded': 1 },
      medianDays: 4,
      meanDays: 4,
    },
  },
};
