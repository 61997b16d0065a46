// What an action does to a request's SUBJECT (issue 5): rectification writes the corrected
// values, restriction of processing (GDPR Art. 18) is placed or lifted. One pure rule for both
// sides: the backend applies it to the locked subject row and records its detail; the console
// shows it on the request page until the subjects stream brings the change back.
// Pure TypeScript: no node:*, no DOM.
import type { Action, ActionPayload } from './action-schemas';
import type { SubjectRestriction } from './domain';
import { applyCorrections, changedFields, type RectifiableField } from './rectification';

/** The parts of a subject an action can change. */
export interface ChangeableSubject {
  displayName: string;
  email: string;
  employeeId: string | null;
  department: string | null;
  restricted: boolean;
  restriction: SubjectRestriction | null;
}

export const SAME_VALUES_MESSAGE = 'The corrected values are the same as the current ones.';

export type SubjectChange<S extends ChangeableSubject> =
  | {
      ok: true;
      /** The subject after the action. */
      subject: S;
      /** Rectification: the NAMES of the fields that change (never their values). */
      fields: RectifiableField[];
      /** What the request's history records: field names, the note or reason — never values. */
      detail: Record<string, unknown>;
    }
  | { ok: false; code: 'INVALID'; message: string };

/**
 * The change `action` makes to `subject`, or null when its kind does not touch the subject.
 * `by` is who placed a restriction and when (the backend's admin and clock; the console's own
 * for its overlay).
 */
export function subjectChangeOf<S extends ChangeableSubject>(
  subject: S,
  action: Pick<Action, 'kind' | 'requestId' | 'payload'>,
  by: { actor: string; at: string },
): SubjectChange<S> | null {
  switch (action.kind) {
    case 'rectification.apply': {
      const { changes } = action.payload as ActionPayload<'rectification.apply'>;
      const fields = changedFields(subject, changes);
      if (fields.length === 0) return { ok: false, code: 'INVALID', message: SAME_VALUES_MESSAGE };
      return { ok: true, subject: applyCorrections(subject, changes), fields, detail: { fields } };
    }
    case 'restriction.place': {
      const { note } = action.payload as ActionPayload<'restriction.place'>;
      return {
        ok: true,
        subject: {
          ...subject,
          restricted: true,
          restriction: { since: by.at, by: by.actor, requestId: action.requestId },
        },
        fields: [],
        detail: note ? { note } : {},
      };
    }
    case 'restriction.lift': {
      const { reason } = action.payload as ActionPayload<'restriction.lift'>;
      return {
        ok: true,
        subject: { ...subject, restricted: false, restriction: null },
        fields: [],
        detail: { reason },
      };
    }
    default:
      return null;
  }
}
