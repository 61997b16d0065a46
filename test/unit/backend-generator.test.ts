import { createHash } from 'node:crypto';
import { typeProblem } from '../../shared/clocks/index';
import { describe, expect, it } from 'vitest';
import {
  AccessEvent,
  Jurisdiction,
  PrivacyRequest,
  RequestEvent,
  RequestType,
  Subject,
} from '../../shared/domain';
import {
  DAY,
  EVENT_WINDOW_DAYS,
  generateOrg,
  REQUEST_WINDOW_DAYS,
  type SeedOptions,
} from '../../backend/seed/generator';
import { toCsv } from '../../backend/db';
import { leaverCount } from '../../backend/seed/leavers';

const NOW = new Date('2026-03-10T15:30:00.000Z');
const OPTS: SeedOptions = { users: 120, events: 6000, seed: 7, now: NOW };

function checksum(opts: SeedOptions): string {
  const g = generateOrg(opts);
  const h = createHash('sha256');
  h.update(JSON.stringify([g.org, g.admins, g.subjects, g.requests, g.requestEvents]));
  for (const chunk of g.accessEvents()) h.update(JSON.stringify(chunk));
  return h.digest('hex');
}

describe('synthetic organisation generator', () => {
  it('is deterministic: same options ⇒ same rows, ids included', () => {
    expect(checksum(OPTS)).toBe(checksum({ ...OPTS }));
  });

  it('different seed ⇒ different data', () => {
    expect(checksum({ ...OPTS, seed: 8 })).not.toBe(checksum(OPTS));
  });

  it('yields exactly the requested number of events, in-window, valid and time-ordered per chunk', () => {
    const g = generateOrg(OPTS);
    const subjects = new Map(g.subjects.map((s) => [s.id, s]));
    const from = NOW.getTime() - EVENT_WINDOW_DAYS * DAY;
    let n = 0;
    let denied = 0;
    const ids = new Set<string>();
    for (const chunk of g.accessEvents()) {
      let prev = -Infinity;
      for (const e of chunk) {
        AccessEvent.parse(e);
        const t = Date.parse(e.time);
        expect(t).toBeGreaterThanOrEqual(from);
        expect(t).toBeLessThan(NOW.getTime());
        expect(t).toBeGreaterThanOrEqual(prev);
        prev = t;
        expect(e.time).toBe(new Date(t).toISOString());
        const s = subjects.get(e.subjectId);
        expect(s).toBeDefined();
        const dev = s?.devices.find((d) => d.id === e.deviceId);
        expect(dev?.name).toBe(e.deviceName);
        // Devices appear no earlier than their first sighting.
        expect(Date.parse(dev?.firstSeenAt ?? '')).toBeLessThanOrEqual(t);
        if (e.decision === 'deny') {
          denied++;
          expect(e.reason).toBeTruthy();
        } else expect(e.reason).toBeNull();
        ids.add(e.id);
        n++;
      }
    }
    expect(n).toBe(OPTS.events);
    expect(ids.size).toBe(n);
    expect(denied / n).toBeGreaterThan(0.02);
    expect(denied / n).toBeLessThan(0.08);
  });

  it('makes realistic users and devices', () => {
    const g = generateOrg(OPTS);
    // The users, then the leavers (backend/seed/leavers.ts).
    const people = OPTS.users + leaverCount(OPTS.users);
    expect(g.subjects).toHaveLength(people);
    const usernames = new Set(g.subjects.map((s) => s.username));
    expect(usernames.size).toBe(people);
    for (const s of g.subjects) {
      Subject.parse(s);
      expect(s.devices.length).toBeGreaterThanOrEqual(1);
      expect(s.devices.length).toBeLessThanOrEqual(4);
      expect(s.email).toMatch(/^[a-z0-9.]+@[a-z0-9]+\.example$/);
    }
    const os = new Set(g.subjects.flatMap((s) => s.devices.map((d) => d.osVersion)));
    expect([...os].some((v) => v.startsWith('macOS '))).toBe(true);
    expect([...os].some((v) => v.startsWith('Windows 11'))).toBe(true);
    // Some devices first appear inside the event window.
    const from = NOW.getTime() - EVENT_WINDOW_DAYS * DAY;
    expect(g.subjects.some((s) => s.devices.some((d) => Date.parse(d.firstSeenAt) > from))).toBe(true);
  });

  it('covers every request type its jurisdiction has, with 1–4 valid history entries each', () => {
    const g = generateOrg(OPTS);
    expect(g.requests.length).toBeGreaterThanOrEqual(14);
    const combos = new Set(g.requests.map((r) => `${r.type}/${r.jurisdiction}`));
    for (const j of ['gdpr', 'ccpa'] as const) {
      for (const t of RequestType.options) {
        // Objection and restriction are GDPR rights; opt-out and limit are CCPA ones (issue 13).
        expect(combos.has(`${t}/${j}`)).toBe(typeProblem(j, t) === null);
      }
    }
    for (const j of Jurisdiction.options) expect(g.requests.some((r) => r.jurisdiction === j)).toBe(true);
    const open = g.requests.filter((r) => ['received', 'verifying', 'in_progress'].includes(r.status));
    expect(open.length).toBeGreaterThan(g.requests.length / 3);
    const earliest = NOW.getTime() - REQUEST_WINDOW_DAYS * DAY - DAY;
    for (const r of g.requests) {
      PrivacyRequest.parse(r);
      expect(Date.parse(r.receivedOn)).toBeGreaterThanOrEqual(earliest);
      const history = g.requestEvents.filter((e) => e.requestId === r.id);
      expect(history.length).toBeGreaterThanOrEqual(1);
      expect(history.length).toBeLessThanOrEqual(4);
      expect(history[0]?.kind).toBe('received');
      expect(history[0]?.at.slice(0, 10)).toBe(r.receivedOn);
      for (const e of history) {
        RequestEvent.parse(e);
        expect(Date.parse(e.at)).toBeLessThanOrEqual(NOW.getTime());
      }
    }
  });

  it('scales requests with users (about users/10)', () => {
    const g = generateOrg({ users: 400, events: 0, seed: 3, now: NOW });
    expect(g.requests).toHaveLength(40);
  });
});

describe('toCsv', () => {
  it('quotes what needs quoting, leaves NULL unquoted-empty and "" quoted', () => {
    expect(toCsv([['a', null, '', 'x,y', 'say "hi"', 'two\nlines']])).toBe(
      'a,,"","x,y","say ""hi""","two\nlines"\n',
    );
  });
});
