// The deletion certificate (issue 11): what it says, built once from a receipt, and its HTML.
// The PDF (main/core/certificate-pdf.ts) lays out the same model. It names the subject by id
// only — never an erased identifier — and lists the recipients to notify under GDPR Art. 19.
// Pure TypeScript: no node:*, no DOM.
import type { PrivacyRequest } from './domain';
import type { ErasureReceipt } from './erasure';
import type { Art19Recipient } from './org-settings';

export interface CertificateInput {
  receipt: ErasureReceipt;
  request: PrivacyRequest | null;
  orgName: string | null;
  recipients: readonly Art19Recipient[];
  /** When each recipient was recorded as notified (recipient id → ISO instant). */
  notified: Readonly<Record<string, string>>;
}

export interface CertificateModel {
  title: string;
  facts: [label: string, value: string][];
  outcomes: [dataset: string, outcome: string, citation: string][];
  recipients: [name: string, contact: string, notified: string][];
  sha256: string;
  statement: string;
}

const DATASET: Record<string, string> = {
  profile: 'Profile',
  devices: 'Devices',
  access_events: 'Access events',
  request_history: 'Request history',
};

export function certificateModel(input: CertificateInput): CertificateModel {
  const { receipt, request } = input;
  const facts: [string, string][] = [
    ['Organisation', input.orgName ?? '—'],
    ['Erasure', receipt.trigger === 'request' ? 'On request' : 'Retention (inactivity window)'],
    ['Request', receipt.requestId ?? '—'],
    ['Subject id', receipt.subjectId],
  ];
  if (request) {
    facts.push(['Jurisdiction', request.jurisdiction.toUpperCase()]);
    facts.push(['Received on', request.receivedOn]);
    if (request.respondedOn) facts.push(['Decided on', request.respondedOn]);
  }
  facts.push(['Carried out', receipt.carriedOutAt]);
  facts.push(['Carried out by', receipt.carriedOutBy]);
  facts.push(['Receipt', receipt.id]);
  return {
    title: 'Certificate of erasure',
    facts,
    outcomes: receipt.outcomes.map((o) => [
      DATASET[o.dataset] ?? o.dataset,
      `${o.action} ${o.count}`,
      o.citation ? `${o.citation}, kept until ${o.keepUntil}` : '—',
    ]),
    recipients: input.recipients.map((r) => [
      r.name,
      r.contact || '—',
      input.notified[r.id] ?? 'not yet notified',
    ]),
    sha256: receipt.sha256,
    statement:
      'The personal data of the subject above was erased from the service and from every console as listed, ' +
      'except what the cited exemptions retain until the dates shown. The request record is kept for 24 months ' +
      '(11 CCR §7101) with no personal data beyond the subject id and this receipt.',
  };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A printable, self-contained HTML page (no script, no external resource). */
export function certificateHtml(input: CertificateInput): string {
  const m = certificateModel(input);
  const e = escapeHtml;
  const rows = (cells: string[][]) =>
    cells.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(m.title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:48rem;color:#111}
h1{font-size:1.6rem}table{border-collapse:collapse;width:100%;margin:1rem 0}
td,th{border:1px solid #999;padding:.35rem .5rem;text-align:left;vertical-align:top}
code{font-size:.85rem;word-break:break-all}@media print{body{margin:0}}
</style></head>
<body>
<h1>${e(m.title)}</h1>
<table aria-label="Erasure"><tbody>
${rows(m.facts)}
</tbody></table>
<h2>Outcome per dataset</h2>
<table aria-label="Outcome per dataset"><thead><tr><th>Dataset</th><th>Outcome</th><th>Exemption</th></tr></thead><tbody>
${rows(m.outcomes)}
</tbody></table>
<h2>Recipients to notify (GDPR Art. 19)</h2>
${
  m.recipients.length
    ? `<table aria-label="Recipients"><thead><tr><th>Recipient</th><th>Contact</th><th>Notified</th></tr></thead><tbody>
${rows(m.recipients)}
</tbody></table>`
    : '<p>No recipients are configured.</p>'
}
<p>${e(m.statement)}</p>
<p>Receipt SHA-256: <code>${e(m.sha256)}</code></p>
</body></html>
`;
}

/** The text of the request note that records an Art. 19 notification (read back by `notifiedOf`). */
export const NOTIFIED_PREFIX = 'Art. 19 notification sent to recipient ';
export function notifiedNote(recipient: Art19Recipient): string {
  return `${NOTIFIED_PREFIX}${recipient.id} (${recipient.name})`;
}

/** Recipient id → when it was recorded as notified, from the request's notes. */
export function notifiedOf(events: readonly { kind: string; at: string; detail: Record<string, unknown> }[]) {
  const out: Record<string, string> = {};
  for (const ev of events) {
    const text = ev.kind === 'note' && typeof ev.detail.text === 'string' ? ev.detail.text : null;
    if (!text?.startsWith(NOTIFIED_PREFIX)) continue;
    const id = text.slice(NOTIFIED_PREFIX.length).split(' ')[0];
    if (id && !out[id]) out[id] = ev.at;
  }
  return out;
}
