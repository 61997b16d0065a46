// Headless erasure (issue 11): `requests`, `erase`, `erasure-scan`. They open the encrypted
// cache in this process (no sync runs; `sync` pushes what `erase` queued). Exit 0 on success,
// 1 on a failed check (errors print with their code), 2 on bad usage.
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ActionIntent } from '../../shared/action-schemas';
import { roleMayDo } from '../../shared/roles';
import { applyActionRules } from '../../shared/action-rules';
import { PrivacyRequest, RequestEvent, RequestStatus, RequestType, Role, Subject } from '../../shared/domain';
import { certificateHtml, notifiedOf, type CertificateInput } from '../../shared/certificate';
import { certificatePdf } from '../core/certificate-pdf';
import { AppError } from '../../shared/errors';
import type { ErasureReceipt } from '../../shared/erasure';
import { CACHE_FILE, openCacheDb } from '../core/cache/open';
import { readOrgSettings } from '../core/cache/org-settings';
import { refuseIfLocked } from '../core/cache/offline-lock';
import { receiptOfRequest } from '../core/cache/erasures';
import { scanForTerms, type ScanHit } from '../core/cache/erasure-scan';
import { buildConsoleServices } from '../core/console-services';
import { requiredKeyProvider } from './key';
import { UsageError } from './output';

/** Opens the cache of `data` in this process; refuses a folder without one (never creates it). */
export async function openExistingCache(
  data: string,
  keyFile?: string,
): Promise<{ db: Database; dataDir: string }> {
  const dataDir = resolve(data);
  const path = join(dataDir, CACHE_FILE);
  if (!existsSync(path))
    throw new AppError(
      'E_NOT_FOUND',
      `No cache in ${dataDir}: run \`zta-console sync --data ${data}\` first.`,
    );
  const key = await requiredKeyProvider(keyFile).getKey();
  const db = openCacheDb({ path, key });
  try {
    // The offline lock (issue 14): these commands read cached data without the core's dispatch.
    refuseIfLocked(db, new Date());
  } catch (err) {
    db.close();
    throw err;
  }
  return { db, dataDir };
}

function cachedRequest(db: Database, id: string): PrivacyRequest | null {
  const row = db.prepare('SELECT data FROM requests WHERE id = ?').get(id) as { data: string } | undefined;
  return row ? PrivacyRequest.parse(JSON.parse(row.data)) : null;
}

function cachedSubject(db: Database, id: string | null): Subject | null {
  if (!id) return null;
  const row = db.prepare('SELECT data FROM subjects WHERE id = ?').get(id) as { data: string } | undefined;
  const s = row ? Subject.safeParse(JSON.parse(row.data)) : null;
  return s?.success ? s.data : null;
}

// ---------------------------------------------------------------------------------------------
// requests

