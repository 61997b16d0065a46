import { describe, expect, it } from 'vitest';
import { generateOrg } from '../../backend/seed/generator';
import { HISTORY_PER_YEAR } from '../../backend/seed/history';
import { PrivacyRequest, RequestEvent } from '../../shared/domain';
import { exemptionFits } from '../../shared/exemptions';
import { ccpa7102Report, gdprReport } from '../../shared/reports';

const NOW = new Date('2026-03-15T12:00:00Z');
const OPTS = { users: 30, events: 0, seed: 5, now: NOW };

describe('demo history (issue 16)', () => {
  const plain = generateOrg(OPTS);
  const withHistory = generateOrg({ ...OPTS, history: true });
  const past = withHistory.requests.slice(plain.requests.length);

  it('leaves the rest of the organisation as it was', () => {
    expect(withHistory.requests.slice(0, plain.requests.length)).toEqual(plain.requests);
    expect(withHistory.subjects).toEqual(plain.subjects);
    expect(past).toHaveLength(HISTORY_PER_YEAR * 2 * 2);
  });

  it('holds closed, valid records with every outcome per jurisdiction in each of the two years', () => {
    for (const r of past) {
      PrivacyRequest.parse(r);
      expect(['completed', 'denied', 'closed_duplicate']).toContain(r.status);
      expect(r.respondedOn! < NOW.toISOString().slice(0, 10)).toBe(true);
      expect(r.respondedOn! >= r.receivedOn).toBe(true);
      if (r.denialBasis) expect(exemptionFits(r.denialBasis, r.jurisdiction, r.type)).toBe(true);
      const history = withHistory.requestEvents.filter((e) => e.requestId === r.id);
      expect(history[0]?.kind).toBe('received');
      for (const e of history) RequestEvent.parse(e);
    }
    for (const year of ['2025', '2026'])
      for (const j of ['ccpa', 'gdpr'])
        expect(
          new Set(
            past.filter((r) => r.jurisdiction === j && r.receivedOn.startsWith(year)).map((r) => r.response),
          ),
        ).toEqual(new Set(['approved', 'partial', 'denied', 'duplicate']));
    // Carried-out erasures lost their person; the record stays.
    expect(past.some((r) => r.type === 'erasure' && r.response === 'approved' && r.subjectId === null)).toBe(
      true,
    );
  });

  it('gives both reports figures for last year in every CCPA category', () => {
    const ccpa = ccpa7102Report(withHistory.requests, 2025);
    for (const row of Object.values(ccpa.categories)) expect(row.received).toBeGreaterThan(0);
    const denied = Object.values(ccpa.categories).reduce((n, r) => n + r.denied, 0);
    expect(denied).toBeGreaterThan(0);
    const gdpr = gdprReport(withHistory.requests, 2025);
    expect(Object.values(gdpr.categories).reduce((n, r) => n + r.received, 0)).toBeGreaterThan(0);
  });

  it('in the first days of January, last year carries the records', () => {
    const jan = generateOrg({ ...OPTS, now: new Date('2026-01-01T08:00:00Z'), history: true });
    const base = generateOrg({ ...OPTS, now: new Date('2026-01-01T08:00:00Z') });
    const p = jan.requests.slice(base.requests.length);
    expect(p).toHaveLength(HISTORY_PER_YEAR * 2);
    expect(p.every((r) => r.receivedOn.startsWith('2025') && r.respondedOn! <= '2025-12-31')).toBe(true);
  });
});
