// The reports from the records the console caches: the demo organisation's history, seeded by the
// real backend (PGlite), pulled by the real sync engine into the encrypted cache, read through the
// `reports:get` / `reports:csv` channels.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { generateOrg } from '../../backend/seed/generator';
import { openCore, passphraseKeyProvider, type CoreClient } from '../../main/core/index';
import { ReportCsv, ReportView, ccpa7102Report, gdprReport } from '../../shared/reports';

const SEED = { users: 20, events: 0, seed: 4, now: new Date('2026-05-01T10:00:00Z'), history: true };
let backend: RunningBackend;
let core: CoreClient;

async function call<T>(channel: string, input: unknown, schema: { parse(v: unknown): T }) {
  const r = await core.invoke(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return schema.parse(r.value);
}

beforeAll(async () => {
  backend = await startBackend({ port: 0, seed: SEED });
  core = await openCore({
    dataDir: mkdtempSync(join(tmpdir(), 'zta-reports-core-')),
    keyProvider: passphraseKeyProvider('reports-sync'),
    app: { name: 'ZTA Privacy Console', version: '0.0.0-test', transport: 'browser' },
    autoSyncIntervalMs: 0,
  });
  expect(
    (await core.invoke('session:signIn', { backendUrl: backend.url, token: backend.tokens.owner })).ok,
  ).toBe(true);
  await core.syncNow();
}, 180_000);
afterAll(async () => {
  await core?.close();
  await backend?.close();
});

describe('reports over the synced cache', () => {
  const org = generateOrg(SEED);

  it('give the figures of the seeded records, last year and this year', async () => {
    for (const year of [2025, 2026]) {
      const ccpa = await call('reports:get', { kind: 'ccpa-7102', year }, ReportView);
      expect(ccpa).toEqual({ kind: 'ccpa-7102', report: ccpa7102Report(org.requests, year) });
      const gdpr = await call('reports:get', { kind: 'gdpr', year }, ReportView);
      expect(gdpr).toEqual({ kind: 'gdpr', report: gdprReport(org.requests, year) });
    }
    const last = await call('reports:get', { kind: 'ccpa-7102', year: 2025 }, ReportView);
    expect(Object.values(last.report.categories).every((r) => r.received > 0)).toBe(true);
  });

  it('export the table as CSV', async () => {
    const { fileName, csv } = await call('reports:csv', { kind: 'ccpa-7102', year: 2025 }, ReportCsv);
    expect(fileName).toBe('ccpa-7102-2025.csv');
    const lines = csv.split('\r\n');
    expect(lines[0]).toMatch(/^Category,Received,/);
    expect(lines.slice(1, 6).map((l) => l.split(',')[0])).toEqual([
      'Requests to know',
      'Requests to delete',
      'Requests to correct',
      'Requests to opt out of sale/sharing',
      'Requests to limit use of sensitive PI',
    ]);
  });

  it('refuse a year or kind outside the contract', async () => {
    const r = await core.invoke('reports:get', { kind: 'ccpa', year: 2025 });
    expect(r.ok ? null : r.error.code).toBe('E_VALIDATION');
    const y = await core.invoke('reports:get', { kind: 'gdpr', year: 25.5 });
    expect(y.ok ? null : y.error.code).toBe('E_VALIDATION');
  });
});
