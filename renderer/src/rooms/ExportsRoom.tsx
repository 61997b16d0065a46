import { RoomPlaceholder } from './RoomPlaceholder';

export function ExportsRoom() {
  return (
    <RoomPlaceholder
      title="Exports"
      description="Not built yet: data-portability bundles will be generated, verified and tracked to delivery here."
    />
  );
}
