// The full-text search syntax as the filter bar explains it (SQLite FTS5 over the cached events'
// username, IP, device name and app: main/core/cache/log-filter.ts).
export const FTS_SYNTAX_HELP =
  'Words match whole tokens of username, IP, device name or app (case-insensitive). ' +
  'alice* matches a prefix; "two words" matches a phrase; a OR b, a NOT b, (a OR b) c combine; ' +
  'app:okta limits a word to one column (username, ip, device_name, app).';
