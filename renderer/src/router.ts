// Hash routing between rooms: works the same under the browser host and Electron's app://.
// `#/subjects/<id>` opens one person's timeline; `#/requests?subject=<id>` filters requests.
import { useSyncExternalStore } from 'react';

export const ROOMS = [
  { id: 'logs', label: 'Access logs' },
  { id: 'requests', label: 'Requests' },
  { id: 'subjects', label: 'Subjects' },
  { id: 'exports', label: 'Exports' },
  { id: 'sync', label: 'Sync & outbox' },
  { id: 'audit', label: 'Audit' },
  { id: 'settings', label: 'Settings' },
] as const;

export type RoomId = (typeof ROOMS)[number]['id'];
export const DEFAULT_ROOM: RoomId = 'logs';

export const hrefOf = (room: RoomId): string => `#/${room}`;

export const subjectHref = (subjectId: string): string => `#/subjects/${encodeURIComponent(subjectId)}`;
export const subjectRequestsHref = (subjectId: string): string =>
  `#/requests?subject=${encodeURIComponent(subjectId)}`;

export interface Route {
  room: RoomId;
  /** The path segment after the room (`#/subjects/<id>` → id), decoded. */
  param: string | null;
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const rest = hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = rest.split('?', 2);
  const [id = '', ...tail] = path.split('/');
  const room = ROOMS.find((r) => r.id === id)?.id ?? DEFAULT_ROOM;
  let param: string | null = null;
  if (room === id && tail.length > 0 && tail.join('/') !== '') {
    try {
      param = decodeURIComponent(tail.join('/'));
    } catch {
      param = null;
    }
  }
  return { room, param, query: new URLSearchParams(search) };
}

export function roomFromHash(hash: string): RoomId {
  return parseHash(hash).room;
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export function useRoom(): RoomId {
  return useSyncExternalStore(subscribe, () => roomFromHash(window.location.hash));
}

/** The whole hash (stable string for useSyncExternalStore); parse with parseHash. */
export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
