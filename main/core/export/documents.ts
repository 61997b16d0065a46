// The bundle's two documents for people: `index.html` (a readable summary: no script, no remote
// resource — its own CSP forbids both) and `README.txt` (what each file is and how to check it).
import type { Disclosures } from '../../../shared/org-settings';
import type { BundleManifest } from '../../../shared/bundle-manifest';
import type { Subject } from '../../../shared/domain';
import type { BundleEvent, BundleHistoryEntry, BundleRequest } from './datasets';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => ESC[c]!);

export interface EventSummary {
  total: number;
  first: string | null;
  last: string | null;
  denied: number;
  byApp: Map<string, { allow: number; deny: number }>;
  devices: Map<string, { name: string; os: string; events: number }>;
  networks: Set<string>;
}

export function emptyEventSummary(): EventSummary {
  return {
    total: 0,
    first: null,
    last: null,
    denied: 0,
    byApp: new Map(),
    devices: new Map(),
    networks: new Set(),
  };
}

/** Counts one access event (they come in time order) into the summary. */
export function summariseEvent(summary: EventSummary, e: BundleEvent): void {
  summary.total++;
  summary.first ??= e.time;
  summary.last = e.time;
  if (e.decision === 'deny') summary.denied++;
  const a = summary.byApp.get(e.app) ?? { allow: 0, deny: 0 };
  a[e.decision]++;
  summary.byApp.set(e.app, a);
  const d = summary.devices.get(e.deviceId) ?? { name: e.deviceName, os: e.osVersion, events: 0 };
  d.events++;
  summary.devices.set(e.deviceId, d);
  summary.networks.add(e.ip);
}

const list = (items: readonly string[]) =>
  items.length ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : '<p>None stated.</p>';

function disclosuresHtml(d: Disclosures): string {
  const cats = d.categories
    .map(
      (c) => `<tr><th scope="row">${esc(c.category)}<br><small>${esc(c.examples)}</small></th>
<td>${list(c.sources)}</td><td>${list(c.purposes)}</td><td>${list(c.disclosedTo)}</td></tr>`,
    )
    .join('\n');
  return `<section aria-labelledby="disclosures"><h2 id="disclosures">How your data is processed</h2>
<dl>
<dt>Controller</dt><dd>${esc(d.controller)}</dd>
<dt>Contact</dt><dd>${esc(d.contact)}</dd>
<dt>Purposes</dt><dd>${list(d.purposes)}</dd>
<dt>Recipients</dt><dd>${list(d.recipients)}</dd>
<dt>Retention</dt><dd>${esc(d.retention)}</dd>
<dt>Your rights</dt><dd>${esc(d.rights)}</dd>
<dt>Complaint</dt><dd>${esc(d.complaint)}</dd>
<dt>Sources</dt><dd>${list(d.sources)}</dd>
<dt>Automated decision-making and profiling</dt><dd>${esc(d.automatedDecisionMaking)}</dd>
<dt>Transfers to third countries</dt><dd>${
    d.transfers.length
      ? `<ul>${d.transfers.map((t) => `<li><strong>${esc(t.country)}</strong>: ${esc(t.safeguard)}</li>`).join('')}</ul>`
      : 'None stated.'
  }</dd>
</dl>
${
  cats
    ? `<table><caption>Categories of personal information</caption>
<thead><tr><th scope="col">Category</th><th scope="col">Sources</th><th scope="col">Purposes</th><th scope="col">Disclosed to</th></tr></thead>
<tbody>${cats}</tbody></table>`
    : ''
}</section>`;
}

