// The review channels end to end: real backend → worker sync (bulk bootstrap) → contract calls.
import { readSealed } from '../../main/core/export/sealed-file';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { openCore, passphraseKeyProvider, type CoreClient } from '../../main/core/index';
import { ExportProgress, LogsCount, LogsHistogram, LogsPage, ViewsList } from '../../shared/contract-logs';
import { SubjectsList, SubjectTimeline } from '../../shared/contract-subjects';
import { TEST_PASSPHRASE } from '../helpers/passphrase';

const APP = { name: 'test', version: '0.0.0', transport: 'browser' as const };

describe('access-log review channels over a synced cache', () => {
  let backend: RunningBackend;
  let core: CoreClient;
  let dataDir: string;
  const call = async (channel: string, input?: unknown) => {
    const r = await core.invoke(channel, input);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value;
  };

  beforeAll(async () => {
    backend = await startBackend({ seed: { users: 25, events: 3000, seed: 11 } });
    dataDir = mkdtempSync(join(tmpdir(), 'zta-review-int-'));
    core = await openCore({ dataDir, keyProvider: passphraseKeyProvider(TEST_PASSPHRASE), app: APP });
    await call('session:signIn', { backendUrl: backend.url, token: backend.tokens.owner });
    await core.syncNow();
  }, 180_000);
  afterAll(async () => {
    await core?.close();
    await backend?.close();
  });

  it('count, histogram and pages agree; invalid search and CIDR are E_VALIDATION', async () => {
    const count = LogsCount.parse(await call('logs:count', { filter: {} }));
    expect(count).toEqual({ count: 3000, capped: false });
    const hist = LogsHistogram.parse(await call('logs:histogram', { filter: {}, bucket: 'hour' }));
    expect(hist.buckets.reduce((s, b) => s + b.allow + b.deny, 0)).toBe(3000);
    const page = LogsPage.parse(await call('logs:page', { filter: {}, order: 'asc', limit: 5 }));
    expect(page.rows).toHaveLength(5);
    const ev = await call('logs:event', { id: page.rows[0]!.id });
    expect(ev).toEqual(page.rows[0]);
    const user = page.rows[0]!.username;
    const byText = LogsPage.parse(await call('logs:page', { filter: { text: `"${user}"` }, limit: 1000 }));
    const byUser = LogsPage.parse(await call('logs:page', { filter: { user }, limit: 1000 }));
    expect(byText.rows.map((r) => r.id)).toEqual(byUser.rows.map((r) => r.id));
    const bad = await core.invoke('logs:page', { filter: { text: '"unbalanced' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'E_VALIDATION' } });
    const badIp = await core.invoke('logs:count', { filter: { ip: '300.1.1.1/8' } });
    expect(badIp).toMatchObject({ ok: false, error: { code: 'E_VALIDATION' } });
    expect(await core.invoke('logs:event', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'E_NOT_FOUND' },
    });
  });

  it('subjects: list and a timeline with profile, events, flags and requests', async () => {
    const list = SubjectsList.parse(await call('subjects:list', { search: '' }));
    // 25 users and one of the demo's two leavers: the other left before the inactivity window and
    // was erased by retention when the backend started (backend/seed/leavers.ts).
    expect(list.subjects).toHaveLength(26);
    const total = list.subjects.reduce((s, x) => s + (x.eventCount ?? 0), 0);
    expect(total).toBe(3000);
    const who = list.subjects.find((s) => (s.eventCount ?? 0) > 0)!;
    const t = SubjectTimeline.parse(await call('subjects:timeline', { subjectId: who.id, limit: 50 }));
    expect(t.profile.id).toBe(who.id);
    expect(t.profile.eventCount).toBe(who.eventCount);
    expect(t.events.every((e) => e.subjectId === who.id)).toBe(true);
    expect(t.profile.flags.map((f) => f.kind)).toEqual([
      'new_device',
      'new_network',
      'deny_burst',
      'off_hours',
    ]);
    expect(t.requests.every((r) => r.subjectId === who.id)).toBe(true);
  });

  it('saved views and settings', async () => {
    const v = (await call('views:save', { name: 'Denials', query: { decision: 'deny' } })) as { id: string };
    expect(ViewsList.parse(await call('views:list')).views.map((x) => x.name)).toEqual(['Denials']);
    expect(await call('views:delete', { id: v.id })).toEqual({ deleted: true });
    expect(await core.invoke('views:save', { name: '  ', query: {} })).toMatchObject({
      ok: false,
      error: { code: 'E_VALIDATION' },
    });
    expect(await call('settings:get')).toEqual({ retentionDays: 90 });
    expect(await call('settings:set', { retentionDays: 30 })).toEqual({ retentionDays: 30 });
    expect(await core.invoke('settings:set', { retentionDays: 0 })).toMatchObject({
      ok: false,
      error: { code: 'E_VALIDATION' },
    });
  });

  it('CSV export: progress events, then a sealed file in exports/', async () => {
    const events: ExportProgress[] = [];
    const done = new Promise<ExportProgress>((resolve) => {
      core.on('export:progress', (p) => {
        events.push(p);
        if (p.done) resolve(p);
      });
    });
    const started = ExportProgress.parse(await call('logs:exportCsv', { filter: { decision: 'deny' } }));
    const last = await done;
    expect(last.fileName).toBe(started.fileName);
    expect(last.error).toBeUndefined();
    expect(last.written).toBe(started.total);
    const file = join(dataDir, 'exports', last.fileName);
    expect(existsSync(file)).toBe(true);
    // Sealed at rest (issue 12): readable only with the key from the done event.
    expect(readFileSync(file).includes(Buffer.from('time,id'))).toBe(false);
    expect((await readSealed(file, last.key!)).trimEnd().split('\r\n')).toHaveLength(last.written + 1);
  });
});
