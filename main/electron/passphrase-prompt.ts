// The cache passphrase prompt, for systems whose key store is Linux's insecure `basic_text`
// (safe-storage-key.ts). A small window with a plain form and no script at all: submitting it
// "navigates" to `zta-passphrase:submit?…`, which the shell reads in `will-navigate` and cancels —
// nothing is loaded, no preload or IPC channel is added, and the window's session lives in memory
// only (no partition on disk), so the passphrase is never written anywhere.
import type { BrowserWindowConstructorOptions } from 'electron';

export const PROMPT_SCHEME = 'zta-passphrase:';

export interface PromptWindow {
  loadURL(url: string): Promise<void>;
  close(): void;
  on(event: 'closed', listener: () => void): unknown;
  webContents: {
    on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  };
}

export type MakePromptWindow = (options: BrowserWindowConstructorOptions) => PromptWindow;

export interface PromptRequest {
  /** A new cache: the passphrase is typed twice. */
  creating: boolean;
  /** Why the last passphrase was not taken (wrong, weak, the two differ). */
  problem: string | null;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function promptHtml({ creating, problem }: PromptRequest): string {
  const confirm = creating
    ? '<label>Again <input type="password" name="c" required autocomplete="new-password"></label>'
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; form-action ${PROMPT_SCHEME}">
<title>Cache passphrase</title><style>body{font:14px system-ui;margin:24px}label{display:block;margin:8px 0}input{width:100%}p.e{color:#a00}</style></head>
<body><h1>Cache passphrase</h1>
<p>This system has no secure key store (Linux <code>basic_text</code>), so the console's encrypted cache is keyed by a passphrase.
${creating ? 'Choose one of at least 12 characters — four or more uncommon words work well.' : 'Type the passphrase of your cache.'}</p>
${problem ? `<p class="e" role="alert">${escapeHtml(problem)}</p>` : ''}
<form action="${PROMPT_SCHEME}submit" method="get">
<label>Passphrase <input type="password" name="p" required autofocus autocomplete="${creating ? 'new-password' : 'current-password'}"></label>
${confirm}<button type="submit">${creating ? 'Create the cache' : 'Unlock'}</button></form></body></html>`;
}

/** The typed passphrase, or a problem when the two entries of a new one differ. */
export function readSubmission(
  url: string,
  creating: boolean,
): { passphrase: string } | { problem: string } | null {
  if (!url.startsWith(PROMPT_SCHEME)) return null;
  const query = new URLSearchParams(url.slice(url.indexOf('?') + 1));
  const passphrase = query.get('p') ?? '';
  if (!passphrase) return { problem: 'Type a passphrase.' };
  if (creating && query.get('c') !== passphrase) return { problem: 'The two passphrases differ.' };
  return { passphrase };
}

export const PROMPT_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  width: 480,
  height: 360,
  title: 'ZTA Privacy Console — cache passphrase',
  resizable: false,
  webPreferences: {
    javascript: false,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    // No "persist:" prefix: an in-memory session, nothing of this window reaches the disk.
    partition: 'zta-passphrase-prompt',
    spellcheck: false,
  },
};

/** Shows the prompt until a passphrase is submitted; null when the window is closed instead. */
export function askPassphrase(makeWindow: MakePromptWindow, request: PromptRequest): Promise<string | null> {
  return new Promise((resolve) => {
    const win = makeWindow(PROMPT_WINDOW_OPTIONS);
    let settled = false;
    const show = (problem: string | null) =>
      void win
        .loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(promptHtml({ ...request, problem }))}`)
        .catch(() => undefined);
    win.webContents.on('will-navigate', (event, url) => {
      const submitted = readSubmission(url, request.creating);
      if (!submitted) return;
      event.preventDefault();
      if ('problem' in submitted) return show(submitted.problem);
      settled = true;
      resolve(submitted.passphrase);
      win.close();
    });
    win.on('closed', () => {
      if (!settled) resolve(null);
    });
    show(request.problem);
  });
}
