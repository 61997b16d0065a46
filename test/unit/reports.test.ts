import { describe, expect, it } from 'vitest';
import {
  ccpa7102Report,
  daysBetween,
  gdprReport,
  median,
  mean,
  reportTable,
  computeReport,
} from '../../shared/reports';
import {
  EXPECTED_CCPA_2024_KNOW,
  EXPECTED_CCPA_2025,
  EXPECTED_GDPR_2025,
  REPORT_FIXTURES,
  REPORT_YEAR,
} from '../helpers/report-fixtures';

describe('§7102 report', () => {
  it('matches the hand-computed 2025 figures (year ends, duplicates, erased people, open requests)', () => {
    expect(ccpa7102Report(REPORT_FIXTURES, REPORT_YEAR)).toEqual(EXPECTED_CCPA_2025);
  });

  it('counts a request in the year it was received, even when answered the next year', () => {
    const r2024 = ccpa7102Report(REPORT_FIXTURES, 2024);
    expect(r2024.categories.know).toEqual(EXPECTED_CCPA_2024_KNOW);
    expect(ccpa7102Report(REPORT_FIXTURES, 2026).categories.know.received).toBe(0);
  });

  it('still counts requests whose person was erased', () => {
    const withSubjects = REPORT_FIXTURES.map((r) => ({ ...r, subjectId: r.subjectId ?? 'someone' }));
    const erasedAll = REPORT_FIXTURES.map((r) => ({ ...r, subjectId: null }));
    expect(ccpa7102Report(erasedAll, REPORT_YEAR)).toEqual(ccpa7102Report(withSubjects, REPORT_YEAR));
  });

  it('excludes duplicates by status even without a recorded response', () => {
    const dup = { ...REPORT_FIXTURES[2]!, status: 'closed_duplicate' as const, response: null };
    expect(ccpa7102Report([dup], REPORT_YEAR).categories.know.received).toBe(0);
  });
});

describe('GDPR report', () => {
  it('matches the hand-computed 2025 figures per right, with the late refusal', () => {
    expect(gdprReport(REPORT_FIXTURES, REPORT_YEAR)).toEqual(EXPECTED_GDPR_2025);
  });

  it('counts the 2024 access refusal in 2024 only', () => {
    const a = gdprReport(REPORT_FIXTURES, 2024).categories.access;
    expect(a).toMatchObject({ received: 1, denied: 1, deniedByReason: { 'gdpr-15-4': 1 }, medianDays: 20 });
  });
});

describe('helpers', () => {
  it('counts calendar days across a year end and a leap day', () => {
    expect(daysBetween('2025-12-28', '2026-01-15')).toBe(18);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-01-01', '2025-01-01')).toBe(0);
  });
  it('median and mean', () => {
    expect(median([])).toBeNull();
    expect(mean([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(mean([1, 2])).toBe(1.5);
  });
  it('tables the report for CSV, reasons sorted', () => {
    const t = reportTable(computeReport('ccpa-7102', REPORT_FIXTURES, REPORT_YEAR));
    expect(t[0]).toContain('Denied by reason');
    expect(t).toHaveLength(6);
    expect(t[2]).toEqual(['Requests to delete', 4, 1, 0, 3, 'ccpa-1798.105-d-8: 2; unspecified: 1', 7, 7.8]);
    const g = reportTable(computeReport('gdpr', REPORT_FIXTURES, REPORT_YEAR));
    expect(g[0]?.at(-1)).toBe('Refused late');
    expect(g).toHaveLength(7);
  });
});