export async function runRequestsCommand(o: {
  data: string;
  keyFile?: string;
  type?: string;
  status?: string;
  json?: boolean;
}): Promise<void> {
  const type = o.type === undefined ? undefined : RequestType.safeParse(o.type);
  if (type && !type.success) throw new UsageError(`--type must be one of ${RequestType.options.join(', ')}.`);
  const status = o.status === undefined ? undefined : RequestStatus.safeParse(o.status);
  if (status && !status.success)
    throw new UsageError(`--status must be one of ${RequestStatus.options.join(', ')}.`);
  const { db } = await openExistingCache(o.data, o.keyFile);
  try {
    const rows = db
      .prepare(
        `SELECT data FROM requests WHERE (@type IS NULL OR type = @type) AND (@status IS NULL OR status = @status)
          ORDER BY received_on DESC, id DESC`,
      )
      .all({ type: type?.data ?? null, status: status?.data ?? null }) as { data: string }[];
    const requests = rows.map((r) => PrivacyRequest.parse(JSON.parse(r.data)));
    if (o.json) {
      process.stdout.write(JSON.stringify(requests, null, 2) + '\n');
      return;
    }
    for (const r of requests)
      process.stdout.write(
        `${r.receivedOn}  ${r.id}  ${r.type.padEnd(15)} ${r.jurisdiction.padEnd(5)} ${r.status.padEnd(18)}` +
          `${r.legalHold ? ' legal hold' : ''}\n`,
      );
    process.stdout.write(`${requests.length} request(s)\n`);
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// erase

export function formatReceipt(r: ErasureReceipt): string {
  const lines = [
    `Erasure receipt ${r.id}`,
    `  request      ${r.requestId ?? '(retention)'}`,
    `  subject id   ${r.subjectId}`,
    `  carried out  ${r.carriedOutAt} by ${r.carriedOutBy}`,
    ...r.outcomes.map(
      (x) =>
        `  ${x.dataset.padEnd(16)} ${x.action} ${x.count}` +
        (x.citation ? ` (${x.citation}, kept until ${x.keepUntil})` : ''),
    ),
    `  SHA-256      ${r.sha256}`,
  ];
  return lines.join('\n') + '\n';
}

export async function runEraseCommand(o: {
  data: string;
  keyFile?: string;
  request: string;
  yes?: boolean;
  json?: boolean;
}): Promise<void> {
  const { db } = await openExistingCache(o.data, o.keyFile);
  try {
    const done = receiptOfRequest(db, o.request);
    if (done) {
      process.stdout.write(
        o.json
          ? JSON.stringify({ status: 'already_carried_out', receipt: done }, null, 2) + '\n'
          : `Already carried out.\n${formatReceipt(done)}`,
      );
      return;
    }
    const request = cachedRequest(db, o.request);
    if (!request) throw new AppError('E_NOT_FOUND', `No request ${o.request} in the cache: sync first.`);
    const queued = db
      .prepare(
        "SELECT id FROM outbox WHERE kind = 'erasure.execute' AND request_id = ? AND status = 'pending'",
      )
      .get(o.request) as { id: string } | undefined;
    if (queued) {
      process.stdout.write(
        o.json
          ? JSON.stringify({ status: 'queued', actionId: queued.id }, null, 2) + '\n'
          : `Already queued (action ${queued.id}); \`zta-console sync\` pushes it.\n`,
      );
      return;
    }
    // The same rules as the console: the role, the request's state, holds and restriction.
    const role = Role.safeParse(
      db.prepare("SELECT value FROM settings WHERE key = 'session.role'").pluck().get(),
    );
    if (!role.success) throw new AppError('E_NOT_SIGNED_IN', 'This cache was never synced: run sync first.');
    if (!roleMayDo(role.data, 'erasure.execute'))
      throw new AppError(
        'E_FORBIDDEN',
        `The ${role.data} role may not execute an erasure (approver or owner).`,
      );
    const subject = cachedSubject(db, request.subjectId);
    const rule = applyActionRules(
      request,
      { kind: 'erasure.execute', payload: { exemptionsKept: [] } },
      { subjectRestricted: subject?.restricted ?? false },
    );
    if (!rule.ok) throw new AppError('E_VALIDATION', `${rule.message} [${rule.code}]`);
    const held = request.subjectId
      ? (db
          .prepare(
            "SELECT id FROM requests WHERE subject_id = ? AND id != ? AND json_extract(data, '$.legalHold') = 1",
          )
          .pluck()
          .get(request.subjectId, request.id) as string | undefined)
      : undefined;
    if (held)
      throw new AppError('E_VALIDATION', `Another request about this person (${held}) is on legal hold.`);
    const policy = readOrgSettings(db).erasurePolicy;
    const plan = Object.entries(policy).map(
      ([dataset, d]) =>
        `  ${dataset.padEnd(16)} ${d.action}${d.action === 'retain' ? ` (${d.citation}, until ${d.keepUntil})` : ''}`,
    );
    if (!o.yes)
      throw new UsageError(
        `Erasing subject ${request.subjectId ?? '(none)'} of request ${request.id} will:\n${plan.join('\n')}\nConfirm with --yes.`,
      );
    // The console's own services; the CLI only queues here (`zta-console sync` pushes).
    const { outbox } = buildConsoleServices(db, { dataDir: null });
    const entry = outbox.enqueue(
      ActionIntent.parse({ kind: 'erasure.execute', requestId: request.id, payload: {} }),
    );
    process.stdout.write(
      o.json
        ? JSON.stringify({ status: 'queued', actionId: entry.action.id, plan: policy }, null, 2) + '\n'
        : `Queued Execute erasure for subject ${request.subjectId} (action ${entry.action.id}):\n${plan.join('\n')}\n` +
            '`zta-console sync` pushes it.\n',
    );
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// erasure-scan

export async function runErasureScanCommand(o: {
  data: string;
  keyFile?: string;
  term: string[];
  json?: boolean;
}): Promise<void> {
  const terms = (o.term ?? []).map((t) => t.trim()).filter((t) => t.length > 0);
  if (terms.length === 0) throw new UsageError('Give at least one --term TEXT.');
  const { db, dataDir } = await openExistingCache(o.data, o.keyFile);
  let hits: ScanHit[];
  try {
    hits = scanForTerms(db, dataDir, terms);
  } finally {
    db.close();
  }
  const counted = hits.filter((h) => !h.retained);
  const retained = hits.filter((h) => h.retained);
  if (o.json) {
    process.stdout.write(JSON.stringify({ terms, hits: counted, retained }, null, 2) + '\n');
  } else {
    const line = (h: ScanHit) =>
      `  ${h.kind} ${h.name}${h.column ? `.${h.column}` : ''}: ${h.count} × "${h.term}"\n`;
    if (counted.length === 0) process.stdout.write(`No hit for ${terms.length} term(s).\n`);
    else {
      process.stdout.write(`${counted.length} hit(s):\n`);
      counted.forEach((h) => process.stdout.write(line(h)));
    }
    if (retained.length > 0) {
      process.stdout.write('Retained under an erasure receipt (not counted):\n');
      retained.forEach((h) => process.stdout.write(line(h)));
    }
  }
  if (counted.length > 0) process.exitCode = 1;
}

// ---------------------------------------------------------------------------------------------
// certificate

/** What the certificate is built from, as this cache holds it. */
export function certificateInputOf(db: Database, requestId: string): CertificateInput {
  const receipt = receiptOfRequest(db, requestId);
  if (!receipt)
    throw new AppError(
      'E_NOT_FOUND',
      `No erasure receipt for request ${requestId} in the cache: sync first.`,
    );
  const events = (
    db.prepare('SELECT data FROM request_events WHERE request_id = ? ORDER BY at').all(requestId) as {
      data: string;
    }[]
  ).flatMap((r) => {
    const e = RequestEvent.safeParse(JSON.parse(r.data));
    return e.success ? [e.data] : [];
  });
  return {
    receipt,
    request: cachedRequest(db, requestId),
    orgName:
      (db.prepare("SELECT value FROM settings WHERE key = 'session.orgName'").pluck().get() as string) ??
      null,
    recipients: readOrgSettings(db).recipients,
    notified: notifiedOf(events),
  };
}

export async function runCertificateCommand(o: {
  data: string;
  keyFile?: string;
  request: string;
  out: string;
}): Promise<void> {
  const kind = /\.html?$/i.test(o.out) ? 'html' : /\.pdf$/i.test(o.out) ? 'pdf' : null;
  if (!kind) throw new UsageError('--out must name a .html or a .pdf file.');
  const { db } = await openExistingCache(o.data, o.keyFile);
  let input: CertificateInput;
  try {
    input = certificateInputOf(db, o.request);
  } finally {
    db.close();
  }
  const bytes = kind === 'html' ? Buffer.from(certificateHtml(input), 'utf8') : await certificatePdf(input);
  const target = resolve(o.out);
  const partial = `${target}.part`;
  writeFileSync(partial, bytes, { mode: 0o600 });
  renameSync(partial, target);
  process.stdout.write(`Certificate written to ${target} (receipt SHA-256 ${input.receipt.sha256}).\n`);
}
