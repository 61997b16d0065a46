// The last two gaps of erasure (issue 11), end to end on the real backend (PGlite) and a console on
// an encrypted cache:
//   1. the organisation's policy ANONYMISES the profile and the devices: the console learns the
//      person's identifiers only from the row the anonymised upsert overwrites — they are queued
//      for the purge at that moment, so the saved views, files, export bundles and outbox entries
//      naming them go too, while the anonymised profile and events stay;
//   2. the outbox's sent actions about the person (an intake by email, a rectification, a note)
//      keep their id, kind and status but lose the person's values; an unsent correction of theirs
//      is discarded with a reason, audited.
// Afterwards erasure-scan finds none of their identifiers, old or corrected, anywhere.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { scanForTerms } from '../../main/core/cache/erasure-scan';
import { saveView } from '../../main/core/cache/saved-views';
import { registerSubjectPurgeHook } from '../../main/core/cache/purge';
import { receiptOfRequest } from '../../main/core/cache/erasures';
import { recordExport, purgeSubjectExports } from '../../main/core/export/registry';
import { verifyAuditChain } from '../../main/core/outbox/audit';
import { DISCARDED_CODE } from '../../main/core/outbox/outbox';
import { ERASED_TEXT, SUBJECT_ERASED_MESSAGE } from '../../main/core/outbox/erasure-scrub';
import { Subject } from '../../shared/domain';
import type { ActionIntentInput } from '../../shared/action-schemas';
import type { IntakeSubject } from '../../shared/intake';
import { isAnonymisedValue } from '../../shared/erasure';
import { SimConsole } from '../helpers/console-sim';
import { identifiersOf, setErasurePolicy } from '../helpers/erasure-fixtures';

let backend: RunningBackend;
let root: string;
let c: SimConsole;

const subjectIn = (id: string): Subject | null => {
  const row = c.db.prepare('SELECT data FROM subjects WHERE id = ?').get(id) as { data: string } | undefined;
  return row ? Subject.parse(JSON.parse(row.data)) : null;
};

/** Queues an intent on the console and syncs; the action must come back applied. */
async function applied(intent: ActionIntentInput): Promise<string> {
  const entry = c.submit(intent);
  expect(await c.sync()).toBe(true);
  expect(c.outbox.get(entry.action.id)?.status, intent.kind).toBe('applied');
  return entry.action.requestId;
}

const intake = (
  type: 'rectification' | 'erasure',
  subject: IntakeSubject,
  note?: string,
): ActionIntentInput => ({
  kind: 'request.intake',
  payload: { type, jurisdiction: 'gdpr', receivedOn: '2026-01-05', channel: 'email', subject, note },
});

async function verifiedAndApproved(requestId: string, corrects?: ('displayName' | 'email')[]): Promise<void> {
  const points = corrects ? (['username', 'employee_id'] as const) : (['email', 'employee_id'] as const);
  await applied({
    kind: 'request.verify',
    requestId,
    payload: { points: [...points], ...(corrects ? { corrects } : {}) },
  });
  await applied({ kind: 'request.approve', requestId, payload: {} });
}

