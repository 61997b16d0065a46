// The basic_text fallback (issue 14 item 7): with no secure key store, the Electron shell asks for
// the cache passphrase in a script-free window, and asks again while the cache worker refuses it.
// Electron's window is a stand-in (the binary is absent here); the core is the real one.
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { openCore, type CoreClient } from '../../main/core/index';
import { openUnlocked } from '../../main/electron/cache-unlock';
import { askPassphrase, type PromptWindow } from '../../main/electron/passphrase-prompt';
import { TEST_PASSPHRASE } from '../helpers/passphrase';

const APP = { name: 'test', version: '0.0.0', transport: 'electron' as const };

/** A prompt window whose "person" answers each page with the next of `answers` (a query string, or null to close it). */
function scriptedWindows(answers: Array<string | null>) {
  const pages: string[] = [];
  const prevented = vi.fn();
  const make = vi.fn((_options: BrowserWindowConstructorOptions): PromptWindow => {
    const win = new EventEmitter();
    const contents = new EventEmitter();
    return {
      webContents: { on: (e, l) => contents.on(e, l) },
      on: (e, l) => win.on(e, l),
      close: () => win.emit('closed'),
      loadURL: async (url: string) => {
        pages.push(decodeURIComponent(url.slice(url.indexOf(',') + 1)));
        const answer = answers.shift();
        setImmediate(() => {
          if (answer === null || answer === undefined) win.emit('closed');
          else
            contents.emit('will-navigate', { preventDefault: prevented }, `zta-passphrase:submit?${answer}`);
        });
      },
    };
  });
  return { make, pages, prevented };
}

const basicText = {
  getSelectedStorageBackend: () => 'basic_text' as const,
  isAsyncEncryptionAvailable: async () => true,
  encryptStringAsync: vi.fn(async () => Buffer.alloc(0)),
  decryptStringAsync: vi.fn(async () => ({ result: '', shouldReEncrypt: false })),
};

const q = (p: string, c?: string) => new URLSearchParams(c === undefined ? { p } : { p, c }).toString();

const cores: CoreClient[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.close()));
});

describe('passphrase prompt window', () => {
  it('is a form without script (CSP default-src none, JavaScript off) whose submission is read, not loaded', async () => {
    const { make, pages, prevented } = scriptedWindows([q('typed words here')]);
    await expect(askPassphrase(make, { creating: false, problem: null })).resolves.toBe('typed words here');
    expect(make.mock.calls[0]![0].webPreferences).toMatchObject({ javascript: false, sandbox: true });
    expect(make.mock.calls[0]![0].webPreferences!.partition).not.toMatch(/^persist:/);
    expect(pages[0]).toContain("default-src 'none'");
    expect(pages[0]).not.toMatch(/<script/i);
    expect(prevented).toHaveBeenCalled();
  });

  it('a new passphrase is typed twice: entries that differ are asked again; closing the window gives null', async () => {
    const twice = scriptedWindows([
      q('one long passphrase', 'another'),
      q('same words twice', 'same words twice'),
    ]);
    await expect(askPassphrase(twice.make, { creating: true, problem: null })).resolves.toBe(
      'same words twice',
    );
    expect(twice.pages[1]).toContain('The two passphrases differ.');
    const closed = scriptedWindows([null]);
    await expect(askPassphrase(closed.make, { creating: true, problem: null })).resolves.toBeNull();
  });
});

describe('opening the cache on the basic_text store', () => {
  it('asks again with the reason while the passphrase is too weak, then wrong; the right one opens it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'zta-unlock-'));
    const open = (keyProvider: Parameters<typeof openCore>[0]['keyProvider']) =>
      openCore({ dataDir, keyProvider, app: APP });
    const creating = scriptedWindows([q('hunter2', 'hunter2'), q(TEST_PASSPHRASE, TEST_PASSPHRASE)]);
    const opts = {
      open,
      safeStorage: basicText,
      wrappedKeyPath: join(dataDir, 'cache-key.bin'),
      platform: 'linux' as const,
      passphrase: undefined,
    };
    cores.push(await openUnlocked({ ...opts, cacheExists: false, makeWindow: creating.make }));
    expect(creating.pages[1]).toMatch(/too short/);
    expect(existsSync(join(dataDir, 'cache.kdf.json'))).toBe(true);
    expect(existsSync(join(dataDir, 'cache-key.bin'))).toBe(false);
    await cores.pop()!.close();

    const unlocking = scriptedWindows([q('not the passphrase at all'), q(TEST_PASSPHRASE)]);
    cores.push(await openUnlocked({ ...opts, cacheExists: true, makeWindow: unlocking.make }));
    expect(unlocking.pages[0]).not.toContain('name="c"');
    expect(unlocking.pages[1]).toContain('The cache key does not open');
  });

  it('closing the prompt stops with E_CACHE_KEY (no endless asking)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'zta-unlock-'));
    const open = vi.fn((keyProvider: Parameters<typeof openCore>[0]['keyProvider']) =>
      openCore({ dataDir, keyProvider, app: APP }),
    );
    const closed = scriptedWindows([null]);
    await expect(
      openUnlocked({
        open,
        safeStorage: basicText,
        wrappedKeyPath: join(dataDir, 'k.bin'),
        platform: 'linux',
        passphrase: undefined,
        cacheExists: false,
        makeWindow: closed.make,
      }),
    ).rejects.toMatchObject({ code: 'E_CACHE_KEY' });
    expect(open).toHaveBeenCalledTimes(1);
  });
});
