// The bundle's save dialog (issue 12): Electron's main process asks the admin where to save, so the
// renderer never types or sees a path it did not choose. The default name follows a fixed pattern
// (the request's or person's id, reduced to safe characters, and the date); cancel = no export.
import type { BrowserWindow, Dialog, SaveDialogOptions } from 'electron';
import { join } from 'node:path';
import type { ContractEndpoint } from '../../shared/channels';
import type { ChannelOutput, ChannelParsedInput } from '../../shared/contract';

type Input = ChannelParsedInput<'dialog:saveBundlePath'>;
type Output = ChannelOutput<'dialog:saveBundlePath'>;

/** `zta-bundle-<id>-<YYYY-MM-DD>.zip`: the id kept to letters, digits, `-` and `_` (at most 40). */
export function defaultBundleName(input: Input, now: Date): string {
  const id = (input.requestId ?? input.subjectId).replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 40);
  const date = now.toISOString().slice(0, 10);
  return `zta-bundle-${id.replace(/^-+|-+$/g, '') || 'person'}-${date}.zip`;
}

export interface SaveDialogDeps {
  dialog: Pick<Dialog, 'showSaveDialog'>;
  /** The window the dialog is modal to (none: a free-standing dialog). */
  window: () => BrowserWindow | null;
  /** The folder the dialog opens in (the admin's Documents). */
  folder: () => string;
  now?: () => Date;
  /** Told every path the admin chose (the guard below lets exports:bundle use it once). */
  onChosen?: (path: string) => void;
}

/** The handler of `dialog:saveBundlePath`, its input already checked against the contract. */
export function saveBundlePathHandler(deps: SaveDialogDeps): (input: Input) => Promise<Output> {
  return async (input) => {
    const options: SaveDialogOptions = {
      title: 'Save the export bundle',
      buttonLabel: 'Save bundle',
      defaultPath: join(deps.folder(), defaultBundleName(input, (deps.now ?? (() => new Date()))())),
      filters: [{ name: 'ZIP archive', extensions: ['zip'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const win = deps.window();
    const chosen = await (win
      ? deps.dialog.showSaveDialog(win, options)
      : deps.dialog.showSaveDialog(options));
    if (chosen.canceled || !chosen.filePath) return { path: null };
    // Some platforms' dialogs do not add the filter's extension: the core writes only .zip files.
    const path = /\.zip$/i.test(chosen.filePath) ? chosen.filePath : `${chosen.filePath}.zip`;
    deps.onChosen?.(path);
    return { path };
  };
}

/**
 * The core behind a guard: in the desktop app `exports:bundle` writes only to a path the save
 * dialog gave, once — a renderer (compromised, or a script in it) cannot name a path of its own,
 * say over a file the admin did not pick. Every other channel goes through as it is.
 */
export function onlyChosenBundlePaths(core: ContractEndpoint): {
  core: ContractEndpoint;
  remember: (path: string) => void;
} {
  const chosen = new Set<string>();
  return {
    remember: (path) => void chosen.add(path),
    core: {
      on: (event, listener) => core.on(event, listener),
      invoke: async (channel, input) => {
        if (channel === 'exports:bundle') {
          const outPath = (input as { outPath?: unknown } | null)?.outPath;
          if (typeof outPath !== 'string' || !chosen.delete(outPath))
            return {
              ok: false,
              error: {
                code: 'E_FORBIDDEN',
                message: 'The desktop app saves a bundle only where its save dialog was told to.',
              },
            };
        }
        return core.invoke(channel, input);
      },
    },
  };
}
