import { describe, expect, it } from 'vitest';
import {
  compareByDeadline,
  localToday,
  requestClocks,
  urgencyOf,
  verificationProblem,
  verificationRequirement,
} from '../../shared/casework';
import { applyActionRules } from '../../shared/action-rules';
import type { PrivacyRequest } from '../../shared/domain';
import { requestFixture } from '../helpers/request-fixture';

const req = (over: Partial<PrivacyRequest> = {}): PrivacyRequest =>
  requestFixture({
    subjectId: null,
    receivedOn: '2024-01-31',
    updatedAt: '2024-01-31T00:00:00.000Z',
    ...over,
  });

describe('requestClocks', () => {
  it('GDPR: respond by the last day of a shorter month, days left and urgency', () => {
    const rc = requestClocks(req(), '2024-02-25');
    expect(rc.clocks.respondBy).toBe('2024-02-29');
    expect(rc.next).toEqual({ kind: 'respond', date: '2024-02-29', daysLeft: 4 });
    expect(rc.urgency).toBe('due_soon');
  });
  it('CCPA: acknowledge first until the confirmation is recorded, then respond', () => {
    const c = req({ jurisdiction: 'ccpa', type: 'access', receivedOn: '2024-03-01' });
    expect(requestClocks(c, '2024-03-02').next?.kind).toBe('acknowledge');
    // Work having started does not confirm the receipt (issue 13, item 10).
    expect(requestClocks({ ...c, status: 'in_progress' }, '2024-03-02').next?.kind).toBe('acknowledge');
    const acked = requestClocks({ ...c, status: 'in_progress', acknowledgedOn: '2024-03-04' }, '2024-03-02');
    expect(acked.next).toEqual({ kind: 'respond', date: '2024-04-15', daysLeft: 44 });
    expect(acked.urgency).toBeNull();
  });
  it('an unacknowledged CCPA request past its confirmation date is overdue', () => {
    const c = req({ jurisdiction: 'ccpa', type: 'erasure', receivedOn: '2024-03-01', status: 'in_progress' });
    // 10th business day after Fri 1 Mar 2024 = Fri 15 Mar.
    expect(requestClocks(c, '2024-03-18')).toMatchObject({
      next: { kind: 'acknowledge', date: '2024-03-15', daysLeft: -3 },
      urgency: 'overdue',
    });
  });
  it('overdue, extended, done', () => {
    expect(requestClocks(req(), '2024-03-05').urgency).toBe('overdue');
    expect(requestClocks(req({ extended: true }), '2024-03-05').next?.date).toBe('2024-04-30');
    expect(requestClocks(req({ status: 'completed' }), '2024-03-05')).toMatchObject({
      next: null,
      urgency: null,
    });
    expect(requestClocks(req({ status: 'denied' }), '2024-03-05')).toMatchObject({
      next: null,
      urgency: null,
    });
  });
  it.each<[PrivacyRequest['type'], boolean]>([
    ['access', true], // the export is still to be delivered
    ['portability', true],
    ['erasure', true], // the erasure is still to be executed
    ['rectification', true], // the correction is still to be applied
    ['restriction', true], // the restriction is still to be placed
    ['objection', false], // approving the objection is the response
  ])('approved %s: the clock keeps running: %s (issue 13, item 2)', (type, running) => {
    const rc = requestClocks(req({ type, status: 'approved' }), '2024-03-05');
    expect(rc.next !== null).toBe(running);
    if (running) expect(rc.urgency).toBe('overdue');
  });
  it('urgency boundaries and sort order', () => {
    expect([urgencyOf(-1), urgencyOf(0), urgencyOf(7), urgencyOf(8)]).toEqual([
      'overdue',
      'due_soon',
      'due_soon',
      null,
    ]);
    const a = requestClocks(req({ receivedOn: '2024-01-10' }), '2024-01-20');
    const b = requestClocks(req({ receivedOn: '2024-01-05' }), '2024-01-20');
    const d = requestClocks(req({ status: 'completed' }), '2024-01-20');
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
    ).toMatch(/Record the signed declaration/);
    expect(
      verificationProblem('access_specific', {
        points: ['email', 'username', 'recent_ip'],
        signedDeclaration: true,
        declaration: { documentId: 'DMS-1' },
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
