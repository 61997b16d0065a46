import { ROOMS, hrefOf, type RoomId } from '../router';
import { useOutbox, useSync } from '../stores';

/** Actions waiting to be pushed: the outbox's own count, else the sync status's. */
export function usePendingCount(): number {
  const fromOutbox = useOutbox((s) => s.pendingCount);
  const fromSync = useSync((s) => s.status?.pendingCount ?? 0);
  return fromOutbox ?? fromSync;
}

export function RoomsNav({ current }: { current: RoomId }) {
  const pending = usePendingCount();
  const conflicts = useOutbox((s) => s.conflictCount ?? 0);
  return (
    <nav aria-label="Rooms" className="rooms-nav">
      <ul>
        {ROOMS.map((room) => (
          <li key={room.id}>
            <a href={hrefOf(room.id)} aria-current={room.id === current ? 'page' : undefined}>
              {room.label}
              {room.id === 'sync' && pending > 0 && <span className="nav-count"> ({pending} pending)</span>}
              {room.id === 'sync' && conflicts > 0 && (
                <span className="nav-count nav-conflicts">
                  {' '}
                  ({conflicts} {conflicts === 1 ? 'conflict' : 'conflicts'})
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
