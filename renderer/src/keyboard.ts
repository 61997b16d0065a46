// Keyboard shortcuts (issue 16), pure so a node test can hold them: `g` then a letter opens a
// room (two keys, as in Gmail and GitHub, so nothing clashes with the browser's or Electron's own
// Ctrl/Alt/Cmd shortcuts), `/` focuses the room's search, `j`/`k` move between table rows, `?`
// lists them. Keys typed into a field are never shortcuts.

/** The second key after `g`, per room id. Rooms not in the app (yet) are simply not offered. */
export const ROOM_KEYS: Readonly<Record<string, string>> = {
  dashboard: 'd',
  logs: 'l',
  requests: 'r',
  subjects: 's',
  exports: 'e',
  sync: 'y',
  audit: 'a',
  reports: 'p',
  settings: 't',
  rules: 'u',
};

export type KeyCommand =
  | { kind: 'prefix' }
  | { kind: 'room'; room: string }
  | { kind: 'search' }
  | { kind: 'row'; delta: 1 | -1 }
  | { kind: 'help' };

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** How long after `g` the second key still counts. */
export const PREFIX_MS = 1500;

/**
 * The command a key press means, given whether `g` was just pressed, among the rooms on offer;
 * null: not a shortcut (the browser keeps the key).
 */
export function commandOf(e: KeyPress, afterPrefix: boolean, roomIds: readonly string[]): KeyCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (afterPrefix) {
    const room = roomIds.find((id) => ROOM_KEYS[id] === e.key);
    return room ? { kind: 'room', room } : null;
  }
  switch (e.key) {
    case 'g':
      return { kind: 'prefix' };
    case '/':
      return { kind: 'search' };
    case 'j':
      return { kind: 'row', delta: 1 };
    case 'k':
      return { kind: 'row', delta: -1 };
    case '?':
      return { kind: 'help' };
    default:
      return null;
  }
}

/** The shortcuts as the `?` dialog lists them. */
export function shortcutList(
  rooms: readonly { id: string; label: string }[],
): { keys: string; what: string }[] {
  return [
    ...rooms.flatMap((r) =>
      ROOM_KEYS[r.id] ? [{ keys: `g then ${ROOM_KEYS[r.id]}`, what: `Go to ${r.label}` }] : [],
    ),
    { keys: '/', what: "Focus the room's search or first filter" },
    { keys: 'j', what: 'Next row of the table' },
    { keys: 'k', what: 'Previous row of the table' },
    { keys: '?', what: 'Show these shortcuts' },
  ];
}
