// The outbox and conflicts of an erased person (issue 11, main/core/outbox/erasure-scrub.ts), kind by
// kind on a real encrypted cache: sent actions keep id, kind and status and lose the person's
// values; an unsent correction or text naming them is discarded and audited; an unsent intake
// (a new request) and actions holding none of their values are left alone; every row still
// reads as a stored action.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { openCacheDb } from '../../main/core/cache/open';
import { CacheDatabase } from '../../main/core/cache/store';
import { verifyAuditChain } from '../../main/core/outbox/audit';
import { DISCARDED_CODE, Outbox } from '../../main/core/outbox/outbox';
import { ERASED_TEXT, scrubOutboxOf, SUBJECT_ERASED_MESSAGE } from '../../main/core/outbox/erasure-scrub';
import { StoredAction } from '../../shared/action-schemas';
import type { PrivacyRequest } from '../../shared/domain';
import { ORG_SETTINGS_TARGET, DEFAULT_ORG_SETTINGS } from '../../shared/org-settings';

const PERSON = '0b6f7a52-3f55-4c84-9d0e-5a3c1d2e4f60';
const THEIRS = '019d0000-0000-7000-8000-0000000000a1';
const OTHER = '019d0000-0000-7000-8000-0000000000b2';
const TERMS = [PERSON, 'gary.miller', 'gary.miller@example.test', 'Gary Miller', 'portal'];

const request = (id: string, subjectId: string | null): PrivacyRequest => ({
  id,
  subjectId,
  type: 'rectification',
  jurisdiction: 'gdpr',
  status: 'approved',
  channel: 'email',
  receivedOn: '2026-05-01',
  version: 3,
  assignee: null,
  viaAgent: false,
  extended: false,
  legalHold: false,
  summary: 'Entered by hand',
  updatedAt: '2026-05-01T10:00:00.000Z',
  respondedOn: null,
  response: null,
  denialBasis: null,
  acknowledgedOn: null,
  acknowledgedVia: null,
  refusedLate: false,
});

