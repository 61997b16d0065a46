// The rejected outcome of an action, one builder for every backend module that applies actions
// (actions.ts, intake.ts, org-settings.ts). The message is capped: it is stored with the outcome.
import type { RejectedOutcome } from '../shared/push-protocol';

export function reject(
  id: string,
  code: string,
  message: string,
  extra: Partial<RejectedOutcome> = {},
): RejectedOutcome {
  return { outcome: 'rejected', id, code, message: message.slice(0, 2000), ...extra };
}
