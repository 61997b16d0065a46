// Export bundles of seeded people: checked by the project's verifier and by 7-Zip with every
// SHA-256 recomputed; safe HTML and CSV; other people stay out (Art. 15(4)).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyBundle } from '../../main/core/export/verify';
import type { RequestEventKind, Subject } from '../../shared/domain';
import { checkWith7z } from '../helpers/bundle-checks';
import { seededBundleCache } from '../helpers/export-bundles';
import { upsertRequest, upsertSubject } from '../helpers/export-cache';
import { requestFixture } from '../helpers/request-fixture';

const bundles = seededBundleCache();
const { build, subjects } = bundles;

describe('export bundles of seeded people', () => {
  it("verify with the project's verifier and with 7-Zip, every SHA-256 recomputed; complete", async () => {
    const people = subjects()
      .filter((s) => !s.restricted)
      .sort((a, b) => b.eventCount - a.eventCount)
      .slice(0, 3);
    expect(people.length).toBe(3);
    for (const [i, p] of people.entries()) {
      const b = await build(p.id, `seeded-${i}.zip`);
      const report = await verifyBundle(b.path);
      expect(report.ok, JSON.stringify(report)).toBe(true);
      expect(report.files.map((f) => f.path)).toEqual(b.manifest.files.map((f) => f.path));
      const { manifest, dir } = checkWith7z(b.path);
      const events = manifest.files.find((f) => f.path === 'access-events.ndjson')!;
      expect(events.rows).toBe(p.eventCount);
      expect(manifest.files.find((f) => f.path === 'access-events.csv')!.rows).toBe(p.eventCount);
      const lines = readFileSync(join(dir, 'access-events.ndjson'), 'utf8').trim().split('\n');
      const times = lines.map((l) => (JSON.parse(l) as { time: string }).time);
      expect([...times].sort()).toEqual(times); // time order
      // The CSV has a header row and one record per event (no field holds a line break here).
      const csv = readFileSync(join(dir, 'access-events.csv'), 'utf8');
      expect(
        csv.startsWith('time,id,username,ip,device_id,device_name,os_version,app,decision,reason,flags\r\n'),
      ).toBe(true);
      expect(csv.split('\r\n').filter(Boolean).length).toBe(p.eventCount + 1);
      // Disclosures required by Art. 15(1)/(2) and 1798.110 are in the manifest.
      expect(manifest.disclosures.transfers[0]!.country).toBe('United States');
      expect(manifest.disclosures.retention).toMatch(/deleted shortly/);
      expect(manifest.disclosures.categories.map((c) => c.category)).toContain(
        'Device and online identifier information',
      );
    }
  }, 120_000);

  it('index.html has no script and no remote resource; data is escaped; CSV cells are neutralised', async () => {
    const base = bundles.cache.org.subjects.find((s) => !s.restricted)!;
    const { timezone: _tz, ...plain } = base;
    const hostile: Subject = {
      ...(plain as Subject),
      id: 'hostile-1',
      username: 'hostile.user',
      email: 'hostile@example.test',
      displayName: `<script>alert(1)</script><img src="https://evil.example/x.png">`,
      department: `=cmd|' /C calc'!A0`,
      employeeId: 'x;=1+1',
      restricted: false,
      restriction: null,
      devices: [],
    };
    upsertSubject(bundles.cache.store, hostile);
    const b = await build(hostile.id, 'hostile.zip');
    const { dir } = checkWith7z(b.path);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(img|link|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/<[^>]*\b(src|href|action|srcset)\s*=/i);
    expect(html).toContain(`default-src 'none'`);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const profile = readFileSync(join(dir, 'profile.csv'), 'utf8');
    expect(profile).toContain(`"'=cmd|' /C calc'!A0"`);
    expect(profile).toContain(`"x;'=1+1"`);
    // The JSON keeps the value exactly.
    expect(JSON.parse(readFileSync(join(dir, 'profile.json'), 'utf8')).department).toBe(`=cmd|' /C calc'!A0`);
  });
});

describe('other people stay out (Art. 15(4))', () => {
  it('no other person, no admin name, notes only when marked for the person', async () => {
    const person = subjects().find((s) => !s.restricted && s.eventCount > 0)!;
    const req = requestFixture({
      id: 'req-art15-4',
      subjectId: person.id,
      type: 'access',
      status: 'approved',
      receivedOn: '2026-11-01',
      version: 3,
      assignee: 'Priya Adminname',
      summary: 'Internal: colleague Bob Otherperson complained about this user',
      updatedAt: '2026-11-02T10:00:00.000Z',
      respondedOn: '2026-11-02',
      response: 'approved',
    });
    const ev = (
      id: string,
      kind: RequestEventKind,
      detail: Record<string, unknown>,
      actor = 'Priya Adminname',
    ) => ({
      id,
      requestId: req.id,
      at: `2026-11-02T10:00:0${id.slice(-1)}.000Z`,
      actor,
      kind,
      detail,
    });
    upsertRequest(bundles.cache.store, req, [
      ev('h1', 'received', {}, 'system'),
      ev('h2', 'verified', { matched: ['email', 'employee_id'] }),
      ev('h3', 'note', { text: 'Internal: spoke to Bob Otherperson in HR' }),
      ev('h4', 'note', { text: 'Your data is attached; contact us with questions.', forSubject: true }),
      ev('h5', 'decided', { decision: 'approved', note: 'approved after call with manager Carol Third' }),
    ]);
    const b = await build(person.id, 'art15-4.zip', { requestId: req.id });
    expect(b.manifest.request).toEqual({
      id: req.id,
      type: 'access',
      jurisdiction: 'gdpr',
      receivedOn: '2026-11-01',
    });
    const { dir } = checkWith7z(b.path);
    const all = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    for (const other of bundles.cache.org.subjects.filter((s) => s.id !== person.id)) {
      expect(all).not.toContain(other.email);
      expect(all).not.toContain(`"${other.username}"`);
      expect(all).not.toContain(other.id);
    }
    for (const admin of bundles.cache.org.admins) expect(all).not.toContain(admin.name);
    for (const secret of ['Priya Adminname', 'Bob Otherperson', 'Carol Third', 'Internal:'])
      expect(all).not.toContain(secret);
    expect(all).toContain('Your data is attached; contact us with questions.');
    const history = JSON.parse(readFileSync(join(dir, 'request-history.json'), 'utf8')) as {
      requestId: string;
      actor: string;
      kind: string;
    }[];
    expect(new Set(history.map((h) => h.actor))).toEqual(new Set(['system', 'administrator']));
    // The person may have other (seeded) requests too; this one's history, notes for them only:
    const mine = history.filter((h) => h.requestId === req.id);
    expect(mine.map((h) => h.kind)).toEqual(['received', 'verified', 'note', 'note', 'decided']);
  });
});
