// The organisation's member state and time zone reach the legal rules on both sides (issue 13):
// an owner saves them through the outbox (settings.update), the backend reads them for every
// action, and a console applies them before queueing once it has synced them. In-process consoles
// (the worker's store, outbox and engine on encrypted caches) against the real backend (PGlite).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { legalContextFor, legalSettingsFor } from '../../backend/legal-settings';
import { loadOrgSettings } from '../../backend/org-settings';
import { readOrgSettingsRecord } from '../../main/core/cache/org-settings';
import { legalSettingsOf } from '../../main/core/legal-settings';
import { todayIn } from '../../shared/clocks/zone';
import { PrivacyRequest } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { SimConsole } from '../helpers/console-sim';

const LA = 'America/Los_Angeles';
let backend: RunningBackend;
let dir: string;
const consoles: SimConsole[] = [];

function consoleAs(role: 'owner' | 'approver', name: string, skewMs = 0): SimConsole {
  const c = new SimConsole({
    path: join(dir, `${name}.sqlite`),
    backendUrl: backend.url,
    token: backend.tokens[role],
    adminName: name,
    skewMs,
  });
  consoles.push(c);
  return c;
}
const mirrored = (c: SimConsole, id: string) => {
  const row = c.db.prepare('SELECT data FROM requests WHERE id = ?').get(id) as { data: string } | undefined;
  return row ? PrivacyRequest.parse(JSON.parse(row.data)) : null;
};

beforeAll(async () => {
  backend = await startBackend({ seed: { users: 5, events: 20, seed: 7 } });
  dir = mkdtempSync(join(tmpdir(), 'zta-legal-settings-'));
});
afterAll(async () => {
  for (const c of consoles) c.close();
  await backend?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('member state and time zone from the synced settings', () => {
  it('an owner sets DE and Los Angeles; the backend and the consoles apply them', async () => {
    const owner = consoleAs('owner', 'owner');
    expect(await owner.sync()).toBe(true);
    const record = readOrgSettingsRecord(owner.db);
    owner.submit({
      kind: 'settings.update',
      payload: {
        settings: { ...record.settings, memberState: 'DE', timeZone: LA },
        fromVersion: record.version,
      },
    });
    expect(await owner.sync()).toBe(true);
    expect(await loadOrgSettings(backend.db, backend.orgId)).toMatchObject({
      memberState: 'DE',
      timeZone: LA,
    });

    // The backend's rule context: 20 April 21:30 in Los Angeles is 21 April in UTC.
    expect(await legalSettingsFor(backend.db, backend.orgId)).toEqual({ memberState: 'DE', timeZone: LA });
    expect(await legalContextFor(backend.db, backend.orgId, new Date('2026-04-21T04:30:00Z'))).toEqual({
      today: '2026-04-20',
      memberState: 'DE',
    });
    // The console's, once synced.
    expect(legalSettingsOf(owner.db)).toEqual({ memberState: 'DE', timeZone: LA });

    // Two GDPR requests entered by hand: one month from 1 Dec 2025 ends on New Year's Day, a
    // public holiday in DE → Fri 2 Jan 2026; one month from 28 Nov 2025 ends Sun 28 Dec → Mon 29 Dec.
    const subject = (owner.db.prepare('SELECT id FROM subjects LIMIT 1').get() as { id: string }).id;
    const enter = (receivedOn: string) =>
      owner.submit({
        kind: 'request.intake',
        payload: {
          subject: { by: 'id', id: subject },
          type: 'access',
          jurisdiction: 'gdpr',
          receivedOn,
          channel: 'letter',
        },
      }).action.requestId;
    const holiday = enter('2025-12-01');
    const plain = enter('2025-11-28');
    expect(await owner.sync()).toBe(true);

    // A console whose clock says 2 Jan 2026, 12:00 in Los Angeles.
    const approver = consoleAs('approver', 'approver', Date.parse('2026-01-02T20:00:00Z') - Date.now());
    expect(await approver.sync()).toBe(true);
    expect(mirrored(approver, holiday)).not.toBeNull();
    const extend = (requestId: string) =>
      approver.submit({ kind: 'request.extend', requestId, payload: { reason: 'Three systems to search.' } });
    // Still in time thanks to the DE holiday (weekends only, it would have ended on 1 Jan).
    expect(extend(holiday).status).toBe('pending');
    let refused: unknown;
    try {
      extend(plain);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toMatch(/by 2025-12-29; it is 2026-01-02/);

    // A response is dated in Los Angeles, by the backend.
    owner.submit({ kind: 'request.approve', requestId: plain, payload: {} });
    owner.submit({
      kind: 'export.delivered',
      requestId: plain,
      payload: { bundleSha256: 'e'.repeat(64), deliveredVia: 'portal' },
    });
    expect(await owner.sync()).toBe(true);
    expect(await owner.sync()).toBe(true);
    expect(mirrored(owner, plain)).toMatchObject({ status: 'completed', respondedOn: todayIn(LA) });
  });
});
