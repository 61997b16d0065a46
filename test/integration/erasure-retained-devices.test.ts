// Erasure under a policy that RETAINS the profile (with its exemption) and DELETES the devices
// (issue 11), end to end on the real backend (PGlite) and a console on an encrypted cache. The
// profile's upsert carries no anonymisation token, so nothing but the run's `erased` entry says
// it was an erasure: the device ids and names it removes must still reach the purge — the saved
// view, the export file and the sealed bundle naming them go — while a person merely losing a
// device keeps their saved view.
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
import { Subject } from '../../shared/domain';
import { SimConsole } from '../helpers/console-sim';
import { approvedErasure, setErasurePolicy } from '../helpers/erasure-fixtures';

let backend: RunningBackend;
let root: string;
let c: SimConsole;

const subjectIn = (id: string): Subject | null => {
  const row = c.db.prepare('SELECT data FROM subjects WHERE id = ?').get(id) as { data: string } | undefined;
  return row ? Subject.parse(JSON.parse(row.data)) : null;
};
const deviceTerms = (s: Subject) => s.devices.flatMap((d) => [d.id, d.name]).filter((t) => t.length >= 4);

beforeAll(async () => {
  backend = await startBackend({ seed: { users: 12, events: 1500, seed: 33 } });
  root = mkdtempSync(join(tmpdir(), 'zta-erasure-devices-'));
  await setErasurePolicy(backend, {
    profile: { action: 'retain', citation: 'gdpr-17-3-b', keepUntil: '2032-12-31' },
    devices: { action: 'delete' },
    access_events: { action: 'anonymise' },
    request_history: { action: 'delete' },
  });
});
afterAll(async () => {
  c?.db.close();
  await backend?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('erasure under a policy that retains the profile and deletes the devices', () => {
  it('purges what names the removed devices; an ordinary device removal purges nothing', async () => {
    const dir = join(root, 'console');
    mkdirSync(join(dir, 'exports'), { recursive: true });
    c = new SimConsole({
      path: join(dir, 'cache.sqlite'),
      backendUrl: backend.url,
      token: backend.tokens.approver,
      adminName: 'Ada',
    });
    expect(await c.sync()).toBe(true);
    const [personId, otherId] = c.db
      .prepare(
        `SELECT id FROM subjects WHERE json_extract(data, '$.restricted') = 0
            AND json_array_length(data, '$.devices') > 1 ORDER BY id LIMIT 2`,
      )
      .pluck()
      .all() as string[];
    const person = subjectIn(personId!)!;
    const other = subjectIn(otherId!)!;
    const terms = deviceTerms(person);
    expect(terms.length).toBeGreaterThanOrEqual(4);

    // What this machine holds of the person's devices: a saved view by device id, an export file
    // naming a device by name only, a sealed bundle of theirs. And a view of the other person's device.
    saveView(c.db, { name: 'By device', query: { deviceId: person.devices[0]!.id } });
    saveView(c.db, { name: 'Other device', query: { deviceId: other.devices[0]!.id } });
    writeFileSync(
      join(dir, 'exports', 'devices.csv'),
      `time,device\n2026-01-01,${person.devices[1]!.name}\n`,
    );
    const bundle = join(dir, 'exports', 'bundle.zip.sealed');
    writeFileSync(bundle, Buffer.from('sealed bytes: nothing readable'));
    recordExport(c.db, {
      id: '019d0000-0000-7000-8000-00000000d001',
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
    const unregister = registerSubjectPurgeHook((db, subjectId) => {
      purgeSubjectExports(db, subjectId);
    });
    expect(scanForTerms(c.db, dir, terms).length).toBeGreaterThan(0);

    const requestId = await approvedErasure(backend, person.id);
    expect(await c.sync()).toBe(true);
    // The other person loses a device in the backend (an ordinary change), then the erasure is
    // pushed by this console: both are pulled back in one run.
    await backend.db.query(
      `UPDATE subjects SET devices = $3::jsonb, seq = next_seq($1), updated_at = now()
        WHERE org_id = $1 AND id = $2`,
      [backend.orgId, other.id, JSON.stringify(other.devices.slice(1))],
    );
    c.submit({ kind: 'erasure.execute', requestId, payload: {} });
    expect(await c.sync()).toBe(true);
    unregister();
    expect(c.db.prepare("SELECT status FROM outbox WHERE kind = 'erasure.execute'").pluck().get()).toBe(
      'applied',
    );
    expect(receiptOfRequest(c.db, requestId)!.outcomes.map((o) => [o.dataset, o.action])).toEqual([
      ['profile', 'retained'],
      ['devices', 'deleted'],
      ['access_events', 'anonymised'],
      ['request_history', 'deleted'],
    ]);

    // The retained profile stays, without devices; nothing names the devices any more.
    expect(subjectIn(person.id)).toMatchObject({ username: person.username, devices: [] });
    expect(scanForTerms(c.db, dir, terms)).toEqual([]);
    expect(existsSync(join(dir, 'exports', 'devices.csv'))).toBe(false);
    expect(existsSync(bundle)).toBe(false);
    // The other person's device went from their profile, their saved view stays, nothing is queued.
    expect(subjectIn(other.id)!.devices).toHaveLength(other.devices.length - 1);
    expect(c.db.prepare('SELECT name FROM saved_views').pluck().all()).toEqual(['Other device']);
    expect(c.db.prepare('SELECT count(*) AS n FROM purge_queue').get()).toEqual({ n: 0 });
  });
});
