// The organisation's settings stream (issue 11) on the real backend (PGlite) with two in-process
// consoles (the worker's store, outbox and engine on encrypted caches): an owner's change goes
// through the outbox, and a second console syncs it; a non-owner and a stale version are refused.
import { DEMO_DISCLOSURES } from '../../shared/demo-disclosures';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { loadOrgSettings } from '../../backend/org-settings';
import { readOrgSettings, readOrgSettingsRecord } from '../../main/core/cache/org-settings';
import { DEFAULT_ORG_SETTINGS, ORG_SETTINGS_TARGET, type OrgSettings } from '../../shared/org-settings';
import { SimConsole } from '../helpers/console-sim';

let backend: RunningBackend;
let dir: string;
const consoles: SimConsole[] = [];

function consoleAs(role: 'owner' | 'approver', name: string): SimConsole {
  const c = new SimConsole({
    path: join(dir, `${name}.sqlite`),
    backendUrl: backend.url,
    token: backend.tokens[role],
    adminName: name,
  });
  consoles.push(c);
  return c;
}

const changed = (over: Partial<OrgSettings>): OrgSettings => ({ ...DEFAULT_ORG_SETTINGS, ...over });

beforeAll(async () => {
  backend = await startBackend({ seed: { users: 5, events: 20, seed: 3 } });
  dir = mkdtempSync(join(tmpdir(), 'zta-org-settings-'));
});
afterAll(async () => {
  for (const c of consoles) c.db.close();
  await backend?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('org_settings stream and settings.update', () => {
  it('serves the seeded settings (the privacy policy disclosures); an owner saves through the outbox; another console syncs it', async () => {
    const owner = consoleAs('owner', 'owner-a');
    const other = consoleAs('approver', 'approver-b');
    const seeded = { ...DEFAULT_ORG_SETTINGS, disclosures: DEMO_DISCLOSURES };
    expect(await loadOrgSettings(backend.db, backend.orgId)).toEqual(seeded);
    expect(await owner.sync()).toBe(true);
    expect(readOrgSettingsRecord(owner.db)).toMatchObject({ version: 1, settings: seeded });

    const next = changed({
      inactivityDays: 45,
      erasurePolicy: {
        ...DEFAULT_ORG_SETTINGS.erasurePolicy,
        request_history: { action: 'retain', citation: 'gdpr-17-3-e', keepUntil: '2028-12-31' },
      },
      recipients: [{ id: 'payroll', name: 'Payroll processor', contact: 'privacy@payroll.example' }],
    });
    const entry = owner.submit({ kind: 'settings.update', payload: { settings: next, fromVersion: 1 } });
    expect(entry.action.requestId).toBe(ORG_SETTINGS_TARGET);
    expect(await owner.sync()).toBe(true);
    expect(owner.outbox.get(entry.action.id)?.status).toBe('applied');
    const ownerName = (
      await backend.db.query<{ name: string }>(
        "SELECT name FROM admins WHERE role = 'owner' AND org_id = $1",
        [backend.orgId],
      )
    )[0]?.name;
    expect(readOrgSettingsRecord(owner.db)).toMatchObject({ version: 2, updatedBy: ownerName });
    expect(await loadOrgSettings(backend.db, backend.orgId)).toEqual(next);

    expect(await other.sync()).toBe(true);
    expect(readOrgSettings(other.db)).toEqual(next);
    expect(readOrgSettingsRecord(other.db).version).toBe(2);
  });

  it('refuses a non-owner (NOT_PERMITTED) and a change edited from an older version (STALE_VERSION)', async () => {
    const approver = consoleAs('approver', 'approver-c');
    const owner = consoleAs('owner', 'owner-d');
    await approver.sync();
    await owner.sync();
    const version = readOrgSettingsRecord(owner.db).version;

    const byApprover = approver.submit({
      kind: 'settings.update',
      payload: { settings: changed({ inactivityDays: 7 }), fromVersion: version },
    });
    await approver.sync();
    expect(approver.outbox.get(byApprover.action.id)).toMatchObject({
      status: 'rejected',
      rejectionCode: 'NOT_PERMITTED',
    });

    const first = owner.submit({
      kind: 'settings.update',
      payload: { settings: changed({ inactivityDays: 60 }), fromVersion: version },
    });
    const stale = owner.submit({
      kind: 'settings.update',
      payload: { settings: changed({ inactivityDays: 90 }), fromVersion: version },
    });
    await owner.sync();
    expect(owner.outbox.get(first.action.id)?.status).toBe('applied');
    expect(owner.outbox.get(stale.action.id)).toMatchObject({
      status: 'rejected',
      rejectionCode: 'STALE_VERSION',
    });
    expect(readOrgSettings(owner.db).inactivityDays).toBe(60);
    expect((await loadOrgSettings(backend.db, backend.orgId)).inactivityDays).toBe(60);
  });

  it('refuses an invalid policy by name: an unknown dataset, a retain without citation', async () => {
    const owner = consoleAs('owner', 'owner-e');
    await owner.sync();
    const version = readOrgSettingsRecord(owner.db).version;
    const bad = (policy: unknown) => () =>
      owner.submit({
        kind: 'settings.update',
        payload: {
          settings: { ...DEFAULT_ORG_SETTINGS, erasurePolicy: policy } as OrgSettings,
          fromVersion: version,
        },
      });
    expect(bad({ ...DEFAULT_ORG_SETTINGS.erasurePolicy, backups: { action: 'delete' } })).toThrow(/backups/);
    expect(
      bad({ ...DEFAULT_ORG_SETTINGS.erasurePolicy, profile: { action: 'retain', keepUntil: '2030-01-01' } }),
    ).toThrow();
  });
});