beforeAll(async () => {
  backend = await startBackend({ seed: { users: 12, events: 2000, seed: 21 } });
  root = mkdtempSync(join(tmpdir(), 'zta-erasure-anon-'));
  // The organisation anonymises profiles and devices (and events) instead of deleting them.
  await setErasurePolicy(backend, {
    profile: { action: 'anonymise' },
    devices: { action: 'anonymise' },
    access_events: { action: 'anonymise' },
    request_history: { action: 'delete' },
  });
});
afterAll(async () => {
  c?.db.close();
  await backend?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('erasure under a policy that anonymises the profile and the devices', () => {
  it('purges what names the person (views, files, bundles, outbox payloads); keeps the anonymised rows', async () => {
    const dir = join(root, 'console');
    mkdirSync(join(dir, 'exports'), { recursive: true });
    c = new SimConsole({
      path: join(dir, 'cache.sqlite'),
      backendUrl: backend.url,
      token: backend.tokens.approver,
      adminName: 'Ada',
    });
    expect(await c.sync()).toBe(true);
    const top = c.db
      .prepare(
        `SELECT e.subject_id AS id FROM access_events e JOIN subjects s ON s.id = e.subject_id
          WHERE json_extract(s.data, '$.restricted') = 0 AND json_array_length(s.data, '$.devices') > 0
          GROUP BY e.subject_id ORDER BY count(*) DESC LIMIT 1`,
      )
      .get() as { id: string };
    const original = subjectIn(top.id)!;

    // Casework about them through this console's outbox: an intake by email with a note naming
    // them, a correction of their name and email, an erasure entered by username.
    const rectification = await applied(
      intake('rectification', { by: 'email', email: original.email }, `Phoned by ${original.displayName}`),
    );
    await verifiedAndApproved(rectification, ['displayName', 'email']);
    const corrected = { displayName: 'Corrected Quillfeather', email: 'quillfeather.corrected@example.test' };
    await applied({ kind: 'rectification.apply', requestId: rectification, payload: { changes: corrected } });
    expect(subjectIn(original.id)).toMatchObject(corrected);

    // A second correction, approved but not sent: held in Needs attention when the erasure lands.
    const second = await applied(intake('rectification', { by: 'id', id: original.id }));
    await verifiedAndApproved(second, ['email']);
    const unsent = c.submit({
      kind: 'rectification.apply',
      requestId: second,
      payload: { changes: { email: 'another.fix@example.test' } },
    });
    c.db
      .prepare('UPDATE outbox SET attention_at = ? WHERE id = ?')
      .run(new Date().toISOString(), unsent.action.id);

    const erasure = await applied(intake('erasure', { by: 'username', username: original.username }));
    await verifiedAndApproved(erasure);
    await applied({
      kind: 'request.note',
      requestId: erasure,
      payload: { text: `Confirmed with ${original.username}` },
    });

    // What else this machine holds of them: saved views, an export file, a sealed bundle.
    const person = subjectIn(original.id)!;
    const terms = [
      ...new Set([...identifiersOf(original), ...identifiersOf(person), 'another.fix@example.test']),
    ];
    saveView(c.db, { name: `Watch ${person.displayName}`, query: { text: person.email } });
    saveView(c.db, { name: 'By device', query: { deviceId: person.devices[0]!.id } });
    saveView(c.db, { name: 'Unrelated', query: { text: 'nobody-in-particular' } });
    writeFileSync(
      join(dir, 'exports', 'logs.csv'),
      `time,username,device\n2026-01-01,${person.username},${person.devices[0]!.name}\n`,
    );
    writeFileSync(join(dir, 'exports', 'other.csv'), 'time,username\n2026-01-01,someone-else\n');
    const bundle = join(dir, 'exports', 'bundle.zip.sealed');
    writeFileSync(bundle, Buffer.from('sealed bytes: nothing readable'));
    recordExport(c.db, {
      id: '019d0000-0000-7000-8000-00000000b001',
      subjectId: person.id,
      requestId: null,
      path: bundle,
      createdAt: new Date().toISOString(),
      bytes: 30,
      sha256: '0'.repeat(64),
      encrypted: true,
      caughtUp: true,
      dataAsOf: { lastCompleteSyncAt: null, caughtUp: true, streams: [] },
    });
    // The worker registers the registry's cleaner (cache-worker.ts); so does this console.
    const unregister = registerSubjectPurgeHook((db, subjectId) => {
      purgeSubjectExports(db, subjectId);
    });
    expect(scanForTerms(c.db, dir, terms).length).toBeGreaterThan(0);

    // The erasure, pushed and pulled back.
    await applied({ kind: 'erasure.execute', requestId: erasure, payload: {} });
    unregister();
    const receipt = receiptOfRequest(c.db, erasure)!;
    expect(receipt.outcomes.map((o) => [o.dataset, o.action])).toEqual([
      ['profile', 'anonymised'],
      ['devices', 'anonymised'],
      ['access_events', 'anonymised'],
      ['request_history', 'deleted'],
    ]);

    // Nothing names them: no table (FTS5 shadow tables included), no file.
    expect(scanForTerms(c.db, dir, terms)).toEqual([]);
    // The anonymised profile and events stay, countable under their tokens.
    const anonymised = subjectIn(person.id)!;
    expect(isAnonymisedValue(anonymised.username)).toBe(true);
    expect(anonymised.devices.every((d) => isAnonymisedValue(d.id) && isAnonymisedValue(d.name))).toBe(true);
    const anonEvents = c.db
      .prepare('SELECT count(*) AS n FROM access_events WHERE username = ?')
      .get(anonymised.username) as { n: number };
    expect(anonEvents.n).toBeGreaterThan(10);
    // Views, the export naming them and their bundle are gone; the unrelated ones stay.
    expect(c.db.prepare('SELECT name FROM saved_views').pluck().all()).toEqual(['Unrelated']);
    expect(existsSync(join(dir, 'exports', 'logs.csv'))).toBe(false);
    expect(existsSync(join(dir, 'exports', 'other.csv'))).toBe(true);
    expect(existsSync(bundle)).toBe(false);
    expect(c.db.prepare('SELECT count(*) AS n FROM export_bundles').get()).toEqual({ n: 0 });
    expect(c.db.prepare('SELECT count(*) AS n FROM purge_queue').get()).toEqual({ n: 0 });

    // The outbox keeps every action's id, kind and status; the values left the payloads.
    const list = c.outbox.list(100);
    const fix = list.recent.find((e) => e.action.kind === 'rectification.apply' && e.status === 'applied')!;
    expect(fix.action.payload).toEqual({
      changes: { displayName: ERASED_TEXT, email: 'erased@anonymised.invalid' },
    });
    const intakes = list.recent.filter((e) => e.action.kind === 'request.intake');
    expect(intakes).toHaveLength(3);
    for (const e of intakes) expect(e.action.payload).toMatchObject({ subject: { by: 'id', id: person.id } });
    // The unsent correction: discarded with a reason, audited, never pushed.
    expect(c.outbox.get(unsent.action.id)).toMatchObject({
      status: 'rejected',
      rejectionCode: DISCARDED_CODE,
      rejectionMessage: SUBJECT_ERASED_MESSAGE,
      attentionAt: null,
    });
    const audited = c.db
      .prepare("SELECT detail FROM audit_log WHERE event = 'action.discarded' AND ref = ?")
      .pluck()
      .get(unsent.action.id) as string;
    expect(JSON.parse(audited)).toMatchObject({ kind: 'rectification.apply', reason: 'subject_erased' });
    expect(verifyAuditChain(c.db)).toMatchObject({ ok: true });
    expect(c.outbox.pendingCount()).toBe(0);
  });
});
