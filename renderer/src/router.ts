// Hash routing between rooms: works the same under the browser host and Electron's app://.
// A room may take one sub-path (`#/requests/<id>`, `#/subjects/<id>`) and a query.
import { useSyncExternalStore } from 'react';
import { hrefOf, roomFromHash, routeFromHash, type RoomId } from './hash-routes';

export { ROOMS, hrefOf, routeFromHash, subjectHref, subjectRequestsHref } from './hash-routes';
export type { RoomId } from './hash-routes';

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

const currentHash = () => window.location.hash;

export function useRoom(): RoomId {
  return useSyncExternalStore(subscribe, () => roomFromHash(currentHash()));
}

/** The sub-path of the current room (e.g. the open request's id), or null. */
export function useRouteItem(): string | null {
  return useSyncExternalStore(subscribe, () => routeFromHash(currentHash()).item);
}

export function navigate(room: RoomId, item?: string | null): void {
  window.location.hash = hrefOf(room, item);
}

/** The whole hash (stable string for useSyncExternalStore); parse with routeFromHash. */
export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
