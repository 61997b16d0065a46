// Erasure reaches the outbox (issue 11, docs/ARCHITECTURE.md §8). The outbox keeps every action it
// sent, with its status, for the history and the audit; payloads can hold the person's values
// (a rectification's corrected email, an intake's email or username, free-text notes and
// reasons). Inside the purge's transaction, for an erased person:
//   - sent actions (applied or rejected) keep id, kind, request, status and times; their
//     payloads lose the person's values: on the person's own requests every free text, the
//     corrected values of a rectification (the corrected FIELDS stay named, as the backend's
//     history names them) and the identifiers of an intake (the subject becomes their id);
//     anywhere else, any string that names one of their identifiers;
//   - unsent actions that hold their values (a rectification of theirs, a text naming them) are
//     scrubbed the same way and discarded with a reason, audited — the backend would refuse a
//     correction of an erased person anyway. An unsent intake is left alone: a new request from
//     the same person is lawful and must reach the backend;
//   - the conflicts of their requests lose the winning state they carried (`current`, a copy of
//     the request), and messages naming them are replaced.
// The audit chain names people by id only and is never rewritten.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { StoredAction } from '../../../shared/action-schemas';
import { ANONYMISED_EMAIL_DOMAIN } from '../../../shared/erasure';
import { appendAudit } from './audit';
import { DISCARDED_CODE } from './outbox';
import type { OutboxRow } from './rows';

/** What a scrubbed value reads as (valid wherever free text is). */
export const ERASED_TEXT = '[erased]';
const ERASED_EMAIL = `erased@${ANONYMISED_EMAIL_DOMAIN}`;
export const SUBJECT_ERASED_MESSAGE =
  'Discarded: the person it is about was erased before it was sent (its values were removed).';

/** Payload keys that hold free text (anything the admin typed about the person). */
const FREE_TEXT = new Set(['reason', 'note', 'text', 'remedyInfo']);
/** What each corrected field's value becomes. */
const CORRECTED: Record<string, string> = {
  displayName: ERASED_TEXT,
  email: ERASED_EMAIL,
  employeeId: ERASED_TEXT,
  department: ERASED_TEXT,
};

type Json = Record<string, unknown>;
type Names = (text: string) => boolean;

/** Case-insensitive substring test for any term (the same match as erasure-scan). */
function namerOf(terms: readonly string[]): Names {
  const lower = terms.filter((t) => t.length > 0).map((t) => t.toLowerCase());
  return (text) => {
    const t = text.toLowerCase();
    return lower.some((term) => t.includes(term));
  };
}

function scrubStrings(value: unknown, key: string | null, freeText: boolean, names: Names): unknown {
  if (typeof value === 'string')
    return (freeText && key !== null && FREE_TEXT.has(key)) || names(value) ? ERASED_TEXT : value;
  if (Array.isArray(value)) return value.map((v) => scrubStrings(v, null, freeText, names));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, scrubStrings(v, k, freeText, names)]),
    );
  return value;
}

interface Scope {
  subjectId: string;
  /** The action is on one of the person's requests. */
  theirs: boolean;
  /** Every free text goes (sent actions on their requests), not only text naming them. */
  freeText: boolean;
  names: Names;
}

function scrubbedPayload(kind: string, payload: Json, s: Scope): Json {
  if (kind === 'settings.update') return payload; // the organisation's, never a person's
  if (kind === 'rectification.apply') {
    const changes = (payload.changes ?? {}) as Json;
    return {
      changes: Object.fromEntries(
        Object.entries(changes).map(([k, v]) =>
          typeof v === 'string' && (s.theirs || s.names(v)) ? [k, CORRECTED[k] ?? ERASED_TEXT] : [k, v],
        ),
      ),
    };
  }
  if (kind === 'request.intake') {
    const subject = (payload.subject ?? {}) as Json;
    const named = subject.by !== 'id' && s.names(String(subject.email ?? subject.username ?? ''));
    if (s.theirs || named) {
      const { agent, note, ...rest } = payload;
      return {
        ...rest,
        subject: { by: 'id', id: s.subjectId },
        ...(agent ? { agent: { ...(agent as Json), name: ERASED_TEXT } } : {}),
        ...(note !== undefined ? { note: ERASED_TEXT } : {}),
      };
    }
  }
  return scrubStrings(payload, null, s.freeText, s.names) as Json;
}

/**
 * The action with its payload scrubbed, still a valid stored action. A value the schema
 * constrains (an enum word, a date, a uuid) that happened to contain a term is put back: such
 * values are never personal data, and the row must stay readable for the outbox and conflicts.
 */
