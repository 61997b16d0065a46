// Who may do what: the action kinds each role may push. The backend enforces it; the console
// only mirrors it (to hide what the admin may not do). Pure TypeScript: no node:*, no DOM.
import type { Role } from './domain';
import { ACTION_KINDS, type ActionKind } from './action-schemas';

/** Which kinds each role may push (the backend enforces; the console only mirrors it). */
// Analysts (helpdesk) also enter requests that arrived by email or letter: data entry, no decision.
const ANALYST_KINDS: readonly ActionKind[] = [
  'request.note',
  'request.verify',
  'request.assign',
  'request.intake',
  'request.acknowledge',
];
/** Kinds only an owner may push: the organisation's settings. */
export const OWNER_ONLY_KINDS: readonly ActionKind[] = ['settings.update'];
export const ROLE_ACTIONS: Record<Role, readonly ActionKind[]> = {
  viewer: [],
  analyst: ANALYST_KINDS,
  approver: ACTION_KINDS.filter((k) => !OWNER_ONLY_KINDS.includes(k)),
  owner: ACTION_KINDS,
};
export function roleMayDo(role: Role, kind: ActionKind): boolean {
  return ROLE_ACTIONS[role].includes(kind);
}
