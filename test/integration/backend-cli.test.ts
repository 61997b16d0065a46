import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { WhoAmI } from '../../shared/protocol';
import { runBackendCommand } from '../../backend/cli';
import { startBackend } from '../../backend/index';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function captureStdout<T>(fn: () => Promise<T>): Promise<{ value: T; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  try {
    return { value: await fn(), out };
  } finally {
    spy.mockRestore();
  }
}

/** The folder and every folder in it 0700, every file 0600 (no access for other local users). */
function expectOwnerOnly(dir: string): void {
  const walk = (p: string): void => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    expect(st.mode & 0o777, p).toBe(st.isDirectory() ? 0o700 : 0o600);
    if (st.isDirectory()) for (const name of readdirSync(p)) walk(join(p, name));
  };
  walk(dir);
}

describe('runBackendCommand with a data directory', () => {
  it('prints URL and tokens, writes tokens.json 0600, and reuses both on restart without reseeding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zta-backend-cli-'));
    dirs.push(dir);
    const opts = {
      port: 0,
      seedUsers: 30,
      seedEvents: 1500,
      seed: 5,
      data: dir,
      now: '2026-02-01T12:00:00Z',
    };

    const first = await captureStdout(() => runBackendCommand({ ...opts, printTokens: true }));
    const b1 = first.value;
    expect(first.out).toContain(`Backend listening on ${b1.url}`);
    for (const [role, token] of Object.entries(b1.tokens)) {
      expect(first.out).toMatch(new RegExp(`^  ${role}\\s+${token}$`, 'm'));
    }
    const file = join(dir, 'tokens.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { url: string; tokens: Record<string, string> };
    expect(saved).toEqual({ url: b1.url, tokens: b1.tokens });
    const seq1 = await b1.db.query<{ n: number }>('SELECT max(seq)::int AS n FROM access_events');
    await b1.close();
    // Issue 14, item 4: owner-only, and an existing folder left wide open is tightened on start.
    expectOwnerOnly(dir);
    chmodSync(dir, 0o777);
    chmodSync(file, 0o666);
    chmodSync(join(dir, 'pgdata', 'PG_VERSION'), 0o666);

    const second = await captureStdout(() => runBackendCommand({ ...opts, seed: 99, seedEvents: 10 }));
    const b2 = second.value;
    try {
      expectOwnerOnly(dir);
      // Issue 14, item 10: without --print-tokens the clear tokens stay off the terminal.
      expect(second.out).not.toContain(b1.tokens.owner);
      expect(second.out).toContain(`Tokens written to ${file}`);
      expect(b2.tokens).toEqual(b1.tokens);
      expect(b2.orgId).toBe(b1.orgId);
      const seq2 = await b2.db.query<{ n: number }>('SELECT max(seq)::int AS n FROM access_events');
      expect(seq2).toEqual(seq1);
      const count = await b2.db.query<{ n: number }>('SELECT count(*)::int AS n FROM access_events');
      expect(count[0]?.n).toBe(1500);
      const res = await fetch(`${b2.url}/v1/me`, {
        headers: { authorization: `Bearer ${b2.tokens.approver}` },
      });
      expect(WhoAmI.parse(await res.json()).role).toBe('approver');
      const again = JSON.parse(readFileSync(file, 'utf8')) as { url: string };
      expect(again.url).toBe(b2.url);
    } finally {
      await b2.close();
    }

    // Without tokens.json the old tokens are unknown: new ones are issued, the old stop working.
    rmSync(file);
    const third = await captureStdout(() => runBackendCommand(opts));
    const b3 = third.value;
    try {
      expect(b3.tokens.owner).not.toBe(b1.tokens.owner);
      const old = await fetch(`${b3.url}/v1/me`, { headers: { authorization: `Bearer ${b1.tokens.owner}` } });
      expect(old.status).toBe(401);
      const fresh = await fetch(`${b3.url}/v1/me`, {
        headers: { authorization: `Bearer ${b3.tokens.owner}` },
      });
      expect(fresh.status).toBe(200);
    } finally {
      await b3.close();
    }
  });
});

describe('seeded database determinism', () => {
  it('two backends with the same seed hold identical rows (ids and seqs included)', async () => {
    const seed = { users: 25, events: 800, seed: 9, now: new Date('2026-05-05T05:05:05Z') };
    const dump = async (s: typeof seed) => {
      const b = await startBackend({ seed: s });
      try {
        const rows = await b.db.query<{ t: string }>(
          `SELECT string_agg(x, E'\\n' ORDER BY x) AS t FROM (
             SELECT concat_ws('|', seq, id, to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS'), subject_id, ip, device_id, app, decision, reason) AS x FROM access_events
             UNION ALL SELECT concat_ws('|', seq, id, username, email, devices::text) FROM subjects
             UNION ALL SELECT concat_ws('|', seq, id, type, jurisdiction, status, received_on) FROM requests
             UNION ALL SELECT concat_ws('|', seq, id, request_id, kind, detail::text) FROM request_events) q`,
        );
        return rows[0]?.t ?? '';
      } finally {
        await b.close();
      }
    };
    const a = await dump(seed);
    expect(a.length).toBeGreaterThan(1000);
    expect(await dump(seed)).toBe(a);
    expect(await dump({ ...seed, seed: 10 })).not.toBe(a);
  });

  it('seed: false gives an organisation with admins and empty streams', async () => {
    const b = await startBackend({ seed: false });
    try {
      const res = await fetch(`${b.url}/v1/stats`, {
        headers: { authorization: `Bearer ${b.tokens.viewer}` },
      });
      const stats = (await res.json()) as { counts: Record<string, number>; watermark: number };
      expect(stats.counts).toEqual({ subjects: 0, access_events: 0, requests: 0, request_events: 0 });
      expect(stats.watermark).toBe(0);
      const page = await fetch(`${b.url}/v1/sync/subjects`, {
        headers: { authorization: `Bearer ${b.tokens.viewer}` },
      });
      expect(await page.json()).toMatchObject({
        reset: false,
        items: [],
        next: 0,
        hasMore: false,
        watermark: 0,
      });
    } finally {
      await b.close();
    }
  });
});
