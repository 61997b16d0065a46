// One privacy request for the tests: an open GDPR erasure received by email, nothing decided yet.
// A test names only the fields that matter to it; a field the contract gains gets its default
// here, once, instead of in a dozen copies of the whole record.
import type { PrivacyRequest } from '../../shared/domain';
import { UNTOUCHED_REQUEST } from '../../shared/intake';

export function requestFixture(over: Partial<PrivacyRequest> = {}): PrivacyRequest {
  return {
    id: 'r1',
    subjectId: 's1',
    type: 'erasure',
    jurisdiction: 'gdpr',
    status: 'received',
    channel: 'email',
    receivedOn: '2026-03-01',
    version: 1,
    viaAgent: false,
    summary: '',
    updatedAt: '2026-03-01T00:00:00.000Z',
    ...UNTOUCHED_REQUEST,
    ...over,
  };
}
