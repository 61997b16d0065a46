// A started demo backend has already applied retention to its leavers (issue 11): those
// deactivated longer than the inactivity window are erased with receipts of trigger `retention`;
// those within it are kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { generateOrg } from '../../backend/seed/generator';
import { DEFAULT_ORG_SETTINGS } from '../../shared/org-settings';
import { receiptIsIntact, type ErasureReceipt } from '../../shared/erasure';

const SEED = { users: 40, events: 1000, seed: 12 };
let backend: RunningBackend;

beforeAll(async () => {
  backend = await startBackend({ seed: SEED });
});
afterAll(async () => {
  await backend?.close();
});

describe('the demo organisation at start', () => {
  it('has erased the leavers past the window by retention and kept the others', async () => {
    const meta = await backend.db.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'seed'`);
    const now = new Date((JSON.parse(meta[0]!.value) as { now: string }).now);
    const g = generateOrg({ ...SEED, now });
    const windowMs = DEFAULT_ORG_SETTINGS.inactivityDays * 86_400_000;
    const leavers = g.subjects.filter((s) => s.deactivatedAt);
    const past = leavers.filter((s) => now.getTime() - Date.parse(s.deactivatedAt!) > windowMs);
    const within = leavers.filter((s) => !past.includes(s));
    expect(past.length).toBeGreaterThan(0);
    expect(within.length).toBeGreaterThan(0);

    const receipts = await backend.db.query<{
      subject_id: string;
      request_id: string | null;
      receipt: ErasureReceipt;
    }>('SELECT subject_id::text AS subject_id, request_id, receipt FROM erasure_receipts');
    expect(receipts.map((r) => r.subject_id).sort()).toEqual(past.map((s) => s.id).sort());
    for (const r of receipts) {
      expect(r.request_id).toBeNull();
      expect(r.receipt).toMatchObject({ trigger: 'retention', requestId: null });
      expect(await receiptIsIntact(r.receipt)).toBe(true);
    }
    const live = await backend.db.query<{ id: string }>(
      'SELECT id::text AS id FROM subjects WHERE NOT deleted AND deactivated_at IS NOT NULL',
    );
    expect(live.map((r) => r.id).sort()).toEqual(within.map((s) => s.id).sort());
  });
});
