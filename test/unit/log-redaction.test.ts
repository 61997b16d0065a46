// The console's log (main/core/log.ts): what a careless call would leak is censored or never
// serialised, ids stay; the file is 0600 in a 0700 folder; a worker thread's lines reach the
// main side's file; the files rotate by size and the oldest go.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  closeLogFile,
  errorFields,
  log,
  logLevelFromEnv,
  logToParent,
  openLogFile,
  writeWorkerLine,
} from '../../main/core/log';

const SECRETS = {
  token: 'tok_5ecr3t-bearer-value',
  email: 'jane.roe@example.org',
  username: 'jroe-secret-user',
  passphrase: 'correct horse battery staple',
  displayName: 'Jane Roe-Secretname',
};
const ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

const dirs: string[] = [];
const newDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'zta-log-'));
  dirs.push(d);
  return join(d, 'logs');
};
const readAll = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('');

afterEach(async () => {
  await closeLogFile();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('console log', () => {
  it('censors secrets and personal data at any depth, keeps ids, counts and codes', async () => {
    const dir = newDir();
    openLogFile(dir, 'console', 'info');
    log('sync').info(
      {
        subjectId: ID,
        count: 3,
        token: SECRETS.token,
        headers: { authorization: `Bearer ${SECRETS.token}`, cookie: `zta=${SECRETS.token}` },
        subject: { email: SECRETS.email, username: SECRETS.username, displayName: SECRETS.displayName },
        input: { unlock: { passphrase: SECRETS.passphrase } },
      },
      'synced',
    );
    // An error whose message quotes data: only its type, code and frames are written.
    const err = Object.assign(new Error(`no such user ${SECRETS.email}`), { code: 'E_NOT_FOUND' });
    log('sync').error({ err }, 'failed');
    // A zod error: the issue paths and codes, never the received value its message may quote.
    const zerr = z.object({ email: z.email() }).safeParse({ email: `${SECRETS.username} at home` }).error!;
    log('contract').warn({ err: zerr }, 'invalid input');
    await closeLogFile();

    const text = readAll(dir);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ scope: 'sync', subjectId: ID, count: 3, msg: 'synced' });
    expect(lines[0]).not.toHaveProperty('hostname');
    expect(lines[1]).toMatchObject({ err: { type: 'Error', code: 'E_NOT_FOUND' } });
    expect(lines[2]).toMatchObject({ err: { type: 'ZodError', issues: [{ path: ['email'] }] } });
  });

  it('creates the file 0600 in a 0700 folder', async () => {
    const dir = newDir();
    openLogFile(dir, 'console', 'info');
    log('host').info({ port: 1 }, 'listening');
    await closeLogFile();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
  });

  it("writes a worker thread's lines, redacted in the worker, to the main side's file", async () => {
    const dir = newDir();
    openLogFile(dir, 'console', 'info');
    const { port1, port2 } = new MessageChannel();
    const arrived = new Promise<void>((resolve) =>
      port2.on('message', (m: { type: string; line: string }) => {
        writeWorkerLine(m.line);
        resolve();
      }),
    );
    // This thread plays the worker: its root logger now posts lines instead of writing them.
    logToParent(port1, 'info');
    log('purge').info({ subjects: 1, email: SECRETS.email }, 'purged');
    await arrived;
    port1.close();
    await closeLogFile();
    const text = readAll(dir);
    expect(text).toContain('"scope":"purge"');
    expect(text).not.toContain(SECRETS.email);
  });

  it('rotates by size and keeps only the newest files', async () => {
    const dir = newDir();
    openLogFile(dir, 'console', 'info', { size: '1k', keep: 2 });
    const numbers = () =>
      readdirSync(dir)
        .map((f) => /^console\.(\d+)\.log$/.exec(f)?.[1])
        .filter((n) => n !== undefined)
        .map(Number);
    // pino-roll rolls once its file has drained past the size, so lines are written as a running
    // console writes them — spaced — until the fifth file is in use (bounded, never timed).
    for (let i = 0; i < 5000 && !numbers().includes(5); i++) {
      log('sync').info({ i, pad: 'x'.repeat(40) }, 'line');
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(Math.max(...numbers())).toBeGreaterThanOrEqual(5);
    // The oldest go: never more than `keep` files besides the one in use.
    for (let i = 0; i < 500 && numbers().length > 3; i++) await new Promise((r) => setTimeout(r, 5));
    expect(numbers().length).toBeLessThanOrEqual(3);
    expect(numbers()).not.toContain(1);
  });

  it('reads its level from ZTA_LOG_LEVEL, info by default and on a typo', () => {
    expect(logLevelFromEnv({})).toBe('info');
    expect(logLevelFromEnv({ ZTA_LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(logLevelFromEnv({ ZTA_LOG_LEVEL: 'verbose' })).toBe('info');
  });

  it('reduces any thrown value to type, code and file:line frames', () => {
    const fields = errorFields(Object.assign(new TypeError('x'), { code: 'E_X' }));
    expect(fields).toMatchObject({ type: 'TypeError', code: 'E_X' });
    expect(String(fields.stack)).not.toContain('/');
    expect(errorFields('a string thrown')).toEqual({ type: 'string' });
  });
});
