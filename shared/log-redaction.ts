// What the logs must never hold (issue 14, item 12), declared once for the console (main/core/log.ts)
// and the backend (backend/log.ts). The rule the code follows is narrower than this list: log ids,
// counts, codes and durations, never free text or values from data. The list is the safety net for a
// field that slips through: pino censors these keys at the top level and one or two levels down.

/** Field names whose values are secrets or personal data. */
export const REDACTED_KEYS = [
  'token',
  'authorization',
  'cookie',
  'set-cookie',
  'passphrase',
  'password',
  'key',
  'secret',
  'email',
  'username',
  'userName',
  'name',
  'displayName',
  'adminName',
  'ip',
  'deviceName',
  'note',
  'notes',
  'reason',
  'search',
  'query',
  'message',
  'detail',
  'payload',
  'body',
  'url',
  'backendUrl',
] as const;

/** pino `redact.paths` for the keys above: `k`, `*.k` and `*.*.k` (pino has no deep wildcard). */
export function redactPaths(): string[] {
  const quoted = REDACTED_KEYS.map((k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`));
  return quoted.flatMap((k) => {
    const sep = k.startsWith('[') ? '' : '.';
    return [k, `*${sep}${k}`, `*.*${sep}${k}`];
  });
}

export const REDACTED = '[redacted]';
