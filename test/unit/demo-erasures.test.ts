// The demo organisation has erasure work to show (issue 11): at any seed, two approved erasure
// requests not carried out about people with 50+ events, and one approved erasure on legal hold.
import { describe, expect, it } from 'vitest';
import { generateOrg } from '../../backend/seed/generator';
import { PrivacyRequest, RequestEvent } from '../../shared/domain';

describe('demo erasures in the seeded organisation', () => {
  for (const seed of [1, 2, 77]) {
    it(`seed ${seed}: two approved erasures of active people, one more on legal hold`, () => {
      const g = generateOrg({ users: 200, events: 20_000, seed, now: new Date('2026-03-10T12:00:00.000Z') });
      const counts = new Map<string, number>();
      for (const chunk of g.accessEvents())
        for (const e of chunk) counts.set(e.subjectId, (counts.get(e.subjectId) ?? 0) + 1);
      const approved = g.requests.filter(
        (r) => r.type === 'erasure' && r.status === 'approved' && r.subjectId,
      );
      const open = approved.filter((r) => !r.legalHold && (counts.get(r.subjectId!) ?? 0) >= 50);
      expect(open.length).toBeGreaterThanOrEqual(2);
      expect(approved.some((r) => r.legalHold)).toBe(true);
      const restricted = new Set(g.subjects.filter((s) => s.restricted).map((s) => s.id));
      for (const r of open) {
        expect(restricted.has(r.subjectId!)).toBe(false);
        PrivacyRequest.parse(r);
        const history = g.requestEvents.filter((e) => e.requestId === r.id).map((e) => RequestEvent.parse(e));
        expect(history.map((e) => e.kind)).toEqual(['received', 'verified', 'decided']);
        expect(r.response).toBe('approved');
      }
    });
  }
});
