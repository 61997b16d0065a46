// Rectification carried out (GDPR Art. 16, CCPA 1798.106): the corrected values of the subject
// fields the backend holds and an admin may correct. The username is not among them: it is the
// sign-in identifier of the ZTA service, changed there, not by a privacy request.
// Pure TypeScript + zod: no node:*, no DOM.
import { z } from 'zod';
import type { Subject } from './domain';

export const RECTIFIABLE_FIELDS = ['displayName', 'email', 'employeeId', 'department'] as const;
export type RectifiableField = (typeof RECTIFIABLE_FIELDS)[number];

export const RECTIFIABLE_FIELD_LABELS: Record<RectifiableField, string> = {
  displayName: 'Display name',
  email: 'Email address',
  employeeId: 'Employee id',
  department: 'Department',
};

/** The corrected values: only the fields that change (at least one). Empty optional = none. */
export const RectificationChanges = z
  .object({
    displayName: z.string().trim().min(1, 'A display name cannot be empty').max(256).optional(),
    email: z.email('Enter a valid email address').max(320).optional(),
    employeeId: z.string().trim().max(64).nullable().optional(),
    department: z.string().trim().max(128).nullable().optional(),
  })
  .strict()
  .refine((c) => Object.values(c).some((v) => v !== undefined), {
    message: 'Enter at least one corrected value',
  });
export type RectificationChanges = z.output<typeof RectificationChanges>;

type Correctable = Pick<Subject, RectifiableField>;

/** The fields whose value `changes` really changes on `subject` (empty strings count as null). */
export function changedFields(subject: Correctable, changes: RectificationChanges): RectifiableField[] {
  const norm = (v: string | null | undefined) => (v === '' ? null : (v ?? null));
  return RECTIFIABLE_FIELDS.filter((f) => {
    const next = changes[f];
    return next !== undefined && norm(next) !== norm(subject[f]);
  });
}

/** `subject` with the corrections applied (optional fields: empty → null). */
export function applyCorrections<S extends Correctable>(subject: S, changes: RectificationChanges): S {
  const out = { ...subject };
  for (const f of RECTIFIABLE_FIELDS) {
    const v = changes[f];
    if (v === undefined) continue;
    if (f === 'displayName' || f === 'email') out[f] = v as string;
    else out[f] = v === '' ? null : v;
  }
  return out;
}

/**
 * The fields the request's latest verification named as corrected (`corrects` on its `verified`
 * history entry or pending `request.verify`); null where the verification recorded none — requests
 * verified before corrections named their fields, which the rule below then cannot judge.
 */
export function verifiedCorrections(
  verifications: readonly { at: string; detail: Record<string, unknown> }[],
): RectifiableField[] | null {
  const latest = [...verifications].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).at(-1);
  const named = z.array(z.enum(RECTIFIABLE_FIELDS)).safeParse(latest?.detail.corrects);
  return named.success ? named.data : null;
}

/**
 * Why `changes` reach beyond the fields the verification named as corrected, or null (issue 13,
 * item 8): a field the verification did not name may have been one of its matching points, and a
 * point the requester proved their identity with must not be overwritten on their word.
 */
export function correctionScopeProblem(
  changes: RectificationChanges,
  corrected: readonly RectifiableField[] | null | undefined,
): string | null {
  if (!corrected) return null;
  const outside = RECTIFIABLE_FIELDS.filter((f) => changes[f] !== undefined && !corrected.includes(f));
  if (outside.length === 0) return null;
  const label = (fs: readonly RectifiableField[]) => fs.map((f) => RECTIFIABLE_FIELD_LABELS[f]).join(', ');
  return `The verification named the fields this correction is about (${label(corrected) || 'none'}); ${label(outside)} ${outside.length === 1 ? 'was' : 'were'} not among them. Correct only the named fields, or take the others as a new rectification request.`;
}
