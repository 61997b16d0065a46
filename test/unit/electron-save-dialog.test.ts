// The bundle's save dialog (issue 12) with stand-ins for Electron's dialog and IPC (the binary is
// absent here): the default name and filter, cancel, the host channel answered by the main process
// through the contract's checks without reaching the core, and the renderer's store using it.
import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent, SaveDialogOptions, WebContents } from 'electron';
import { registerContractHandlers } from '../../main/electron/ipc';
import {
  defaultBundleName,
  onlyChosenBundlePaths,
  saveBundlePathHandler,
} from '../../main/electron/save-dialog';
import { createClient } from '../../renderer/src/api/client';
import { createBundlesStore } from '../../renderer/src/stores/bundles';
import type { Bridge } from '../../shared/contract';

const NOW = new Date('2026-11-03T10:20:30Z');

function standIns(answer: { canceled: boolean; filePath?: string }) {
  const calls: { window: unknown; options: SaveDialogOptions }[] = [];
  const win = { id: 1 } as unknown as BrowserWindow;
  const dialog = {
    showSaveDialog: vi.fn(async (a: unknown, b?: SaveDialogOptions) => {
      calls.push(b ? { window: a, options: b } : { window: null, options: a as SaveDialogOptions });
      return { canceled: answer.canceled, filePath: answer.filePath ?? '' };
    }),
  };
  const handler = saveBundlePathHandler({
    dialog: dialog as never,
    window: () => win,
    folder: () => '/home/admin/Documents',
    now: () => NOW,
  });
  return { calls, win, dialog, handler };
}

