// The legal rules as the shared domain rules apply them (issue 13). These are the rules the
// console's outbox and the backend both run (shared/action-rules.ts applyActionRules); the outbox and
// backend integration tests prove each side calls them.
import { describe, expect, it } from 'vitest';
import { ActionIntent, type Action } from '../../shared/action-schemas';
import { applyActionRules, type RuleContext } from '../../shared/action-rules';
import type { PrivacyRequest } from '../../shared/domain';
import { EXEMPTIONS, exemptionProblem, exemptionsFor } from '../../shared/exemptions';
import { IntakePayload } from '../../shared/intake';
import { dateIn } from '../../shared/clocks/zone';
import { verifiedCorrections } from '../../shared/rectification';

const req = (over: Partial<PrivacyRequest> = {}): PrivacyRequest => ({
  id: 'r1',
  subjectId: 's1',
  type: 'access',
  jurisdiction: 'gdpr',
  status: 'in_progress',
  channel: 'email',
  receivedOn: '2026-03-31',
  version: 3,
  assignee: null,
  viaAgent: false,
  extended: false,
  legalHold: false,
  summary: '',
  updatedAt: '2026-03-31T09:00:00.000Z',
  respondedOn: null,
  response: null,
  denialBasis: null,
  acknowledgedOn: null,
  acknowledgedVia: null,
  refusedLate: false,
  ...over,
});

/** Parses the action as the outbox and the backend do (zod at the boundary), then applies it. */
function apply(r: PrivacyRequest, kind: Action['kind'], payload: unknown, ctx: RuleContext) {
  const intent = ActionIntent.parse({ kind, requestId: r.id, payload });
  return applyActionRules(r, intent as Pick<Action, 'kind' | 'payload'>, ctx);
}

describe('item 2: the clock runs until the work is done; respondedOn is that day', () => {
  it.each<[PrivacyRequest['type'], Action['kind'], unknown]>([
    ['access', 'export.delivered', { bundleSha256: 'a'.repeat(64), deliveredVia: 'portal' }],
    ['erasure', 'erasure.execute', {}],
  ])('%s: approval leaves respondedOn null; %s sets it', (type, kind, payload) => {
    const approved = apply(req({ type }), 'request.approve', {}, { today: '2026-04-10' });
    expect(approved).toMatchObject({ ok: true, next: { status: 'approved', respondedOn: null } });
    if (!approved.ok) return;
    const done = apply({ ...approved.next, version: 4, updatedAt: '' }, kind, payload, {
      today: '2026-04-20',
    });
    expect(done).toMatchObject({ ok: true, next: { status: 'completed', respondedOn: '2026-04-20' } });
  });
  it('an objection is answered by its approval', () => {
    expect(apply(req({ type: 'objection' }), 'request.approve', {}, { today: '2026-04-10' })).toMatchObject({
      ok: true,
      next: { respondedOn: '2026-04-10' },
    });
  });
});

describe('item 3: extensions within the first period, once, with the reasons given', () => {
  it.each<[string, Partial<PrivacyRequest>, string, boolean, RegExp | null]>([
    // [why, request, today, accepted, message]
    ['GDPR on the last day of the first month (31 Mar → 30 Apr)', {}, '2026-04-30', true, null],
    [
      'GDPR the day after',
      {},
      '2026-05-01',
      false,
      /within the first period, by 2026-04-30; it is 2026-05-01/,
    ],
    ['GDPR a second time', { extended: true }, '2026-04-02', false, /already extended once/],
    // 31 Jan 2026 + 1 month = 28 Feb, a Saturday → Mon 2 Mar: still in time on 2 Mar.
    ['GDPR month end moved off the weekend', { receivedOn: '2026-01-31' }, '2026-03-02', true, null],
    ['CCPA on day 45', { jurisdiction: 'ccpa', receivedOn: '2026-01-01' }, '2026-02-15', true, null],
    [
      'CCPA on day 46',
      { jurisdiction: 'ccpa', receivedOn: '2026-01-01' },
      '2026-02-16',
      false,
      /by 2026-02-15/,
    ],
    [
      'CCPA opt-out: never',
      { jurisdiction: 'ccpa', type: 'opt_out', receivedOn: '2026-01-05' },
      '2026-01-06',
      false,
      /cannot be extended/,
    ],
  ])('%s', (_why, over, today, accepted, message) => {
    const r = apply(
      req(over),
      'request.extend',
      { reason: 'Complex request: three systems to search.' },
      { today },
    );
    expect(r.ok).toBe(accepted);
    if (!r.ok && message) expect(r.message).toMatch(message);
  });
  it('the reasons are required', () => {
    expect(() =>
      ActionIntent.parse({ kind: 'request.extend', requestId: 'r1', payload: { reason: ' ' } }),
    ).toThrow();
  });
});

