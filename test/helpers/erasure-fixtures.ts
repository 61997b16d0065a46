// Shared by the erasure tests: push actions to the real backend over HTTP, make an approved
// erasure request for a person, and search every table of the backend database for text.
import { v7 as uuidv7 } from 'uuid';
import { PushReply, type Outcome } from '../../shared/push-protocol';
import type { Role, Subject } from '../../shared/domain';
import type { RunningBackend } from '../../backend/index';
import { loadOrgSettingsRecord } from '../../backend/org-settings';
import { ORG_SETTINGS_TARGET } from '../../shared/org-settings';
import { expect } from 'vitest';

/** Where to push: a running backend's URL and its clear tokens per role. */
export interface BackendAddress {
  url: string;
  tokens: Record<Role, string>;
}

export async function push(backend: BackendAddress, role: Role, actions: unknown[]): Promise<Outcome[]> {
  const res = await fetch(`${backend.url}/v1/actions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${backend.tokens[role]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ actions }),
  });
  if (res.status !== 200) throw new Error(`push answered ${res.status}`);
  return PushReply.parse(await res.json()).outcomes;
}

export function action(kind: string, requestId: string, payload: unknown) {
  return { id: uuidv7(), kind, requestId, baseVersion: 0, payload, createdAt: new Date().toISOString() };
}

/** An erasure request for `subjectId`, entered, verified and approved (ready to execute). */
export async function approvedErasure(backend: RunningBackend, subjectId: string): Promise<string> {
  const requestId = uuidv7();
  const steps = [
    action('request.intake', requestId, {
      type: 'erasure',
      jurisdiction: 'gdpr',
      receivedOn: '2026-01-02',
      channel: 'email',
      subject: { by: 'id', id: subjectId },
    }),
    action('request.verify', requestId, { points: ['email', 'employee_id'] }),
    action('request.approve', requestId, {}),
  ];
  for (const a of steps) {
    const [o] = await push(backend, 'approver', [a]);
    if (o?.outcome !== 'applied') throw new Error(`${a.kind}: ${JSON.stringify(o)}`);
  }
  return requestId;
}

/** The person's identifiers an erasure must leave nowhere: username, email, name, devices. */
export function identifiersOf(s: Subject): string[] {
  const terms = [s.username, s.email, s.displayName, ...s.devices.flatMap((d) => [d.name, d.id])];
  if (s.employeeId) terms.push(s.employeeId);
  return [...new Set(terms.filter((t) => t.length >= 4))];
}

/** Every table of the backend's public schema, searched as row text for each term. */
export async function searchBackend(
  backend: RunningBackend,
  terms: readonly string[],
): Promise<{ table: string; term: string; n: number }[]> {
  const tables = await backend.db.query<{ t: string }>(
    `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const hits: { table: string; term: string; n: number }[] = [];
  for (const { t } of tables) {
    for (const term of terms) {
      const rows = await backend.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${t} AS r WHERE strpos(lower(r::text), lower($1)) > 0`,
        [term],
      );
      const n = Number(rows[0]?.n ?? 0);
      if (n > 0) hits.push({ table: t, term, n });
    }
  }
  return hits;
}

/** The organisation's erasure policy set by its owner (a `settings.update` through the backend). */
export async function setErasurePolicy(backend: RunningBackend, erasurePolicy: unknown): Promise<void> {
  const record = await loadOrgSettingsRecord(backend.db, backend.orgId);
  const [o] = await push(backend, 'owner', [
    action('settings.update', ORG_SETTINGS_TARGET, {
      settings: { ...record.settings, erasurePolicy },
      fromVersion: record.version,
    }),
  ]);
  expect(o).toMatchObject({ outcome: 'applied' });
}
