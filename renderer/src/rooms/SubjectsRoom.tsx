import { RoomPlaceholder } from './RoomPlaceholder';

export function SubjectsRoom() {
  return (
    <RoomPlaceholder
      title="Subjects"
      description="Not built yet: each person the service recorded — profile, devices and access history — will be looked up here."
    />
  );
}
