import { ROOMS, hrefOf, type RoomId } from '../router';

export function RoomsNav({ current }: { current: RoomId }) {
  return (
    <nav aria-label="Rooms" className="rooms-nav">
      <ul>
        {ROOMS.map((room) => (
          <li key={room.id}>
            <a href={hrefOf(room.id)} aria-current={room.id === current ? 'page' : undefined}>
              {room.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
