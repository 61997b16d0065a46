// The demo organisation includes deactivated people, some past the inactivity window (issue 11):
// drawn apart from the users, so adding them left every user, request and event as it was.
import { describe, expect, it } from 'vitest';
import { generateOrg } from '../../backend/seed/generator';
import { leaverCount } from '../../backend/seed/leavers';
import { Subject } from '../../shared/domain';
import { DEFAULT_ORG_SETTINGS } from '../../shared/org-settings';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const DAY = 86_400_000;

describe('leavers in the seeded organisation', () => {
  it('adds a handful of deactivated people, half past the window, deterministically', () => {
    const g = generateOrg({ users: 200, events: 2000, seed: 3, now: NOW });
    const leavers = g.subjects.filter((s) => s.deactivatedAt);
    expect(leavers).toHaveLength(leaverCount(200));
    expect(leavers.length).toBeGreaterThanOrEqual(4);
    const ageDays = leavers.map((s) => (NOW.getTime() - Date.parse(s.deactivatedAt!)) / DAY);
    const window = DEFAULT_ORG_SETTINGS.inactivityDays;
    expect(ageDays.filter((d) => d > window + 1).length).toBe(Math.ceil(leavers.length / 2));
    expect(ageDays.filter((d) => d > 0 && d < window - 1).length).toBe(Math.floor(leavers.length / 2));
    for (const s of leavers) {
      Subject.parse(s);
      expect(Date.parse(s.createdAt)).toBeLessThan(Date.parse(s.deactivatedAt!));
    }
    const again = generateOrg({ users: 200, events: 2000, seed: 3, now: NOW });
    expect(again.subjects.filter((s) => s.deactivatedAt)).toEqual(leavers);
  });

  it('leaves the users, their requests and events as they were, and gives leavers none', () => {
    const g = generateOrg({ users: 60, events: 3000, seed: 9, now: NOW });
    const leaverIds = new Set(g.subjects.filter((s) => s.deactivatedAt).map((s) => s.id));
    expect(leaverIds.size).toBe(leaverCount(60));
    expect(g.subjects.slice(0, 60).every((s) => !s.deactivatedAt)).toBe(true);
    expect(new Set(g.subjects.map((s) => s.username)).size).toBe(g.subjects.length);
    expect(g.requests.some((r) => r.subjectId && leaverIds.has(r.subjectId))).toBe(false);
    for (const chunk of g.accessEvents()) expect(chunk.some((e) => leaverIds.has(e.subjectId))).toBe(false);
  });

  it('a small organisation has none', () => {
    expect(
      generateOrg({ users: 9, events: 100, seed: 1, now: NOW }).subjects.some((s) => s.deactivatedAt),
    ).toBe(false);
  });
});
