// Hash routing between rooms: works the same under the browser host and Electron's app://.
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

export function roomFromHash(hash: string): RoomId {
  const id = hash.replace(/^#\/?/, '');
  return ROOMS.find((r) => r.id === id)?.id ?? DEFAULT_ROOM;
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export function useRoom(): RoomId {
  return useSyncExternalStore(subscribe, () => roomFromHash(window.location.hash));
}
