/** A room that is not built yet: its heading and one honest line about what will live there. */
export function RoomPlaceholder({ title, description }: { title: string; description: string }) {
  return (
    <section aria-labelledby="room-title" className="room-body">
      <h1 id="room-title" tabIndex={-1}>
        {title}
      </h1>
      <p className="placeholder">{description}</p>
    </section>
  );
}
