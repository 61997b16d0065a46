// One privacy request for the tests: an open GDPR erasure received by email, nothing decided yet.
// A test names only the fields that matter to it; a field the contract gains gets its default
// here, once, instead of in a dozen copies of the whole record.
import type { PrivacyRequest } from '../../shared/domain';

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
    assignee: null,
    viaAgent: false,
    extended: false,
    legalHold: false,
    summary: '',
    updatedAt: '2026-03-01T00:00:00.000Z',
    respondedOn: null,
    response: null,
    denialBasis: null,
    acknowledgedOn: null,
    acknowledgedVia: null,
    refusedLate: false,
    ...over,
  };
}