describe('the save dialog', () => {
  it('offers a name from the fixed pattern, in Documents, with a .zip filter, modal to the window', async () => {
    const { calls, win, handler } = standIns({ canceled: false, filePath: '/home/admin/b.zip' });
    expect(await handler({ subjectId: 'subj-1', requestId: 'req-42' })).toEqual({
      path: '/home/admin/b.zip',
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.window).toBe(win);
    expect(calls[0]!.options).toMatchObject({
      defaultPath: '/home/admin/Documents/zta-bundle-req-42-2026-11-03.zip',
      filters: [{ name: 'ZIP archive', extensions: ['zip'] }],
    });
  });

  it('keeps data out of the name but safe characters', () => {
    expect(defaultBundleName({ subjectId: 'a/../../b c', requestId: null }, NOW)).toBe(
      'zta-bundle-a-b-c-2026-11-03.zip',
    );
    expect(defaultBundleName({ subjectId: '../', requestId: null }, NOW)).toBe(
      'zta-bundle-person-2026-11-03.zip',
    );
    expect(defaultBundleName({ subjectId: 'x'.repeat(128), requestId: null }, NOW)).toHaveLength(
      'zta-bundle--2026-11-03.zip'.length + 40,
    );
  });

  it('answers null on cancel, and adds .zip when the platform dialog did not', async () => {
    expect(await standIns({ canceled: true }).handler({ subjectId: 's', requestId: null })).toEqual({
      path: null,
    });
    expect(
      await standIns({ canceled: false, filePath: '/tmp/bundle' }).handler({
        subjectId: 's',
        requestId: null,
      }),
    ).toEqual({ path: '/tmp/bundle.zip' });
  });
});

describe('dialog:saveBundlePath over IPC', () => {
  function setup(answer: { canceled: boolean; filePath?: string }) {
    const handlers = new Map<string, (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>>();
    const ipcMain = {
      handle: (channel: string, h: (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>) =>
        handlers.set(channel, h),
      removeHandler: (channel: string) => handlers.delete(channel),
    } as unknown as IpcMain;
    const core = {
      invoke: vi.fn(async () => ({ ok: true as const, value: null })),
      on: () => () => undefined,
    };
    const mainFrame = { url: 'app://console/index.html' };
    const webContents = { mainFrame, send: vi.fn(), isDestroyed: () => false } as unknown as WebContents;
    const s = standIns(answer);
    registerContractHandlers(ipcMain, core, () => ({ webContents }), {
      'dialog:saveBundlePath': s.handler,
    });
    const trusted = { sender: webContents, senderFrame: mainFrame } as unknown as IpcMainInvokeEvent;
    const call = (input: unknown, event = trusted) => handlers.get('dialog:saveBundlePath')!(event, input);
    return { ...s, core, call, webContents };
  }

  it('is answered by the main process, never the core', async () => {
    const { call, core } = setup({ canceled: false, filePath: '/home/admin/x.zip' });
    expect(await call({ subjectId: 's1' })).toEqual({ ok: true, value: { path: '/home/admin/x.zip' } });
    expect(core.invoke).not.toHaveBeenCalled();
  });

  it('checks the input against the contract before any dialog opens', async () => {
    const { call, dialog } = setup({ canceled: false, filePath: '/x.zip' });
    expect(await call({ subjectId: 's1', path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'E_VALIDATION' },
    });
    expect(await call({})).toMatchObject({ ok: false, error: { code: 'E_VALIDATION' } });
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('refuses an untrusted frame before any dialog opens', async () => {
    const { call, dialog, webContents } = setup({ canceled: false, filePath: '/x.zip' });
    const sub = {
      sender: webContents,
      senderFrame: { url: 'app://console/x' },
    } as unknown as IpcMainInvokeEvent;
    expect(await call({ subjectId: 's1' }, sub)).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('checks the reply too: a relative path chosen never reaches the renderer', async () => {
    const { call } = setup({ canceled: false, filePath: 'relative/x.zip' });
    expect(await call({ subjectId: 's1' })).toMatchObject({ ok: false, error: { code: 'E_INTERNAL' } });
  });
});

describe('exports:bundle in the desktop app', () => {
  it('writes only to a path the dialog gave, once; other channels go through', async () => {
    const core = {
      invoke: vi.fn(async () => ({ ok: true as const, value: 'done' })),
      on: vi.fn(() => () => undefined),
    };
    const guarded = onlyChosenBundlePaths(core);
    const withGuard = saveBundlePathHandler({
      dialog: {
        showSaveDialog: async () => ({ canceled: false, filePath: '/home/admin/picked.zip' }),
      } as never,
      window: () => null,
      folder: () => '/home/admin',
      onChosen: guarded.remember,
    });
    const bundle = (outPath: unknown) =>
      guarded.core.invoke('exports:bundle', { operationId: 'x', subjectId: 's', outPath });

    expect(await bundle('/home/admin/.bashrc.zip')).toMatchObject({
      ok: false,
      error: { code: 'E_FORBIDDEN' },
    });
    expect(await bundle(undefined)).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
    expect(core.invoke).not.toHaveBeenCalled();

    await withGuard({ subjectId: 's', requestId: null });
    expect(await bundle('/home/admin/picked.zip')).toEqual({ ok: true, value: 'done' });
    expect(await bundle('/home/admin/picked.zip')).toMatchObject({
      ok: false,
      error: { code: 'E_FORBIDDEN' },
    });
    expect(core.invoke).toHaveBeenCalledTimes(1);

    expect(await guarded.core.invoke('exports:list', undefined)).toEqual({ ok: true, value: 'done' });
    guarded.core.on('bundle:progress', () => undefined);
    expect(core.on).toHaveBeenCalledWith('bundle:progress', expect.any(Function));
  });
});

describe('the bundles store with the save dialog', () => {
  function fakeBridge(path: string | null) {
    const calls: { channel: string; input: unknown }[] = [];
    const bridge: Bridge = {
      invoke: async (channel, input) => {
        calls.push({ channel, input });
        if (channel === 'dialog:saveBundlePath') return { ok: true, value: { path } };
        if (channel === 'exports:list') return { ok: true, value: { exports: [] } };
        return { ok: false, error: { code: 'E_EXPORT_WRITE', message: 'stand-in: no core here' } };
      },
      on: () => () => undefined,
    };
    return { bridge, calls };
  }

  it('cancelling the dialog makes no export', async () => {
    const { bridge, calls } = fakeBridge(null);
    const store = createBundlesStore(createClient(bridge));
    await store
      .getState()
      .start({ subjectId: 's1', requestId: 'r1', outPath: null, encryption: { mode: 'none' } });
    expect(calls.map((c) => c.channel)).toEqual(['dialog:saveBundlePath']);
    expect(calls[0]!.input).toEqual({ subjectId: 's1', requestId: 'r1' });
    expect(store.getState().phase).toBe('idle');
  });

  it('exports to the path the admin chose', async () => {
    const { bridge, calls } = fakeBridge('/home/admin/chosen.zip');
    const store = createBundlesStore(createClient(bridge));
    await store
      .getState()
      .start({ subjectId: 's1', requestId: null, outPath: null, encryption: { mode: 'none' } });
    expect(calls.map((c) => c.channel)).toEqual(['dialog:saveBundlePath', 'exports:bundle']);
    expect(calls[1]!.input).toMatchObject({ subjectId: 's1', outPath: '/home/admin/chosen.zip' });
  });

  it('a typed path (the browser host) opens no dialog', async () => {
    const { bridge, calls } = fakeBridge(null);
    const store = createBundlesStore(createClient(bridge));
    await store
      .getState()
      .start({ subjectId: 's1', requestId: null, outPath: '/tmp/typed.zip', encryption: { mode: 'none' } });
    expect(calls.map((c) => c.channel)).toEqual(['exports:bundle']);
  });
});
