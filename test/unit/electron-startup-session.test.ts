// `npm start --role R` hands the Electron shell the backend URL, the token *file* and the role:
// the shell signs in with that role's token from the backend's tokens.json, and refuses a role
// that is not one of ours instead of widening it to the owner's.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signInFromEnvironment } from '../../main/electron/startup-session';

const dir = mkdtempSync(join(tmpdir(), 'zta-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tokens = join(dir, 'tokens.json');
writeFileSync(
  tokens,
  JSON.stringify({
    url: 'http://127.0.0.1:1',
    tokens: { owner: 'tok-owner', approver: 'tok-approver', analyst: 'tok-analyst', viewer: 'tok-viewer' },
  }),
);

function recorder() {
  const calls: { channel: string; input: unknown }[] = [];
  return {
    calls,
    core: {
      invoke: async (channel: string, input: unknown) => {
        calls.push({ channel, input });
        return { ok: true as const, value: null };
      },
    },
  };
}
const env = (extra: Record<string, string>) => ({
  ZTA_BACKEND_URL: 'http://127.0.0.1:1',
  ZTA_BACKEND_TOKEN_FILE: tokens,
  ...extra,
});

describe('signInFromEnvironment', () => {
  it('does nothing without a backend in the environment', async () => {
    const { core, calls } = recorder();
    expect(await signInFromEnvironment(core, {})).toBeNull();
    expect(calls).toEqual([]);
  });

  it("signs in with the owner's token by default and with the named role's otherwise", async () => {
    const a = recorder();
    await signInFromEnvironment(a.core, env({}));
    expect(a.calls).toEqual([
      { channel: 'session:signIn', input: { backendUrl: 'http://127.0.0.1:1', token: 'tok-owner' } },
    ]);
    const b = recorder();
    await signInFromEnvironment(b.core, env({ ZTA_BACKEND_ROLE: 'viewer' }));
    expect(b.calls[0]?.input).toMatchObject({ token: 'tok-viewer' });
  });

  it('refuses a role that is not one of ours, and signs in as nobody', async () => {
    const { core, calls } = recorder();
    const r = await signInFromEnvironment(core, env({ ZTA_BACKEND_ROLE: 'approvr' }));
    expect(r).toMatchObject({ ok: false, error: { code: 'E_VALIDATION', message: /approvr is not a role/ } });
    expect(calls).toEqual([]);
  });
});