export function indexHtml(p: {
  manifest: Omit<BundleManifest, 'files'>;
  subject: Subject;
  events: EventSummary;
  requests: readonly BundleRequest[];
  history: readonly BundleHistoryEntry[];
  files: readonly { path: string; rows: number | null }[];
}): string {
  const s = p.subject;
  const m = p.manifest;
  const apps = [...p.events.byApp.entries()].sort(
    (a, b) => b[1].allow + b[1].deny - (a[1].allow + a[1].deny),
  );
  const devices = [...p.events.devices.entries()];
  const warnings = m.warnings.length
    ? `<section aria-labelledby="warnings"><h2 id="warnings">Please note</h2>${list(m.warnings)}</section>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>Your data: ${esc(s.displayName || s.username)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#1b1f24}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #c8ccd0;padding:.35rem .5rem;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:600;margin-bottom:.3rem}dt{font-weight:600;margin-top:.6rem}code{word-break:break-all}
</style>
</head>
<body>
<header>
<h1>The data held about you</h1>
<p>This bundle holds everything the access service records about you${
    m.request
      ? `, in answer to your ${esc(m.request.type.replace('_', ' '))} request ${esc(m.request.id)} received on ${esc(m.request.receivedOn)}`
      : ''
  }. It was generated on ${esc(m.generatedAt)}; the data is as of ${esc(m.dataAsOf.lastCompleteSyncAt ?? 'the last synchronisation')}.</p>
</header>
${warnings}
<section aria-labelledby="profile"><h2 id="profile">Your profile</h2>
<table><tbody>
<tr><th scope="row">Name</th><td>${esc(s.displayName)}</td></tr>
<tr><th scope="row">Username</th><td>${esc(s.username)}</td></tr>
<tr><th scope="row">Email</th><td>${esc(s.email)}</td></tr>
<tr><th scope="row">Employee ID</th><td>${esc(s.employeeId ?? '—')}</td></tr>
<tr><th scope="row">Department</th><td>${esc(s.department ?? '—')}</td></tr>
<tr><th scope="row">Restriction of processing</th><td>${s.restricted ? 'In force' : 'None'}</td></tr>
<tr><th scope="row">Record created</th><td>${esc(s.createdAt)}</td></tr>
</tbody></table>
<h3>Your devices</h3>
${
  s.devices.length
    ? `<table><thead><tr><th scope="col">Device</th><th scope="col">Device ID</th><th scope="col">OS version</th><th scope="col">First seen</th></tr></thead><tbody>${s.devices
        .map(
          (d) =>
            `<tr><td>${esc(d.name)}</td><td><code>${esc(d.id)}</code></td><td>${esc(d.osVersion)}</td><td>${esc(d.firstSeenAt)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>No device is recorded.</p>'
}
</section>
<section aria-labelledby="access"><h2 id="access">Your access events</h2>
<p>${p.events.total} access event${p.events.total === 1 ? '' : 's'}${
    p.events.first ? ` from ${esc(p.events.first)} to ${esc(p.events.last)}` : ''
  }; ${p.events.denied} denied. Each one is listed in <code>access-events.ndjson</code> and <code>access-events.csv</code>, with time, IP address, device, operating system version, application and decision.</p>
<p>${p.events.networks.size} distinct IP address${p.events.networks.size === 1 ? '' : 'es'}; ${devices.length} distinct device${devices.length === 1 ? '' : 's'}.</p>
${
  apps.length
    ? `<table><caption>Applications reached</caption><thead><tr><th scope="col">Application</th><th scope="col">Allowed</th><th scope="col">Denied</th></tr></thead><tbody>${apps
        .map(([app, c]) => `<tr><td>${esc(app)}</td><td>${c.allow}</td><td>${c.deny}</td></tr>`)
        .join('')}</tbody></table>`
    : ''
}
</section>
<section aria-labelledby="requests"><h2 id="requests">Your privacy requests</h2>
${
  p.requests.length
    ? `<table><thead><tr><th scope="col">Request</th><th scope="col">Type</th><th scope="col">Received</th><th scope="col">Status</th></tr></thead><tbody>${p.requests
        .map(
          (r) =>
            `<tr><td><code>${esc(r.id)}</code></td><td>${esc(r.type)}</td><td>${esc(r.receivedOn)}</td><td>${esc(r.status)}</td></tr>`,
        )
        .join(
          '',
        )}</tbody></table><p>${p.history.length} history entr${p.history.length === 1 ? 'y' : 'ies'} in <code>request-history.json</code>.</p>`
    : '<p>No request is recorded.</p>'
}
</section>
${disclosuresHtml(m.disclosures)}
<section aria-labelledby="others"><h2 id="others">Other people</h2>
<p>To protect other people (GDPR Art. 15(4)), administrators appear by role, not by name, and their internal notes are included only when marked for you.</p>
</section>
<section aria-labelledby="files"><h2 id="files">Files in this bundle</h2>
<table><thead><tr><th scope="col">File</th><th scope="col">Rows</th></tr></thead><tbody>${p.files
    .map((f) => `<tr><td><code>${esc(f.path)}</code></td><td>${f.rows ?? '—'}</td></tr>`)
    .join('')}</tbody></table>
<p><code>manifest.json</code> lists each file's SHA-256 checksum, size and row count; <code>README.txt</code> explains how to check them.</p>
</section>
</body>
</html>
`;
}

export function readmeTxt(m: Omit<BundleManifest, 'files'>): string {
  return `DATA-PORTABILITY BUNDLE  (format ${m.format}, version ${m.formatVersion})
Generated ${m.generatedAt} for subject ${m.subjectId}${m.request ? `, request ${m.request.id} (${m.request.type}, ${m.request.jurisdiction})` : ''}.

Open index.html for a readable summary (it runs no script and loads nothing from the network).

FILES
  manifest.json          What this bundle is: the request, when the data is as of, the
                         disclosures the law requires (purposes, categories, recipients,
                         retention, your rights, sources, profiling, transfers), and every
                         other file with its SHA-256 checksum, size in bytes and row count.
  profile.json / .csv    Your profile (one row).
  devices.json / .csv    The devices recorded for you.
  access-events.ndjson   Every access event recorded about you, one JSON object per line.
  access-events.csv      The same events as CSV with a header row.
  requests.json / .csv   Your privacy requests.
  request-history.json / .csv
                         What happened on each request; administrators appear by role.
  index.html             A readable summary.
  README.txt             This file.

CSV files are UTF-8, comma-separated, with a header row and CRLF line ends (RFC 4180). A cell
that would start with = + - @ or a control character begins with an apostrophe (') so that no
spreadsheet runs it as a formula; the JSON files hold every value exactly.

CHECKING THE BUNDLE
  Each file's SHA-256 is in manifest.json under "files". For example:
      unzip bundle.zip -d bundle && cd bundle && sha256sum access-events.csv
  must print the checksum listed for access-events.csv. The manifest's JSON Schema is published
  as docs/bundle-manifest.schema.json in the console's repository; the console checks all of
  this with:  zta-console verify-bundle bundle.zip
`.replace(/\n/g, '\r\n');
}
