import { RoomPlaceholder } from './RoomPlaceholder';
import { parseHash, useHash } from '../router';

export function RequestsRoom() {
  const subject = parseHash(useHash()).query.get('subject');
  return (
    <RoomPlaceholder
      title="Requests"
      description={
        (subject ? `Filtered to subject ${subject}. ` : '') +
        'Not built yet: GDPR and CCPA/CPRA privacy requests will be triaged and decided here, with their legal clocks running.'
      }
    />
  );
}
