// Window and session hardening for the Electron shell (docs/ARCHITECTURE.md §9). Functions take the
// Electron objects as parameters so they can be unit-tested with stand-ins.
import type { Session, WebContents } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-protocol';

/** https URLs the console may hand to the OS browser (documentation, the regulators' texts). */
export const EXTERNAL_ALLOW_LIST = [
  'https://gdpr-info.eu/',
  'https://oag.ca.gov/privacy/ccpa',
  'https://cppa.ca.gov/',
];

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && EXTERNAL_ALLOW_LIST.some((prefix) => url.href.startsWith(prefix));
}

export function isAppUrl(raw: string): boolean {
  // Not `url.origin`: outside Electron's scheme registry a custom scheme's origin is "null".
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Deny navigation away from the app, new windows (allow-listed links go to the OS browser). */
export function hardenWebContents(contents: WebContents, openExternal: (url: string) => Promise<void>): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void openExternal(url);
    return { action: 'deny' };
  });
}

/** The console needs no camera, notifications, geolocation…: deny every permission. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
