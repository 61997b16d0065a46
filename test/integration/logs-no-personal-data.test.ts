// Issue 14, item 12: the logs hold ids, counts, codes and durations — never a token, a key or a
// person's data. A realistic run with logs on — the backend seeded in a data folder, a console
// (worker threads, encrypted cache) signing in, syncing, searching people and access logs, opening
// a timeline, queueing a note that quotes an email, exporting a bundle, carrying out an erasure, and
// a few refusals (a wrong token, an input quoting an email) — then every file under both logs/
// folders is searched for every seeded username, email, display name, device name, admin name and
// email, the clear tokens, the passphrase and the free text typed. None may be there; and the logs
// must hold the lines of that run, so an empty or missing log cannot pass.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { openCore, passphraseKeyProvider, type CoreClient } from '../../main/core/index';
import { closeLogFile, openLogFile } from '../../main/core/log';
import { RequestsList } from '../../shared/contract-requests';
import { SubjectsList } from '../../shared/contract-subjects';
import { approvedErasure } from '../helpers/erasure-fixtures';
import { scanLogs } from '../helpers/log-scan';

const APP = { name: 'test', version: '0.0.0', transport: 'browser' as const };
const PASS = 'logs integration passphrase 7f3a';
const TYPED_EMAIL = 'typed.into.a.note@example.net';

let root: string;
let backend: RunningBackend;
let core: CoreClient | null = null;

async function call<T>(channel: string, input: unknown, schema?: { parse(v: unknown): T }): Promise<T> {
  const r = await core!.invoke(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return schema ? schema.parse(r.value) : (r.value as T);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zta-logs-'));
  backend = await startBackend({
    dataDir: join(root, 'backend', 'pgdata'),
    logDir: join(root, 'backend', 'logs'),
    seed: { users: 12, events: 400, seed: 14 },
  });
}, 120_000);
afterAll(async () => {
  await core?.close();
  await closeLogFile();
  await backend?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('logs', () => {
  it('hold no seeded username, email, name, token or typed text after a full run', async () => {
    // What would leak: read from the backend before anything is erased.
    const people = await backend.db.query<{
      username: string;
      email: string;
      display_name: string;
      devices: { name?: string }[];
    }>('SELECT username, email, display_name, devices FROM subjects');
    const admins = await backend.db.query<{ name: string; email: string }>('SELECT name, email FROM admins');
    const terms = [
      ...people.flatMap((p) => [p.username, p.email, p.display_name, ...p.devices.map((d) => d.name ?? '')]),
      ...admins.flatMap((a) => [a.name, a.email]),
      ...Object.values(backend.tokens),
      PASS,
      TYPED_EMAIL,
    ].filter((t) => t.length >= 5);
    expect(people.length).toBeGreaterThan(5);

    // The console as `zta-console start` runs it: its log file open, the core in its workers.
    const consoleDir = join(root, 'console');
    openLogFile(join(consoleDir, 'logs'), 'console', 'debug');
    core = await openCore({
      dataDir: consoleDir,
      keyProvider: passphraseKeyProvider(PASS),
      app: APP,
      autoSyncIntervalMs: 0,
    });

    // A wrong token first (a refusal that quotes nothing), then the owner's.
    const wrong = await core.invoke('session:signIn', {
      backendUrl: backend.url,
      token: 'not-a-real-token-123',
    });
    expect(wrong.ok).toBe(false);
    await call('session:signIn', { backendUrl: backend.url, token: backend.tokens.owner });
    await core.syncNow();

    // Searches by a person's name and email, a timeline, access-log text search. (Someone other
    // than the person erased below: the erasure's file scan would remove a log that named them,
    // and with it the evidence of the leak.)
    const someone = people[1]!;
    const found = await call('subjects:list', { search: someone.username, limit: 5 }, SubjectsList);
    const subjectId = found.subjects[0]!.id;
    await call('subjects:list', { search: someone.email, limit: 5 });
    await call('subjects:timeline', { subjectId, limit: 20 });
    await call('logs:page', { filter: { text: `"${someone.username}"` }, limit: 20 });
    // Refused inputs that quote data: an invalid filter, an unknown channel, and a search whose
    // refusal message quotes it (an unbalanced quote is not valid search syntax).
    expect(
      (await core.invoke('logs:page', { filter: { user: someone.email, bogus: someone.email } })).ok,
    ).toBe(false);
    expect((await core.invoke(`no:${someone.username}`, {})).ok).toBe(false);
    expect((await core.invoke('logs:page', { filter: { text: `"${someone.username}` } })).ok).toBe(false);

    // An action that carries free text, pushed.
    const requests = await call('requests:list', {}, RequestsList);
    const requestId = requests.rows[0]!.request.id;
    await call('actions:submit', {
      kind: 'request.note',
      requestId,
      payload: { text: `Called ${someone.display_name} back at ${TYPED_EMAIL}` },
    });
    await core.syncNow();

    // An export bundle of the person.
    await call('exports:bundle', {
      operationId: randomUUID(),
      subjectId,
      requestId: null,
      outPath: join(root, 'bundle.zip'),
      encryption: { mode: 'none' },
    });

    // An erasure of another person: approved at the backend, carried out from the console, purged
    // on the next sync.
    const erased = await call('subjects:list', { search: people[0]!.username, limit: 5 }, SubjectsList);
    const erasureId = await approvedErasure(backend, erased.subjects[0]!.id);
    await core.syncNow();
    await call('actions:submit', { kind: 'erasure.execute', requestId: erasureId, payload: {} });
    await core.syncNow();
    await core.syncNow();

    await core.close();
    core = null;
    await closeLogFile();
    await backend.close();

    const scan = scanLogs([consoleDir, join(root, 'backend')], terms);
    expect(scan.files).toBeGreaterThanOrEqual(2);
    // The run is in the logs: the console's scopes and the backend's replies.
    for (const line of [
      '"msg":"sync done"',
      '"msg":"pushed"',
      '"msg":"bundle made"',
      '"msg":"erased people purged"',
      '"msg":"invalid input"',
      '"msg":"cache opened"',
      '"route":"/v1/actions"',
      '"status":401',
    ])
      expect(scan.text, line).toContain(line);
    // …and nothing of anyone.
    expect(scan.leaks).toEqual([]);
  }, 180_000);
});
