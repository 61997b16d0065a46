// The console's Erasures list (issue 11) reads the organisation's receipts from the real backend:
// a retention erasure (no request) is there beside a request-triggered one, newest first,
// filtered by trigger, and carries only ids, outcomes and the receipt's SHA-256.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { openCore, passphraseKeyProvider, type CoreClient } from '../../main/core/index';
import { ErasureList } from '../../shared/erasure-list';
import { receiptIsIntact } from '../../shared/erasure';
import { action, approvedErasure, push } from '../helpers/erasure-fixtures';

const PASS = 'correct horse battery staple';
const APP = { name: 'test', version: '0.0.0', transport: 'browser' as const };
let backend: RunningBackend;
let core: CoreClient;

async function list(input: unknown): Promise<ErasureList> {
  const r = await core.invoke('erasures:org', input);
  if (!r.ok) throw new Error(`erasures:org: ${r.error.code} ${r.error.message}`);
  return ErasureList.parse(r.value);
}

beforeAll(async () => {
  // The demo's leavers: at 20 users, one past the inactivity window, erased by retention at start.
  backend = await startBackend({ port: 0, seed: { users: 20, events: 1000, seed: 7 } });
  core = await openCore({
    dataDir: mkdtempSync(join(tmpdir(), 'zta-erasures-')),
    keyProvider: passphraseKeyProvider(PASS),
    app: APP,
    autoSyncIntervalMs: 0,
  });
}, 120_000);
afterAll(async () => {
  await core?.close();
  await backend?.close();
});

describe('the Erasures list', () => {
  it('needs a session', async () => {
    const r = await core.invoke('erasures:org', {});
    expect(r.ok).toBe(false);
  });

  it('shows erasures by retention and by request alike, newest first', async () => {
    expect(
      (await core.invoke('session:signIn', { backendUrl: backend.url, token: backend.tokens.viewer })).ok,
    ).toBe(true);
    const atStart = await list({});
    expect(atStart.receipts).toHaveLength(1);
    const retention = atStart.receipts[0]!;
    expect(retention).toMatchObject({ trigger: 'retention', requestId: null, carriedOutBy: 'retention' });
    expect(retention.outcomes).toHaveLength(4);
    expect(await receiptIsIntact(retention)).toBe(true);

    // An erasure request carried out now joins the list, first.
    const subjects = await backend.db.query<{ id: string }>(
      'SELECT id::text AS id FROM subjects WHERE NOT deleted AND NOT restricted AND deactivated_at IS NULL ORDER BY id LIMIT 1',
    );
    const requestId = await approvedErasure(backend, subjects[0]!.id);
    const [outcome] = await push(backend, 'approver', [action('erasure.execute', requestId, {})]);
    expect(outcome).toMatchObject({ outcome: 'applied' });
    const both = await list({});
    expect(both.receipts.map((r) => [r.trigger, r.requestId])).toEqual([
      ['request', requestId],
      ['retention', null],
    ]);
    expect((await list({ trigger: 'retention' })).receipts.map((r) => r.id)).toEqual([retention.id]);
    const firstPage = await list({ limit: 1 });
    expect(firstPage.receipts).toHaveLength(1);
    expect((await list({ limit: 1, before: firstPage.next! })).receipts.map((r) => r.id)).toEqual([
      retention.id,
    ]);
  });
});