describe('item 4: a GDPR refusal after one month is allowed but recorded as late', () => {
  const deny = {
    reason: 'Excessive',
    exemption: 'manifestly-unfounded',
    remedyInfo: 'You may complain to the BfDI.',
  };
  it.each<[string, Partial<PrivacyRequest>, string, boolean]>([
    ['on refuseBy (30 Apr)', {}, '2026-04-30', false],
    ['the day after', {}, '2026-05-01', true],
    ['extended: the refusal is still due within one month', { extended: true }, '2026-05-01', true],
  ])('%s', (_why, over, today, late) => {
    expect(apply(req(over), 'request.deny', deny, { today })).toMatchObject({
      ok: true,
      next: { status: 'denied', refusedLate: late, respondedOn: today },
    });
  });
  it('a GDPR refusal records the complaint and remedy information given', () => {
    const r = apply(
      req(),
      'request.deny',
      { reason: 'Excessive', exemption: 'manifestly-unfounded' },
      { today: '2026-04-01' },
    );
    expect(r).toMatchObject({ ok: false, code: 'INVALID' });
    if (!r.ok) expect(r.message).toMatch(/Art\. 12\(4\)/);
  });
  it('a CCPA refusal is never late under Art. 12(4)', () => {
    const r = apply(
      req({ jurisdiction: 'ccpa', type: 'erasure' }),
      'request.deny',
      { reason: 'Needed for security', exemption: 'ccpa-1798.105-d-2' },
      { today: '2026-07-01' },
    );
    expect(r).toMatchObject({ ok: true, next: { refusedLate: false } });
  });
});

describe('item 5: an agent’s request needs signed permission or a power of attorney', () => {
  const points = ['email', 'employee_id'];
  it.each<[unknown, boolean]>([
    [{ points }, false],
    [{ points, agentPermissionChecked: true }, true],
    [{ points, agentAuthority: 'power_of_attorney' }, true],
  ])('%o → %s', (payload, ok) => {
    expect(apply(req({ viaAgent: true }), 'request.verify', payload, {}).ok).toBe(ok);
  });
  it('without an agent, no permission is needed', () => {
    expect(apply(req(), 'request.verify', { points }, {}).ok).toBe(true);
  });
});

