// A finished export from the browser host, downloaded with the session header (issue 14).
import { sessionHeaders } from './bridge';
import { sessionSecret } from './host-session';

/**
 * Downloads a file the browser host serves under /api (a finished export): a plain link cannot
 * send the session header, so the file is fetched with it and handed to the browser as a blob.
 */
export async function downloadWithSession(url: string, fileName: string): Promise<void> {
  const res = await fetch(url, { headers: sessionHeaders(sessionSecret()), credentials: 'same-origin' });
  if (!res.ok) throw new Error(`The console host answered HTTP ${res.status} for the download.`);
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
