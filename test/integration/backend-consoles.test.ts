// Issue 14, "lost laptops", backend side: an owner lists the organisation's consoles (one per
// admin token) and revokes one; approvers cannot, another organisation's console is not found,
// the revocation is in the audit trail, and the revoked token is refused at once, as revoked.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { hashToken, newEpoch, newToken } from '../../backend/auth';
import { ConsoleList, ConsoleRevokeReply, REVOKED_CODE } from '../../shared/consoles';
import { OrgAuditPage } from '../../shared/audit';
import { BackendError } from '../../shared/protocol';
import type { Role } from '../../shared/domain';

const SEED = { users: 5, events: 20, seed: 14, now: new Date('2026-01-15T09:00:00.000Z') };

let backend: RunningBackend;
/** An owner of a second organisation, and that organisation's console id. */
const other = { token: newToken(), consoleId: '' };

async function call(token: string, method: 'GET' | 'POST', path: string) {
  const res = await fetch(`${backend.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as unknown };
}
const as = (role: Role) => backend.tokens[role];

async function consoles(token: string) {
  const r = await call(token, 'GET', '/v1/consoles');
  expect(r.status).toBe(200);
  return ConsoleList.parse(r.body).consoles;
}

beforeAll(async () => {
  backend = await startBackend({ port: 0, seed: SEED, retention: false });
  const orgId = randomUUID();
  await backend.db.query('INSERT INTO orgs (id, name, epoch) VALUES ($1, $2, $3)', [
    orgId,
    'Other Ltd',
    newEpoch(),
  ]);
  await backend.db.query(
    `INSERT INTO admins (id, org_id, name, email, role, token_hash) VALUES ($1, $2, 'Olga Other', 'o@other.test', 'owner', $3)`,
    [randomUUID(), orgId, hashToken(other.token)],
  );
  other.consoleId = (await consoles(other.token))[0]!.id;
});
afterAll(async () => {
  await backend?.close();
});

describe('GET /v1/consoles', () => {
  it("lists the organisation's tokens with role, last seen, and which one is asking", async () => {
    await call(as('analyst'), 'GET', '/v1/me');
    const list = await consoles(as('owner'));
    expect(list.map((c) => c.role).sort()).toEqual(['analyst', 'approver', 'owner', 'viewer']);
    expect(list.find((c) => c.role === 'analyst')!.lastSeenAt).not.toBeNull();
    expect(list.filter((c) => c.current).map((c) => c.role)).toEqual(['owner']);
    expect(list.map((c) => c.id)).not.toContain(other.consoleId);
  });

  it('is refused to an approver (403)', async () => {
    const r = await call(as('approver'), 'GET', '/v1/consoles');
    expect(r.status).toBe(403);
  });
});

describe('POST /v1/consoles/:id/revoke', () => {
  it('is refused to an approver, and the token keeps working', async () => {
    const target = (await consoles(as('owner'))).find((c) => c.role === 'viewer')!;
    const r = await call(as('approver'), 'POST', `/v1/consoles/${target.id}/revoke`);
    expect(r.status).toBe(403);
    expect((await call(as('viewer'), 'GET', '/v1/me')).status).toBe(200);
  });

  it("refuses another organisation's console as not found, and leaves it alone", async () => {
    const r = await call(as('owner'), 'POST', `/v1/consoles/${other.consoleId}/revoke`);
    expect(r.status).toBe(404);
    expect((await call(other.token, 'GET', '/v1/me')).status).toBe(200);
  });

  it('an owner revokes a console: its token gets 401 REVOKED on every call, at once, and it is audited', async () => {
    const target = (await consoles(as('owner'))).find((c) => c.role === 'analyst')!;
    const r = await call(as('owner'), 'POST', `/v1/consoles/${target.id}/revoke`);
    expect(r.status).toBe(200);
    const revoked = ConsoleRevokeReply.parse(r.body).console;
    expect(revoked.revokedAt).not.toBeNull();
    const me = (await call(as('owner'), 'GET', '/v1/me')).body as { adminName: string };
    expect(revoked.revokedBy).toBe(me.adminName);

    for (const [method, path] of [
      ['GET', '/v1/me'],
      ['GET', '/v1/sync/requests?after=0'],
      ['POST', '/v1/actions'],
    ] as const) {
      const res = await call(as('analyst'), method, path);
      expect(res.status).toBe(401);
      expect(BackendError.parse(res.body).error.code).toBe(REVOKED_CODE);
    }
    // A token that never existed is still only "unauthorized".
    const unknown = await call(newToken(), 'GET', '/v1/me');
    expect(BackendError.parse(unknown.body).error.code).toBe('UNAUTHORIZED');
    // Other consoles carry on.
    expect((await call(as('viewer'), 'GET', '/v1/me')).status).toBe(200);

    const list = await consoles(as('owner'));
    expect(list.find((c) => c.id === target.id)!.revokedAt).toBe(revoked.revokedAt);
    const audit = OrgAuditPage.parse((await call(as('owner'), 'GET', '/v1/audit?kind=console.revoke')).body);
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]!.outcome).toBe('applied');

    // Revoking again answers the first revocation and records nothing new.
    const again = await call(as('owner'), 'POST', `/v1/consoles/${target.id}/revoke`);
    expect(ConsoleRevokeReply.parse(again.body).console.revokedAt).toBe(revoked.revokedAt);
    const audit2 = OrgAuditPage.parse((await call(as('owner'), 'GET', '/v1/audit?kind=console.revoke')).body);
    expect(audit2.entries).toHaveLength(1);
  });
});

describe('a token the operator replaced', () => {
  it('is no console any more: not listed, not revocable', async () => {
    const before = (await consoles(as('owner'))).find((c) => c.role === 'approver' && !c.revokedAt)!;
    await backend.db.query(`UPDATE admins SET token_hash = $1 WHERE role = 'approver' AND token_hash = $2`, [
      hashToken(newToken()),
      hashToken(as('approver')),
    ]);
    const after = await consoles(as('owner'));
    expect(after.map((c) => c.id)).not.toContain(before.id);
    expect(after.filter((c) => c.role === 'approver')).toHaveLength(1); // the new token, never seen
    expect((await call(as('owner'), 'POST', `/v1/consoles/${before.id}/revoke`)).status).toBe(404);
  });
});
