import { RoomPlaceholder } from './RoomPlaceholder';

export function AuditRoom() {
  return (
    <RoomPlaceholder
      title="Audit"
      description="Not built yet: the tamper-evident record of every action taken in this console will be reviewed here."
    />
  );
}