describe('item 6: CCPA opt-out and limit; objection and restriction are GDPR rights', () => {
  it.each([
    ['ccpa', 'objection', /opt_out/],
    ['ccpa', 'restriction', /limit/],
    ['gdpr', 'opt_out', /objection/],
    ['gdpr', 'limit', /restriction/],
  ])('an intake of %s %s is refused naming the request to use', (jurisdiction, type, message) => {
    const r = IntakePayload.safeParse({
      subject: { by: 'email', email: 'a@example.com' },
      type,
      jurisdiction,
      receivedOn: '2026-03-02',
      channel: 'email',
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(message);
  });
  it('an opt-out is not verified (§7060(b))', () => {
    const r = apply(
      req({ jurisdiction: 'ccpa', type: 'opt_out' }),
      'request.verify',
      { points: ['email', 'phone'] },
      {},
    );
    expect(r).toMatchObject({ ok: false, code: 'INVALID' });
    expect(
      apply(req({ jurisdiction: 'ccpa', type: 'opt_out' }), 'request.approve', {}, { today: '2026-04-01' }),
    ).toMatchObject({
      ok: true,
      next: { status: 'approved', respondedOn: '2026-04-01' },
    });
  });
});

describe('item 7: exemptions fit the jurisdiction and the request type', () => {
  it.each<[string, PrivacyRequest['jurisdiction'], PrivacyRequest['type'], boolean]>([
    ['gdpr-17-3-e', 'ccpa', 'access', false], // the issue's example
    ['gdpr-17-3-e', 'gdpr', 'erasure', true],
    ['gdpr-17-3-e', 'gdpr', 'access', false],
    ['ccpa-1798.105-d-8', 'gdpr', 'erasure', false],
    ['ccpa-1798.105-d-8', 'ccpa', 'erasure', true],
    ['ccpa-1798.105-d-8', 'ccpa', 'access', false],
    ['manifestly-unfounded', 'gdpr', 'portability', true], // Art. 12(5): any request
    ['manifestly-unfounded', 'ccpa', 'access', false],
    ['ccpa-1798.145-h-3', 'ccpa', 'access', true],
    ['gdpr-11-2', 'gdpr', 'rectification', true],
    ['gdpr-11-2', 'gdpr', 'objection', false], // Art. 11(2) covers Arts 15–20, not 21
    ['gdpr-15-4', 'gdpr', 'access', true],
    ['gdpr-15-4', 'gdpr', 'erasure', false],
    ['gdpr-23', 'gdpr', 'objection', true],
    ['ccpa-7024-d', 'ccpa', 'access_specific', true],
    ['ccpa-7024-d', 'ccpa', 'erasure', false],
    ['ccpa-7023-accurate', 'ccpa', 'rectification', true],
    ['ccpa-7023-accurate', 'gdpr', 'rectification', false],
    ['not-verified', 'ccpa', 'opt_out', false], // opt-outs are not verified
    ['not-verified', 'gdpr', 'access', true],
  ])('%s on a %s %s request: %s', (code, jurisdiction, type, fits) => {
    const r = apply(
      req({ jurisdiction, type }),
      'request.deny',
      { reason: 'r', exemption: code, remedyInfo: 'Complain to the supervisory authority.' },
      { today: '2026-04-01' },
    );
    expect(r.ok).toBe(fits);
    if (!r.ok) expect(r.message).toMatch(/does not apply to a/);
  });
  it('a partial approval and the datasets an erasure keeps are checked too', () => {
    expect(
      apply(req({ jurisdiction: 'ccpa' }), 'request.approve', { partial: true, exemption: 'gdpr-15-4' }, {})
        .ok,
    ).toBe(false);
    expect(
      apply(
        req({ type: 'erasure', status: 'approved' }),
        'erasure.execute',
        { exemptionsKept: ['ccpa-1798.105-d-8'] },
        {},
      ).ok,
    ).toBe(false);
    expect(
      apply(
        req({ type: 'erasure', status: 'approved' }),
        'erasure.execute',
        { exemptionsKept: ['gdpr-17-3-b'] },
        {},
      ).ok,
    ).toBe(true);
  });
  it('every exemption fits at least one request, and each request type has one to cite', () => {
    expect(exemptionProblem('gdpr-17-3-e', 'ccpa', 'access')).toMatch(/GDPR Art\. 17\(3\)\(e\).*CCPA access/);
    for (const code of Object.keys(EXEMPTIONS))
      expect(EXEMPTIONS[code as keyof typeof EXEMPTIONS].label).not.toBe('');
    expect(exemptionsFor('ccpa', 'access')).toContain('ccpa-7024-c');
    expect(exemptionsFor('ccpa', 'access')).not.toContain('gdpr-17-3-e');
  });
});

describe('item 8: a corrected field is not a verification point', () => {
  it.each<[unknown, boolean]>([
    [{ points: ['email', 'employee_id'], corrects: ['email'] }, false],
    [{ points: ['employee_id', 'device_name'], corrects: ['email'] }, true],
    [{ points: ['employee_id', 'device_name'] }, false], // the corrected fields must be named
    [{ points: ['display_name', 'recent_ip'], corrects: ['displayName', 'department'] }, false],
  ])('%o → %s', (payload, ok) => {
    const r = apply(req({ type: 'rectification' }), 'request.verify', payload, {});
    expect(r.ok).toBe(ok);
  });

  it('the correction applies only the fields its verification named', () => {
    const approved = req({ type: 'rectification', status: 'approved' });
    const verified = [
      {
        at: '2026-04-01T09:00:00.000Z',
        detail: { points: ['employee_id', 'device_name'], corrects: ['displayName'] },
      },
      {
        at: '2026-04-02T09:00:00.000Z',
        detail: { points: ['employee_id', 'device_name'], corrects: ['email'] },
      },
    ];
    // The latest verification counts, whatever the order the history comes in.
    const correctedFields = verifiedCorrections([...verified].reverse());
    expect(correctedFields).toEqual(['email']);
    const named = apply(
      approved,
      'rectification.apply',
      { changes: { email: 'a@example.test' } },
      { correctedFields },
    );
    expect(named.ok).toBe(true);
    const beyond = apply(
      approved,
      'rectification.apply',
      { changes: { employeeId: 'E-1' } },
      { correctedFields },
    );
    expect(beyond).toMatchObject({
      ok: false,
      code: 'INVALID',
      message: expect.stringContaining('Employee id was not among them'),
    });
    // A verification that named no fields (before the rule) is not judged.
    expect(
      verifiedCorrections([{ at: '2026-04-01T09:00:00.000Z', detail: { matched: ['email'] } }]),
    ).toBeNull();
    expect(
      apply(approved, 'rectification.apply', { changes: { employeeId: 'E-1' } }, { correctedFields: null })
        .ok,
    ).toBe(true);
  });
});

describe('item 9: a signed declaration is recorded with a reference', () => {
  const points = ['email', 'username', 'recent_ip'];
  it('true alone is refused at the boundary', () => {
    expect(
      ActionIntent.safeParse({
        kind: 'request.verify',
        requestId: 'r1',
        payload: { points, signedDeclaration: true },
      }).success,
    ).toBe(false);
  });
  it.each([{ documentId: 'DMS-2026-0042' }, { sha256: 'b'.repeat(64) }])(
    'accepted with %o',
    (declaration) => {
      expect(
        apply(
          req({ jurisdiction: 'ccpa', type: 'access_specific' }),
          'request.verify',
          { points, signedDeclaration: true, declaration },
          {},
        ).ok,
      ).toBe(true);
    },
  );
});

describe('item 10: request.acknowledge closes the acknowledgement clock when recorded', () => {
  const ccpa = req({ jurisdiction: 'ccpa', receivedOn: '2026-03-02' });
  it('records the date and channel', () => {
    expect(
      apply(ccpa, 'request.acknowledge', { channel: 'email', on: '2026-03-03' }, { today: '2026-03-04' }),
    ).toMatchObject({
      ok: true,
      next: { acknowledgedOn: '2026-03-03', acknowledgedVia: 'email' },
    });
  });
  it.each([
    [{ channel: 'email', on: '2026-03-01' }, {}, /cannot precede the receipt/],
    [{ channel: 'email', on: '2026-03-05' }, {}, /in the future/],
    [{ channel: 'letter', on: '2026-03-03' }, { acknowledgedOn: '2026-03-02' }, /already confirmed/],
  ])('refuses %o', (payload, over, message) => {
    const r = apply({ ...ccpa, ...over }, 'request.acknowledge', payload, { today: '2026-03-04' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe('item 11: dates of record in the organisation’s time zone', () => {
  it('a reply sent on a Pacific evening is recorded that evening’s date', () => {
    const instant = new Date('2026-04-21T04:30:00Z'); // 20 Apr, 21:30 in Los Angeles
    const today = dateIn('America/Los_Angeles', instant);
    expect(today).toBe('2026-04-20');
    expect(dateIn('UTC', instant)).toBe('2026-04-21');
    const r = apply(req({ type: 'objection' }), 'request.approve', {}, { today });
    expect(r).toMatchObject({ ok: true, next: { respondedOn: '2026-04-20' } });
  });
  it('east of UTC, the date of record is already the next day', () => {
    expect(dateIn('Europe/Berlin', new Date('2026-04-20T22:30:00Z'))).toBe('2026-04-21');
  });
});