function seeded() {
  const db = openCacheDb({
    path: join(mkdtempSync(join(tmpdir(), 'zta-scrub-unit-')), 'cache.sqlite'),
    key: { kind: 'raw', key: new Uint8Array(randomBytes(32)) },
  });
  const store = new CacheDatabase(db);
  store.applyItems('requests', [
    { op: 'upsert', seq: 1, data: request(THEIRS, PERSON) },
    { op: 'upsert', seq: 2, data: request(OTHER, null) },
  ]);
  const put = (
    status: 'pending' | 'applied' | 'rejected',
    kind: string,
    requestId: string,
    payload: unknown,
  ) => {
    const action = StoredAction.parse({
      id: uuidv7(),
      kind,
      requestId,
      baseVersion: 3,
      createdAt: '2026-05-02T10:00:00.000Z',
      payload,
    });
    db.prepare(
      `INSERT INTO outbox (id, kind, request_id, action, queued_at, status, resolved_at, rejection_code, rejection_message)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      action.id,
      kind,
      requestId,
      JSON.stringify(action),
      '2026-05-02T10:00:00.000Z',
      status,
      status === 'pending' ? null : '2026-05-02T10:01:00.000Z',
      status === 'rejected' ? 'INVALID' : null,
      status === 'rejected' ? 'Gary Miller is already corrected' : null,
    );
    return action.id;
  };
  return { db, put, outbox: new Outbox(db) };
}

const payloadOf = (outbox: Outbox, id: string) => outbox.get(id)!.action.payload as Record<string, unknown>;

describe('scrubOutboxOf', () => {
  it('removes the person’s values from sent actions, keeping id, kind, status and the corrected fields’ names', () => {
    const { db, put, outbox } = seeded();
    const fix = put('applied', 'rectification.apply', THEIRS, {
      changes: { email: 'gary.new@example.test', department: null, displayName: 'Gareth Miller' },
    });
    const intake = put('applied', 'request.intake', THEIRS, {
      subject: { by: 'email', email: 'gary.miller@example.test' },
      type: 'rectification',
      jurisdiction: 'gdpr',
      receivedOn: '2026-05-01',
      channel: 'letter',
      agent: { name: 'Agent of Gary', signedPermission: true },
      note: 'Sent by post',
    });
    const deny = put('rejected', 'request.deny', THEIRS, {
      reason: 'Manifestly unfounded',
      exemption: 'manifestly-unfounded',
    });
    const naming = put('applied', 'request.note', OTHER, { text: 'Same as gary.miller asked' });
    const plain = put('applied', 'request.note', OTHER, { text: 'Nothing personal' });
    const enumWord = put('applied', 'request.acknowledge', OTHER, { channel: 'portal', on: '2026-05-02' });
    const settings = put('applied', 'settings.update', ORG_SETTINGS_TARGET, {
      settings: DEFAULT_ORG_SETTINGS,
      fromVersion: 1,
    });
    db.prepare(
      `INSERT INTO conflicts (id, request_id, code, message, current, rejected_at) VALUES (?, ?, 'INVALID', ?, ?, ?)`,
    ).run(deny, THEIRS, 'Gary Miller is already corrected', JSON.stringify(request(THEIRS, PERSON)), 'x');

    const changed = db.transaction(() => scrubOutboxOf(db, PERSON, TERMS))();

    expect(payloadOf(outbox, fix)).toEqual({
      changes: { email: 'erased@anonymised.invalid', department: null, displayName: ERASED_TEXT },
    });
    expect(payloadOf(outbox, intake)).toEqual({
      subject: { by: 'id', id: PERSON },
      type: 'rectification',
      jurisdiction: 'gdpr',
      receivedOn: '2026-05-01',
      channel: 'letter',
      agent: { name: ERASED_TEXT, signedPermission: true },
      note: ERASED_TEXT,
    });
    // Every free text on their requests goes, named or not; the exemption code stays.
    expect(payloadOf(outbox, deny)).toEqual({ reason: ERASED_TEXT, exemption: 'manifestly-unfounded' });
    expect(outbox.get(deny)).toMatchObject({ status: 'rejected', rejectionMessage: ERASED_TEXT });
    // Elsewhere only what names them.
    expect(payloadOf(outbox, naming)).toEqual({ text: ERASED_TEXT });
    expect(payloadOf(outbox, plain)).toEqual({ text: 'Nothing personal' });
    // An enum word that contains a term is not personal data: the row stays a valid action.
    expect(payloadOf(outbox, enumWord)).toEqual({ channel: 'portal', on: '2026-05-02' });
    expect(payloadOf(outbox, settings)).toEqual({ settings: DEFAULT_ORG_SETTINGS, fromVersion: 1 });
    expect(changed).toBe(4);
    // The conflict keeps its code, loses the copy of their request and the message naming them.
    expect(db.prepare('SELECT message, current FROM conflicts WHERE id = ?').get(deny)).toEqual({
      message: ERASED_TEXT,
      current: null,
    });
    expect(outbox.list(100).recent).toHaveLength(7);
    expect(outbox.conflicts.list(true)).toHaveLength(1);
    const text = JSON.stringify(db.prepare('SELECT * FROM outbox').all());
    for (const t of TERMS.slice(1, 4)) expect(text.toLowerCase()).not.toContain(t.toLowerCase());
  });

  it('discards, with a reason and an audit entry, unsent actions holding their values; leaves the others', () => {
    const { db, put, outbox } = seeded();
    const fix = put('pending', 'rectification.apply', THEIRS, {
      changes: { email: 'gary.fix@example.test' },
    });
    const naming = put('pending', 'request.note', THEIRS, { text: 'Called Gary Miller' });
    const notified = put('pending', 'request.note', THEIRS, {
      text: 'Art. 19 notification sent to recipient r1 (Payroll Ltd)',
    });
    const ack = put('pending', 'request.acknowledge', THEIRS, { channel: 'email', on: '2026-05-02' });
    const newRequest = put('pending', 'request.intake', uuidv7(), {
      subject: { by: 'email', email: 'gary.miller@example.test' },
      type: 'access',
      jurisdiction: 'gdpr',
      receivedOn: '2026-05-01',
      channel: 'email',
    });

    db.transaction(() => scrubOutboxOf(db, PERSON, TERMS))();

    for (const id of [fix, naming]) {
      expect(outbox.get(id)).toMatchObject({
        status: 'rejected',
        rejectionCode: DISCARDED_CODE,
        rejectionMessage: SUBJECT_ERASED_MESSAGE,
      });
    }
    expect(payloadOf(outbox, fix)).toEqual({ changes: { email: 'erased@anonymised.invalid' } });
    expect(payloadOf(outbox, naming)).toEqual({ text: ERASED_TEXT });
    // A Notified note, an acknowledgement and a new request from them still go to the backend.
    for (const id of [notified, ack, newRequest]) expect(outbox.get(id)?.status).toBe('pending');
    expect(payloadOf(outbox, newRequest)).toMatchObject({
      subject: { by: 'email', email: 'gary.miller@example.test' },
    });
    const audited = db
      .prepare("SELECT ref, detail FROM audit_log WHERE event = 'action.discarded' ORDER BY seq")
      .all() as { ref: string; detail: string }[];
    expect(audited.map((a) => a.ref)).toEqual([fix, naming]);
    expect(JSON.parse(audited[0]!.detail)).toEqual({
      kind: 'rectification.apply',
      requestId: THEIRS,
      reason: 'subject_erased',
      subjectId: PERSON,
    });
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, entries: 2 });
    expect(outbox.pendingBatch(10).map((a) => a.id)).toEqual([notified, ack, newRequest]);
  });
});
