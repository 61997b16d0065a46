// A valid payload for each action kind the schedules submit (the backend may still refuse it
// for the request's state: that is part of what the harness checks the consoles agree on).
import { ACTION_KINDS, type ActionKind } from '../../shared/action-schemas';
import { DEFAULT_ORG_SETTINGS } from '../../shared/org-settings';

/** The kinds that act on a request (the model's subject); settings.update has its own tests. */
export const REQUEST_ACTION_KINDS = ACTION_KINDS.filter((k) => k !== 'settings.update');

export function payloadFor(kind: ActionKind, other: string): unknown {
  switch (kind) {
    case 'request.verify':
      return {
        points: ['email', 'employee_id', 'device_name'],
        signedDeclaration: true,
        // The declaration is recorded with a reference, not only `true` (issue 13).
        declaration: { documentId: 'DMS-0001' },
        agentPermissionChecked: true,
      };
    case 'request.approve':
      return {};
    case 'request.deny':
      return {
        reason: 'not verified',
        exemption: 'not-verified',
        remedyInfo: 'You may complain to the supervisory authority.',
      };
    case 'request.extend':
      return { reason: 'complex request' };
    case 'request.hold':
      return { reason: 'litigation' };
    case 'request.release':
      return {};
    case 'request.assign':
      return { assignee: 'Someone Else' };
    case 'request.note':
      return { text: 'called the requester' };
    case 'request.close_duplicate':
      return { duplicateOf: other };
    case 'export.delivered':
      return { bundleSha256: 'a'.repeat(64), deliveredVia: 'secure_link' };
    case 'erasure.execute':
      return {};
    case 'request.acknowledge':
      return { channel: 'email', on: '2026-05-31' };
    case 'settings.update':
      return { settings: DEFAULT_ORG_SETTINGS, fromVersion: 0 };
    case 'request.intake':
      return {
        subject: { by: 'username', username: 'nobody-in-particular' },
        type: 'access',
        jurisdiction: 'gdpr',
        receivedOn: '2026-05-30',
        channel: 'letter',
      };
    case 'rectification.apply':
      return { changes: { department: 'Corrected Department' } };
    case 'restriction.place':
      return {};
    case 'restriction.lift':
      return { reason: 'accuracy verified; subject told' };
  }
}