function scrubbedAction(action: Json, s: Scope): Json {
  const original = (action.payload ?? {}) as Json;
  const next: Json = { ...action, payload: scrubbedPayload(String(action.kind), original, s) };
  if (JSON.stringify(next.payload) === JSON.stringify(original)) return action;
  const parsed = StoredAction.safeParse(next);
  if (parsed.success) return next;
  const payload = structuredClone(next.payload) as Json;
  for (const issue of parsed.error.issues) {
    const [head, ...path] = issue.path.map(String);
    if (head !== 'payload' || path.length === 0) continue;
    let from: unknown = original;
    let to: unknown = payload;
    for (const p of path.slice(0, -1)) {
      from = (from as Json | undefined)?.[p];
      to = (to as Json | undefined)?.[p];
    }
    const last = path[path.length - 1]!;
    if (to && typeof to === 'object' && from && typeof from === 'object')
      (to as Json)[last] = (from as Json)[last];
  }
  return { ...action, payload };
}

/** The ids of the person's requests: mirrored, or created by an intake that names them by id. */
function requestsOf(db: Database, subjectId: string): Set<string> {
  const mirrored = db
    .prepare('SELECT id FROM requests WHERE subject_id = ?')
    .pluck()
    .all(subjectId) as string[];
  const intakes = db
    .prepare(
      "SELECT request_id FROM outbox WHERE kind = 'request.intake' AND json_extract(action, '$.payload.subject.id') = ?",
    )
    .pluck()
    .all(subjectId) as string[];
  return new Set([...mirrored, ...intakes]);
}

/**
 * Scrubs the outbox and the conflicts of an erased person (call inside the purge's
 * transaction). `terms`: their identifiers (their id among them is not a value to remove).
 * Returns how many outbox entries changed.
 */
export function scrubOutboxOf(db: Database, subjectId: string, terms: readonly string[]): number {
  const names = namerOf(terms.filter((t) => t !== subjectId));
  const theirs = requestsOf(db, subjectId);
  const at = new Date().toISOString();
  const rows = db.prepare('SELECT * FROM outbox ORDER BY seq').all() as OutboxRow[];
  const update = db.prepare(
    'UPDATE outbox SET action = ?, rejection_message = ?, last_error = ? WHERE id = ?',
  );
  const discard = db.prepare(
    `UPDATE outbox SET action = ?, status = 'rejected', rejection_code = ?, rejection_message = ?,
            last_error = NULL, attention_at = NULL, resolved_at = ? WHERE id = ? AND status = 'pending'`,
  );
  let changed = 0;
  for (const row of rows) {
    const pending = row.status === 'pending';
    if (pending && row.kind === 'request.intake') continue; // a new request is lawful: sent as typed
    const mentions = [row.action, row.rejection_message, row.last_error].some((t) => t !== null && names(t));
    if (!theirs.has(row.request_id) && !mentions) continue; // neither theirs nor naming them
    const scope: Scope = {
      subjectId,
      theirs: theirs.has(row.request_id),
      freeText: !pending && theirs.has(row.request_id),
      names,
    };
    const action = JSON.parse(row.action) as Json;
    const next = JSON.stringify(scrubbedAction(action, scope));
    const payloadChanged = next !== JSON.stringify(action);
    if (pending) {
      if (!payloadChanged) continue; // holds none of their values (an acknowledgement, a Notified note)
      discard.run(next, DISCARDED_CODE, SUBJECT_ERASED_MESSAGE, at, row.id);
      appendAudit(db, {
        at,
        actor: null,
        event: 'action.discarded',
        ref: row.id,
        detail: { kind: row.kind, requestId: row.request_id, reason: 'subject_erased', subjectId },
      });
      changed++;
      continue;
    }
    const message =
      row.rejection_message !== null && names(row.rejection_message) ? ERASED_TEXT : row.rejection_message;
    const lastError = row.last_error !== null && names(row.last_error) ? null : row.last_error;
    if (!payloadChanged && message === row.rejection_message && lastError === row.last_error) continue;
    update.run(next, message, lastError, row.id);
    changed++;
  }
  // A rejection carried the winning state of the request (a copy of it): not kept for theirs.
  const conflicts = db.prepare('SELECT id, request_id, message, current FROM conflicts').all() as {
    id: string;
    request_id: string;
    message: string;
    current: string | null;
  }[];
  const fix = db.prepare('UPDATE conflicts SET message = ?, current = ? WHERE id = ?');
  for (const c of conflicts) {
    const current = c.current !== null && (theirs.has(c.request_id) || names(c.current)) ? null : c.current;
    const message = names(c.message) ? ERASED_TEXT : c.message;
    if (current !== c.current || message !== c.message) fix.run(message, current, c.id);
  }
  return changed;
}
