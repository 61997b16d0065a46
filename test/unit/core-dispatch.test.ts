// The contract boundary: unknown channels, invalid input never reaches a handler, invalid
// output never reaches the renderer, thrown errors keep their codes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { dispatch, openCore, passphraseKeyProvider } from '../../main/core/index';
import { AppError } from '../../shared/errors';

describe('dispatch', () => {
  it('unknown channel ⇒ E_UNKNOWN_CHANNEL, handler never called', async () => {
    const handler = vi.fn();
    expect(await dispatch('fs:readFile', {}, handler)).toMatchObject({
      ok: false,
      error: { code: 'E_UNKNOWN_CHANNEL' },
    });
    expect(await dispatch('__proto__', {}, handler)).toMatchObject({
      ok: false,
      error: { code: 'E_UNKNOWN_CHANNEL' },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('invalid input ⇒ E_VALIDATION with the zod issues, handler never called', async () => {
    const handler = vi.fn();
    const r = await dispatch(
      'session:signIn',
      { backendUrl: 'javascript:alert(1)', token: 'short' },
      handler,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'E_VALIDATION' } });
    if (!r.ok) {
      expect(Array.isArray(r.error.details)).toBe(true);
      expect((r.error.details as { path: unknown[] }[]).map((i) => i.path[0]).sort()).toEqual([
        'backendUrl',
        'token',
      ]);
    }
    expect(await dispatch('app:info', { extra: 1 }, handler)).toMatchObject({
      ok: false,
      error: { code: 'E_VALIDATION' },
    });
    expect(await dispatch('logs:page', { limit: 5000 }, handler)).toMatchObject({
      ok: false,
      error: { code: 'E_VALIDATION' },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('passes the parsed input (defaults applied) and returns the parsed output', async () => {
    const handler = vi.fn(async () => ({ rows: [], next: null, extra: 'stripped' }));
    expect(await dispatch('logs:page', {}, handler)).toEqual({ ok: true, value: { rows: [], next: null } });
    expect(handler).toHaveBeenCalledWith('logs:page', { filter: {}, order: 'desc', limit: 100 });
  });

  it('invalid handler output ⇒ E_INTERNAL, not garbage', async () => {
    const r = await dispatch('app:info', undefined, async () => ({
      name: 'x',
      version: 1,
      transport: 'carrier-pigeon',
    }));
    expect(r).toMatchObject({ ok: false, error: { code: 'E_INTERNAL' } });
    expect(JSON.stringify(r)).not.toContain('carrier-pigeon');
  });

  it('thrown errors become ErrorInfo with their codes', async () => {
    expect(
      await dispatch('sync:now', {}, async () => {
        throw new AppError('E_AUTH', 'nope', { status: 401 });
      }),
    ).toEqual({ ok: false, error: { code: 'E_AUTH', message: 'nope', details: { status: 401 } } });
    expect(
      await dispatch('sync:now', {}, async () => {
        throw new TypeError('boom');
      }),
    ).toEqual({ ok: false, error: { code: 'E_INTERNAL', message: 'boom' } });
  });

  it('CoreClient.invoke goes through the same boundary', async () => {
    const core = await openCore({
      dataDir: mkdtempSync(join(tmpdir(), 'zta-core-dispatch-')),
      keyProvider: passphraseKeyProvider('dispatch test'),
      app: { name: 'ZTA', version: '1.2.3', transport: 'electron' },
    });
    try {
      expect(await core.invoke('app:info', undefined)).toEqual({
        ok: true,
        value: { name: 'ZTA', version: '1.2.3', transport: 'electron' },
      });
      expect(await core.invoke('app:info', {})).toMatchObject({ ok: true });
      expect(await core.invoke('nope:nope', {})).toMatchObject({
        ok: false,
        error: { code: 'E_UNKNOWN_CHANNEL' },
      });
      expect(
        await core.invoke('session:signIn', { backendUrl: 'ftp://x', token: 'x'.repeat(20) }),
      ).toMatchObject({
        ok: false,
        error: { code: 'E_VALIDATION' },
      });
      expect(await core.invoke('session:status', undefined)).toEqual({
        ok: true,
        value: {
          signedIn: false,
          backendUrl: null,
          orgName: null,
          adminName: null,
          role: null,
          // issue 14: a cache that never synced is not locked, and was never revoked
          lock: { locked: false, lastSyncedAt: null, offlineDays: null, limitDays: 14 },
          revoked: null,
        },
      });
      expect(await core.invoke('sync:status', undefined)).toEqual({
        ok: true,
        value: {
          online: null,
          running: false,
          lastSyncedAt: null,
          lastError: null,
          progress: null,
          lastPushAt: null,
          pendingCount: 0,
          needsSignIn: false,
          pushing: false,
          nextRetryAt: null,
        },
      });
    } finally {
      await core.close();
    }
    expect(await core.invoke('app:info', undefined)).toMatchObject({ ok: false, error: { code: 'E_CACHE' } });
  });
});

describe('dispatch bounds an input before any recursive work (issue 14, item 6)', () => {
  const nest = (levels: number): unknown => {
    let v: unknown = { text: 'x' };
    for (let i = 0; i < levels; i++) v = { filter: v };
    return v;
  };

  it('an input nested 5,000 levels is a typed validation error, and the handler never runs', async () => {
    const handler = vi.fn(async () => ({}));
    for (const channel of ['logs:page', 'actions:submit', 'views:save']) {
      const r = await dispatch(channel, nest(5000), handler);
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'E_VALIDATION', message: expect.stringMatching(/deeper/) },
      });
    }
    const wide = await dispatch(
      'logs:page',
      { filter: { list: Array.from({ length: 200_000 }, () => 1) } },
      handler,
    );
    expect(wide).toMatchObject({ ok: false, error: { code: 'E_VALIDATION' } });
    expect(handler).not.toHaveBeenCalled();
  });
});
