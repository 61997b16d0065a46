// The headless erasure path (issue 11), as real processes against the real backend:
// `sync` → `requests --json` → `erase` (refused without --yes, exit 2) → `erase --yes` → `sync`
// (pushes first, exit 0 with nothing pending) → `erase` again (prints the receipt, exit 0) →
// `erasure-scan` (no hit for the person, exit 0; a hit for someone else, exit 1).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { PrivacyRequest, Subject } from '../../shared/domain';
import { pullReplySchema } from '../../shared/protocol';
import { runCli } from '../helpers/cli-process';
import { approvedErasure, identifiersOf } from '../helpers/erasure-fixtures';

const KEY = { ZTA_CACHE_PASSPHRASE: 'cli erasure passphrase' };
let backend: RunningBackend;
let dir: string;

beforeAll(async () => {
  backend = await startBackend({ seed: { users: 12, events: 1500, seed: 21 } });
  dir = mkdtempSync(join(tmpdir(), 'zta-cli-erasure-'));
  writeFileSync(join(dir, 'tokens.json'), JSON.stringify({ url: backend.url, tokens: backend.tokens }));
  writeFileSync(join(dir, 'approver-token'), backend.tokens.approver);
});
afterAll(async () => {
  await backend?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('zta-console requests / erase / erasure-scan', () => {
  it('erases a person from the command line and proves they are gone', async () => {
    const res = await fetch(`${backend.url}/v1/sync/subjects?limit=1000`, {
      headers: { authorization: `Bearer ${backend.tokens.viewer}` },
    });
    const page = pullReplySchema('subjects').parse(await res.json());
    if (page.reset) throw new Error('reset');
    const people = page.items.flatMap((i) =>
      i.op === 'upsert' && !i.data.restricted ? [i.data as Subject] : [],
    );
    const [person, other] = people;
    const requestId = await approvedErasure(backend, person!.id);
    const cache = join(dir, 'cache');
    const sync = await runCli(
      ['sync', '--backend', backend.url, '--token-file', join(dir, 'approver-token'), '--data', cache],
      KEY,
    );
    expect(sync.stderr).toBe('');
    expect(sync.code).toBe(0);

    const listed = await runCli(['requests', '--data', cache, '--type', 'erasure', '--json'], KEY);
    expect(listed.code).toBe(0);
    const requests = (JSON.parse(listed.stdout) as unknown[]).map((r) => PrivacyRequest.parse(r));
    expect(requests.find((r) => r.id === requestId)).toMatchObject({
      status: 'approved',
      subjectId: person!.id,
    });
    expect(requests.every((r) => r.type === 'erasure')).toBe(true);
    const dates = requests.map((r) => r.receivedOn);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect((await runCli(['requests', '--data', cache, '--status', 'nonsense'], KEY)).code).toBe(2);

    const unconfirmed = await runCli(['erase', '--data', cache, '--request', requestId], KEY);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/access_events\s+anonymise/);
    expect((await runCli(['erase', '--data', cache], KEY)).code).toBe(2);

    const erase = await runCli(['erase', '--data', cache, '--request', requestId, '--yes'], KEY);
    expect(erase.stderr).toBe('');
    expect(erase.code).toBe(0);
    expect(erase.stdout).toMatch(/Queued Execute erasure/);

    const pushed = await runCli(['sync', '--data', cache], KEY);
    expect(pushed.stderr).toBe('');
    expect(pushed.code).toBe(0);

    const again = await runCli(['erase', '--data', cache, '--request', requestId, '--yes', '--json'], KEY);
    expect(again.code).toBe(0);
    const out = JSON.parse(again.stdout) as {
      status: string;
      receipt: { sha256: string; subjectId: string };
    };
    expect(out.status).toBe('already_carried_out');
    expect(out.receipt.subjectId).toBe(person!.id);
    expect(out.receipt.sha256).toMatch(/^[0-9a-f]{64}$/);

    const args = ['erasure-scan', '--data', cache, ...identifiersOf(person!).flatMap((t) => ['--term', t])];
    const clean = await runCli([...args, '--json'], KEY);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({ hits: [] });

    const hit = await runCli(['erasure-scan', '--data', cache, '--term', other!.username], KEY);
    expect(hit.code).toBe(1);
    expect(hit.stdout).toMatch(/event_contexts/);
    expect((await runCli(['erasure-scan', '--data', cache], KEY)).code).toBe(2);

    // The certificate: HTML and PDF, the subject by id only, the receipt's hash.
    const html = join(dir, 'certificate.html');
    const pdf = join(dir, 'certificate.pdf');
    const c1 = await runCli(['certificate', '--data', cache, '--request', requestId, '--out', html], KEY);
    expect(c1.stderr).toBe('');
    expect(c1.code).toBe(0);
    const text = readFileSync(html, 'utf8');
    expect(text).toContain(person!.id);
    expect(text).toContain(out.receipt.sha256);
    expect(text).toContain('Certificate of erasure');
    for (const term of identifiersOf(person!)) expect(text.toLowerCase()).not.toContain(term.toLowerCase());
    expect(
      (await runCli(['certificate', '--data', cache, '--request', requestId, '--out', pdf], KEY)).code,
    ).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(
      (
        await runCli(
          ['certificate', '--data', cache, '--request', requestId, '--out', join(dir, 'c.txt')],
          KEY,
        )
      ).code,
    ).toBe(2);
  }, 600_000);
});
