// The Reports room (issue 16): the CCPA §7102 table and the GDPR equivalent for a chosen calendar
// year, from the request records the cache keeps 24 months, with an Export CSV of each.
import { useEffect, useId, useState } from 'react';
import { invoke, messageOf } from '../api/client';
import { numberFormat } from '../locale';
import {
  CATEGORY_LABELS,
  type CcpaCategory,
  type GdprRight,
  type ReportKind,
  type ReportRow,
  type ReportView,
} from '../../../shared/reports';
import { exemptionLabel } from '../../../shared/exemptions';
import { ErrorAlert } from '../components/ErrorAlert';

const nf = numberFormat();
const df = numberFormat({ maximumFractionDigits: 1 });
const TITLES: Record<ReportKind, string> = {
  'ccpa-7102': 'CCPA — 11 CCR §7102 request metrics',
  gdpr: 'GDPR — requests per right exercised',
};

export function ReportsRoom() {
  const thisYear = new Date().getFullYear();
  // The records are kept 24 months: this year and the two before can have figures.
  const years = [thisYear, thisYear - 1, thisYear - 2];
  const [year, setYear] = useState(thisYear - 1);
  const ids = useId();
  return (
    <section aria-labelledby="room-title" className="room-body">
      <div className="room-head">
        <h1 id="room-title" tabIndex={-1}>
          Reports
        </h1>
        <div className="field inline">
          <label htmlFor={`${ids}-year`}>Year received</label>
          <select id={`${ids}-year`} value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="muted">
        Requests count in the calendar year they were received; duplicates are not counted; days run from
        receipt to the response. Computed from the request records this console keeps for 24 months, so the
        figures hold after a person is erased. Sync first for the latest decisions.
      </p>
      <ReportTable kind="ccpa-7102" year={year} />
      <ReportTable kind="gdpr" year={year} />
    </section>
  );
}

function ReportTable({ kind, year }: { kind: ReportKind; year: number }) {
  const [view, setView] = useState<ReportView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [download, setDownload] = useState<{ url: string; fileName: string } | null>(null);
  const headingId = useId();

  useEffect(() => {
    let live = true;
    setView(null);
    setError(null);
    invoke('reports:get', { kind, year }).then(
      (v) => live && setView(v),
      (err: unknown) => live && setError(messageOf(err)),
    );
    return () => {
      live = false;
    };
  }, [kind, year]);
  useEffect(() => () => (download ? URL.revokeObjectURL(download.url) : undefined), [download]);

  const exportCsv = async () => {
    try {
      const { fileName, csv } = await invoke('reports:csv', { kind, year });
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      setDownload({ url, fileName });
    } catch (err) {
      setError(messageOf(err));
    }
  };

  const late = kind === 'gdpr';
  const rows = view
    ? (Object.entries(view.report.categories) as [string, ReportRow & { refusedLate?: number }][])
    : [];
  return (
    <section aria-labelledby={headingId} className="report">
      <div className="room-head">
        <h2 id={headingId}>
          {TITLES[kind]}, {year}
        </h2>
        <button type="button" onClick={() => void exportCsv()} disabled={!view}>
          Export CSV
        </button>
        {download && (
          <a className="button-link" href={download.url} download={download.fileName}>
            Save {download.fileName}
          </a>
        )}
      </div>
      <ErrorAlert message={error} />
      {!view && !error && <p className="muted">Loading…</p>}
      {view && (
        <table aria-labelledby={headingId}>
          <thead>
            <tr>
              <th scope="col">{late ? 'Right' : 'Category'}</th>
              <th scope="col">Received</th>
              <th scope="col">Complied with in whole</th>
              <th scope="col">Complied with in part</th>
              <th scope="col">Denied</th>
              <th scope="col">Denied by reason</th>
              <th scope="col">Median days</th>
              <th scope="col">Mean days</th>
              {late && <th scope="col">Refused late</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map(([key, row]) => (
              <tr key={key}>
                <th scope="row">{CATEGORY_LABELS[key as CcpaCategory | GdprRight]}</th>
                <td>{nf.format(row.received)}</td>
                <td>{nf.format(row.compliedInWhole)}</td>
                <td>{nf.format(row.compliedInPart)}</td>
                <td>{nf.format(row.denied)}</td>
                <td>
                  {Object.keys(row.deniedByReason).length === 0 ? (
                    '—'
                  ) : (
                    <ul className="plain">
                      {Object.entries(row.deniedByReason).map(([code, n]) => (
                        <li key={code}>
                          {code === 'unspecified' ? 'No basis recorded' : exemptionLabel(code)}:{' '}
                          {nf.format(n)}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>{row.medianDays === null ? '—' : df.format(row.medianDays)}</td>
                <td>{row.meanDays === null ? '—' : df.format(row.meanDays)}</td>
                {late && <td>{nf.format(row.refusedLate ?? 0)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
