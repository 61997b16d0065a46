// The Audit room's two sources (issue 16) through the real worker, encrypted cache and backend:
// the local chain records reads of personal data next to queued actions, filters them, and names
// the entry where a tampered chain breaks; the organisation's trail comes from GET /v1/audit,
// for owners and approvers only.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { CACHE_FILE, openCore, passphraseKeyProvider, type CoreClient } from '../../main/core/index';
import { openCacheDb } from '../../main/core/cache/open';
import { LocalAuditPage, OrgAuditPage } from '../../shared/audit';
import { OutboxEntry, RequestsList } from '../../shared/contract-requests';
import { SubjectsList } from '../../shared/contract-subjects';

const APP = { name: 'test', version: '0.0.0', transport: 'browser' as const };
const PASS = 'audit integration passphrase';

let backend: RunningBackend;

async function call<T>(core: CoreClient, channel: string, input: unknown, schema: { parse(v: unknown): T }) {
  const r = await core.invoke(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return schema.parse(r.value);
}

const openConsole = (dataDir: string) =>
  openCore({ dataDir, keyProvider: passphraseKeyProvider(PASS), app: APP, autoSyncIntervalMs: 0 });

beforeAll(async () => {
  backend = await startBackend({
    port: 0,
    seed: { users: 12, events: 200, seed: 5, now: new Date('2026-05-01T10:00:00Z') },
  });
}, 120_000);
afterAll(async () => {
  await backend?.close();
});

describe('audit trail', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zta-audit-'));
  let core: CoreClient;
  let subjectId = '';
  let requestId = '';
  let actionId = '';

  afterAll(async () => {
    await core?.close();
  });

  it('records reads and actions locally, filters them, and reads the org trail by role', async () => {
    core = await openConsole(dir);
    expect(
      (await core.invoke('session:signIn', { backendUrl: backend.url, token: backend.tokens.owner })).ok,
    ).toBe(true);
    await core.syncNow();

    const subjects = await call(core, 'subjects:list', { search: '', limit: 5 }, SubjectsList);
    subjectId = subjects.subjects[0]!.id;
    // A timeline opened (one entry), its second page (no entry), a search, and an export.
    expect((await core.invoke('subjects:timeline', { subjectId, limit: 5 })).ok).toBe(true);
    expect((await core.invoke('logs:page', { filter: { text: 'okta' } })).ok).toBe(true);
    expect((await core.invoke('logs:page', { filter: { decision: 'deny' } })).ok).toBe(true); // not a search of anyone
    expect((await core.invoke('logs:exportCsv', { filter: { subjectId } })).ok).toBe(true);
    const list = await call(core, 'requests:list', { filter: { status: 'received' } }, RequestsList);
    requestId = list.rows[0]!.request.id;
    const queued = await call(
      core,
      'actions:submit',
      { kind: 'request.note', requestId, payload: { text: 'checked the audit' } },
      OutboxEntry,
    );
    actionId = queued.action.id;

    const all = await call(core, 'audit:local', {}, LocalAuditPage);
    expect(all.verification).toMatchObject({ ok: true });
    // (The note may already have been pushed and recorded as applied: the kick pushes at once.)
    expect(all.entries.map((e) => e.event).filter((e) => e !== 'action.applied')).toEqual([
      'action.queued',
      'read.export_csv',
      'read.search',
      'read.timeline',
    ]);
    const me = (await core.invoke('session:status', {})) as { ok: true; value: { adminName: string } };
    expect(all.entries.find((e) => e.event === 'read.timeline')).toMatchObject({
      ref: subjectId,
      actor: me.value.adminName,
    });
    expect(all.entries.every((e) => e.intact)).toBe(true);

    // Filters: by kind of event, by request, by action kind, by admin, by time.
    const reads = await call(core, 'audit:local', { filter: { event: 'read.' } }, LocalAuditPage);
    expect(reads.entries).toHaveLength(3);
    const byRequest = await call(core, 'audit:local', { filter: { ref: requestId } }, LocalAuditPage);
    expect(byRequest.entries.map((e) => e.ref)).toEqual([actionId]);
    const byKind = await call(core, 'audit:local', { filter: { kind: 'request.note' } }, LocalAuditPage);
    expect(byKind.entries).toHaveLength(1);
    const byOther = await call(core, 'audit:local', { filter: { actor: 'Someone Else' } }, LocalAuditPage);
    expect(byOther.entries).toHaveLength(0);
    const future = await call(
      core,
      'audit:local',
      { filter: { from: '2999-01-01T00:00:00Z' } },
      LocalAuditPage,
    );
    expect(future.entries).toHaveLength(0);
    const paged = await call(core, 'audit:local', { limit: 3 }, LocalAuditPage);
    expect(paged.entries).toHaveLength(3);
    const rest = await call(
      core,
      'audit:local',
      { limit: 3, beforeSeq: paged.nextBeforeSeq! },
      LocalAuditPage,
    );
    expect(rest.entries[0]!.seq).toBeLessThan(paged.entries[2]!.seq);

    // The organisation's trail: the pushed note, by its admin.
    await core.syncNow();
    const org = await call(core, 'audit:org', { requestId }, OrgAuditPage);
    expect(org.entries).toContainEqual(
      expect.objectContaining({ actionId, kind: 'request.note', requestId, outcome: 'applied' }),
    );
    expect(org.entries.find((e) => e.actionId === actionId)?.admin).toBe(me.value.adminName);
  }, 120_000);

  it('refuses the org trail to a viewer, at the backend and in the core', async () => {
    const res = await fetch(`${backend.url}/v1/audit`, {
      headers: { authorization: `Bearer ${backend.tokens.viewer}` },
    });
    expect(res.status).toBe(403);
    const ok = await fetch(`${backend.url}/v1/audit?limit=1`, {
      headers: { authorization: `Bearer ${backend.tokens.approver}` },
    });
    expect(ok.status).toBe(200);
    const bad = await fetch(`${backend.url}/v1/audit?limit=0`, {
      headers: { authorization: `Bearer ${backend.tokens.approver}` },
    });
    expect(bad.status).toBe(400);

    const viewer = await openConsole(mkdtempSync(join(tmpdir(), 'zta-audit-viewer-')));
    try {
      expect(
        (await viewer.invoke('session:signIn', { backendUrl: backend.url, token: backend.tokens.viewer })).ok,
      ).toBe(true);
      expect(await viewer.invoke('audit:org', {})).toMatchObject({
        ok: false,
        error: { code: 'E_FORBIDDEN' },
      });
    } finally {
      await viewer.close();
    }
  }, 60_000);

  it('a tampered entry in the SQLite cache is named where the chain breaks', async () => {
    await core.close();
    const db = openCacheDb({ path: join(dir, CACHE_FILE), key: { kind: 'passphrase', passphrase: PASS } });
    try {
      // Someone with the key drops the guard and rewrites whose timeline was opened (entry 1).
      db.exec('DROP TRIGGER audit_log_no_update');
      db.prepare("UPDATE audit_log SET ref = 'someone-else' WHERE seq = 1").run();
    } finally {
      db.close();
    }
    core = await openConsole(dir);
    const page = await call(core, 'audit:local', {}, LocalAuditPage);
    expect(page.verification).toMatchObject({
      ok: false,
      brokenAt: 1,
      reason: 'content',
      brokenEntry: { event: 'read.timeline' },
    });
    // Every entry from the break on is flagged, not only the edited one.
    expect(page.entries.every((e) => !e.intact)).toBe(true);
  }, 60_000);
});
