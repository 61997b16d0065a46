import { describe, expect, it } from 'vitest';
import {
  compareByDeadline,
  localToday,
  requestClocks,
  urgencyOf,
  verificationProblem,
  verificationRequirement,
} from '../../shared/casework';
import { applyActionRules } from '../../shared/actions';
import type { PrivacyRequest } from '../../shared/domain';

const req = (over: Partial<PrivacyRequest> = {}): PrivacyRequest => ({
  id: 'r1',
  subjectId: null,
  type: 'erasure',
  jurisdiction: 'gdpr',
  status: 'received',
  channel: 'email',
  receivedOn: '2024-01-31',
  version: 1,
  assignee: null,
  viaAgent: false,
  extended: false,
  legalHold: false,
  summary: '',
  updatedAt: '2024-01-31T00:00:00.000Z',
  respondedOn: null,
  response: null,
  denialBasis: null,
  ...over,
});

describe('requestClocks', () => {
  it('GDPR: respond by the last day of a shorter month, days left and urgency', () => {
    const rc = requestClocks(req(), '2024-02-25', false);
    expect(rc.clocks.respondBy).toBe('2024-02-29');
    expect(rc.next).toEqual({ kind: 'respond', date: '2024-02-29', daysLeft: 4 });
    expect(rc.urgency).toBe('due_soon');
  });
  it('CCPA: acknowledge first while received, then respond once work started', () => {
    const c = req({ jurisdiction: 'ccpa', type: 'access', receivedOn: '2024-03-01' });
    expect(requestClocks(c, '2024-03-02', false).next?.kind).toBe('acknowledge');
    const started = requestClocks({ ...c, status: 'in_progress' }, '2024-03-02', false);
    expect(started.next).toEqual({ kind: 'respond', date: '2024-04-15', daysLeft: 44 });
    expect(started.urgency).toBeNull();
  });
  it('overdue, extended, decided', () => {
    expect(requestClocks(req(), '2024-03-05', false).urgency).toBe('overdue');
    expect(requestClocks(req({ extended: true }), '2024-03-05', false).next?.date).toBe('2024-04-30');
    expect(requestClocks(req(), '2024-03-05', true)).toMatchObject({ next: null, urgency: null });
  });
  it('urgency boundaries and sort order', () => {
    expect([urgencyOf(-1), urgencyOf(0), urgencyOf(7), urgencyOf(8)]).toEqual([
      'overdue',
      'due_soon',
      'due_soon',
      null,
    ]);
    const a = requestClocks(req({ receivedOn: '2024-01-10' }), '2024-01-20', false);
    const b = requestClocks(req({ receivedOn: '2024-01-05' }), '2024-01-20', false);
    const d = requestClocks(req(), '2024-01-20', true);
    expect([a, d, b].sort(compareByDeadline)).toEqual([b, a, d]);
  });
  it('localToday formats a local date', () => {
    expect(localToday(new Date(2024, 1, 9, 12))).toBe('2024-02-09');
  });
});

describe('verification requirement', () => {
  it('2 points for categories and deletion, 3 + declaration for specific pieces', () => {
    expect(verificationRequirement('access')).toEqual({ points: 2, signedDeclaration: false });
    expect(verificationRequirement('erasure')).toEqual({ points: 2, signedDeclaration: false });
    expect(verificationRequirement('access_specific')).toEqual({ points: 3, signedDeclaration: true });
    expect(verificationProblem('erasure', { points: ['email'] })).toMatch(/at least 2/);
    expect(verificationProblem('erasure', { points: ['email', 'username'] })).toBeNull();
    expect(verificationProblem('access_specific', { points: ['email', 'username', 'recent_ip'] })).toMatch(
      /signed declaration/,
    );
    expect(
      verificationProblem('access_specific', {
        points: ['email', 'username', 'recent_ip'],
        signedDeclaration: true,
      }),
    ).toBeNull();
    expect(verificationProblem('access', { points: ['email', 'username'] }, true)).toMatch(/permission/);
  });
  it('the shared domain rule refuses an insufficient verification', () => {
    const r = applyActionRules(req(), {
      kind: 'request.verify',
      payload: { points: ['email'], signedDeclaration: false, agentPermissionChecked: false },
    });
    expect(r).toMatchObject({ ok: false, code: 'INVALID' });
    const ok = applyActionRules(req(), {
      kind: 'request.verify',
      payload: { points: ['email', 'username'], signedDeclaration: false, agentPermissionChecked: false },
    });
    expect(ok.ok).toBe(true);
  });
});
