// Hash routes, pure (no DOM) so node tests can import them: the same under the browser host and app://.
// A room may take one sub-path, e.g. `#/requests/<request id>` opens that request's page and
// `#/subjects/<id>` one person's timeline; a query filters, e.g. `#/requests?subject=<id>`.
export const ROOMS = [
  // issue 16: the home room
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'logs', label: 'Access logs' },
  { id: 'requests', label: 'Requests' },
  { id: 'subjects', label: 'Subjects' },
  { id: 'exports', label: 'Exports' },
  { id: 'sync', label: 'Sync & outbox' },
  { id: 'audit', label: 'Audit' },
  // issue 16
  { id: 'reports', label: 'Reports' },
  { id: 'settings', label: 'Settings' },
  // docs/legal-rules.md, where every "How this date was computed" link leads
  { id: 'rules', label: 'Legal rules' },
] as const;

export type RoomId = (typeof ROOMS)[number]['id'];
export const DEFAULT_ROOM: RoomId = 'dashboard';

export interface Route {
  room: RoomId;
  /** The decoded sub-path after the room (a request id, a subject id), or null. */
  item: string | null;
  query: URLSearchParams;
}

export const hrefOf = (room: RoomId, item?: string | null): string =>
  item ? `#/${room}/${encodeURIComponent(item)}` : `#/${room}`;

export const subjectHref = (subjectId: string): string => hrefOf('subjects', subjectId);
export const subjectRequestsHref = (subjectId: string): string =>
  `#/requests?subject=${encodeURIComponent(subjectId)}`;

export function routeFromHash(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const query = new URLSearchParams(search);
  const slash = path.indexOf('/');
  const id = slash < 0 ? path : path.slice(0, slash);
  const room = ROOMS.find((r) => r.id === id)?.id;
  if (!room) return { room: DEFAULT_ROOM, item: null, query };
  let item: string | null = null;
  if (slash >= 0) {
    const raw = path.slice(slash + 1);
    try {
      item = decodeURIComponent(raw) || null;
    } catch {
      item = null; // a malformed escape is no item at all
    }
  }
  return { room, item, query };
}

export function roomFromHash(hash: string): RoomId {
  return routeFromHash(hash).room;
}
