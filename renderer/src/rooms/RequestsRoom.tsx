import { RoomPlaceholder } from './RoomPlaceholder';

export function RequestsRoom() {
  return (
    <RoomPlaceholder
      title="Requests"
      description="Not built yet: GDPR and CCPA/CPRA privacy requests will be triaged and decided here, with their legal clocks running."
    />
  );
}
