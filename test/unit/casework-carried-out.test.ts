// Shared rules of casework carried out (issue 5): the date of receipt of a request entered by
// hand, the intake payload, rectification changes, restriction semantics (GDPR Art. 18) and the
// 24-month record a decision fills.
import { describe, expect, it } from 'vitest';
import { Action, ActionIntent } from '../../shared/action-schemas';
import { roleMayDo } from '../../shared/roles';
import { applyActionRules, decisionRecord } from '../../shared/action-rules';
import type { PrivacyRequest } from '../../shared/domain';
import { IntakePayload, latestPossibleDate, receivedOnProblem, requestFromIntake } from '../../shared/intake';
import { applyCorrections, changedFields, RectificationChanges } from '../../shared/rectification';
import { RESTRICTION_BLOCKS } from '../../shared/restriction';
import { requestFixture } from '../helpers/request-fixture';

const NOW = new Date('2026-03-10T12:00:00.000Z');

describe('receivedOnProblem: impossible, malformed and future dates', () => {
  const table: [string, RegExp | null][] = [
    ['2026-03-10', null], // today
    ['2026-03-11', null], // already "today" east of UTC+12 (UTC+14 zones are at 02:00)
    ['2026-03-12', /in the future/],
    ['2027-01-01', /in the future/],
    ['2024-02-29', null], // leap day
    ['2025-02-29', /February 2025 has 28 days/],
    ['2026-02-30', /February 2026 has 28 days/],
    ['2026-04-31', /April 2026 has 30 days/],
    ['2026-01-31', null],
    ['2026-00-10', /no month 0/],
    ['2026-13-01', /no month 13/],
    ['2026-01-00', /January 2026 has 31 days/],
    ['2026-1-5', /use YYYY-MM-DD/],
    ['05/01/2026', /use YYYY-MM-DD/],
    ['', /use YYYY-MM-DD/],
    ['2026-01-05T00:00:00Z', /use YYYY-MM-DD/],
    ['1999-12-31', /too far in the past/],
    ['2000-01-01', null],
  ];
  it.each(table)('%s', (value, want) => {
    const problem = receivedOnProblem(value, NOW);
    if (want === null) expect(problem).toBeNull();
    else expect(problem).toMatch(want);
  });

  it('the latest possible date follows UTC+14', () => {
    expect(latestPossibleDate(new Date('2026-03-10T09:59:59Z'))).toBe('2026-03-10');
    expect(latestPossibleDate(new Date('2026-03-10T10:00:00Z'))).toBe('2026-03-11');
  });
});

describe('IntakePayload', () => {
  const base = {
    subject: { by: 'email', email: 'ada@example.test' },
    type: 'erasure',
    jurisdiction: 'gdpr',
    receivedOn: '2025-12-01',
    channel: 'letter',
  };
  it('accepts a complete intake and an agent', () => {
    expect(
      IntakePayload.parse({ ...base, agent: { name: 'Law Firm LLP', signedPermission: true } }),
    ).toMatchObject({
      channel: 'letter',
      agent: { name: 'Law Firm LLP', signedPermission: true },
    });
  });
  it('refuses impossible dates, unknown channels, bad emails and stray fields', () => {
    const bad = (over: Record<string, unknown>) => IntakePayload.safeParse({ ...base, ...over });
    const r = bad({ receivedOn: '2026-02-30' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch('February 2026 has 28 days');
    expect(bad({ receivedOn: '2999-01-01' }).error?.issues[0]?.message).toMatch('in the future');
    expect(bad({ channel: 'in_app' }).success).toBe(false); // arrives by itself, not entered by hand
    expect(bad({ subject: { by: 'email', email: 'not-an-email' } }).success).toBe(false);
    expect(bad({ subject: { by: 'username', username: '  ' } }).success).toBe(false);
    expect(bad({ extra: 1 }).success).toBe(false);
  });
  it('an intake intent may leave its request id to the core; a queued one carries a UUIDv7', () => {
    expect(ActionIntent.safeParse({ kind: 'request.intake', payload: base }).success).toBe(true);
    const action = {
      kind: 'request.intake',
      payload: base,
      id: '019d0000-0000-7000-8000-000000000001',
      baseVersion: 0,
      createdAt: '2026-03-10T12:00:00.000Z',
    };
    expect(Action.safeParse(action).success).toBe(false);
    expect(Action.safeParse({ ...action, requestId: '019d0000-0000-7000-8000-000000000002' }).success).toBe(
      true,
    );
    expect(Action.safeParse({ ...action, requestId: 'c0ffee00-0000-4000-8000-000000000002' }).success).toBe(
      false,
    );
  });
  it('the overlay request is received, with no personal data in its summary', () => {
    const req = requestFromIntake('r-1', IntakePayload.parse(base), null, '2026-03-10T12:00:00.000Z');
    expect(req).toMatchObject({
      status: 'received',
      receivedOn: '2025-12-01',
      channel: 'letter',
      version: 0,
    });
    expect(req.summary).not.toContain('ada');
  });
  it('analysts may enter requests; viewers may not', () => {
    expect(roleMayDo('analyst', 'request.intake')).toBe(true);
    expect(roleMayDo('viewer', 'request.intake')).toBe(false);
    expect(roleMayDo('analyst', 'rectification.apply')).toBe(false);
    expect(roleMayDo('approver', 'restriction.place')).toBe(true);
  });
});

const req = (over: Partial<PrivacyRequest> = {}): PrivacyRequest =>
  requestFixture({
    type: 'rectification',
    status: 'approved',
    receivedOn: '2026-01-10',
    version: 3,
    updatedAt: '2026-01-10T00:00:00.000Z',
    ...over,
  });
const rectify = { kind: 'rectification.apply' as const, payload: { changes: { email: 'new@example.test' } } };

describe('rectification', () => {
  it('needs at least one corrected value, well-formed', () => {
    expect(RectificationChanges.safeParse({}).success).toBe(false);
    expect(RectificationChanges.safeParse({ email: 'nope' }).success).toBe(false);
    expect(RectificationChanges.safeParse({ displayName: '' }).success).toBe(false);
    expect(RectificationChanges.safeParse({ username: 'x' }).success).toBe(false);
    expect(RectificationChanges.safeParse({ department: null }).success).toBe(true);
  });
  it('changedFields names only the fields whose value really changes', () => {
    const s = { displayName: 'Ada L', email: 'a@x.test', employeeId: null, department: 'R&D' };
    expect(changedFields(s, { displayName: 'Ada L', email: 'b@x.test', employeeId: '' })).toEqual(['email']);
    expect(applyCorrections(s, { department: '' })).toMatchObject({ department: null, displayName: 'Ada L' });
  });
  it('applies to an approved rectification request, completing it', () => {
    expect(applyActionRules(req(), rectify)).toMatchObject({ ok: true, next: { status: 'completed' } });
  });
  it.each([
    [{ type: 'erasure' as const }, /not a rectification/],
    [{ status: 'in_progress' as const }, /only after approval/],
    [{ subjectId: null }, /not linked to a subject/],
  ])('refuses %o', (over, message) => {
    const r = applyActionRules(req(over), rectify);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
  it('a legal hold blocks corrections', () => {
    expect(applyActionRules(req({ legalHold: true }), rectify)).toMatchObject({
      ok: false,
      code: 'ON_LEGAL_HOLD',
    });
  });
});

describe('restriction (GDPR Art. 18)', () => {
  const place = { kind: 'restriction.place' as const, payload: {} };
  const lift = { kind: 'restriction.lift' as const, payload: { reason: 'accuracy verified' } };
  const restr = (over: Partial<PrivacyRequest> = {}) => req({ type: 'restriction', ...over });
  it('is placed on an approved restriction request, once', () => {
    expect(applyActionRules(restr(), place, { subjectRestricted: false })).toMatchObject({ ok: true });
    expect(applyActionRules(restr(), place, { subjectRestricted: true })).toMatchObject({
      ok: false,
      code: 'INVALID',
    });
    expect(applyActionRules(restr({ status: 'received' }), place)).toMatchObject({
      ok: false,
      code: 'INVALID',
    });
    expect(applyActionRules(req(), place)).toMatchObject({ ok: false, code: 'INVALID' });
  });
  it('is lifted only when in force, with a reason', () => {
    expect(applyActionRules(restr({ status: 'completed' }), lift, { subjectRestricted: true })).toMatchObject(
      {
        ok: true,
      },
    );
    expect(applyActionRules(restr(), lift, { subjectRestricted: false })).toMatchObject({ ok: false });
    expect(
      ActionIntent.safeParse({ kind: 'restriction.lift', requestId: 'r1', payload: { reason: ' ' } }).success,
    ).toBe(false);
  });
  it('blocks erasure and export delivery for a restricted subject, not corrections or notes', () => {
    expect(RESTRICTION_BLOCKS).toEqual(['erasure.execute', 'export.delivered']);
    const erasure = req({ type: 'erasure', status: 'approved' });
    const erase = { kind: 'erasure.execute' as const, payload: { exemptionsKept: [] } };
    expect(applyActionRules(erasure, erase, { subjectRestricted: true })).toMatchObject({
      ok: false,
      code: 'RESTRICTED',
    });
    expect(applyActionRules(erasure, erase, { subjectRestricted: false })).toMatchObject({ ok: true });
    const access = req({ type: 'access', status: 'approved' });
    const deliver = {
      kind: 'export.delivered' as const,
      payload: { bundleSha256: 'a'.repeat(64), deliveredVia: 'portal' as const },
    };
    expect(applyActionRules(access, deliver, { subjectRestricted: true })).toMatchObject({
      code: 'RESTRICTED',
    });
    expect(applyActionRules(req(), rectify, { subjectRestricted: true })).toMatchObject({ ok: true });
    const note = { kind: 'request.note' as const, payload: { text: 'x' } };
    expect(applyActionRules(req(), note, { subjectRestricted: true })).toMatchObject({ ok: true });
  });
});

describe('decision records (11 CCR §7101)', () => {
  it('each decision fills response and denial basis', () => {
    expect(decisionRecord({ kind: 'request.approve', payload: { partial: false } })).toEqual({
      response: 'approved',
      denialBasis: null,
    });
    expect(
      decisionRecord({ kind: 'request.approve', payload: { partial: true, exemption: 'gdpr-17-3-e' } }),
    ).toEqual({ response: 'partial', denialBasis: 'gdpr-17-3-e' });
    expect(
      decisionRecord({ kind: 'request.deny', payload: { reason: 'r', exemption: 'not-verified' } }),
    ).toEqual({ response: 'denied', denialBasis: 'not-verified' });
    expect(decisionRecord({ kind: 'request.close_duplicate', payload: { duplicateOf: 'r0' } })).toEqual({
      response: 'duplicate',
      denialBasis: null,
    });
    expect(decisionRecord({ kind: 'request.note', payload: { text: 'x' } })).toBeNull();
  });
  it('the overlay of a denial shows the response before the pull', () => {
    const r = applyActionRules(req({ status: 'in_progress', type: 'erasure', jurisdiction: 'ccpa' }), {
      kind: 'request.deny',
      payload: { reason: 'r', exemption: 'ccpa-1798.105-d-8' },
    });
    expect(r).toMatchObject({
      ok: true,
      next: { status: 'denied', response: 'denied', denialBasis: 'ccpa-1798.105-d-8' },
    });
  });
});
