// The Exports room (issue 12): every bundle made on this machine — request, subject id, created,
// size, encrypted, delivered — and *Mark delivered* (an `export.delivered` action for the request).
import { useEffect, useId, useState } from 'react';
import { bundlesStore, useBundles } from '../stores';
import { localDateTime } from '../format';
import { numberFormat } from '../locale';
import { hrefOf } from '../router';
import { ErrorAlert } from '../components/ErrorAlert';

const nf = numberFormat();
const VIA = ['secure_link', 'email', 'portal', 'post', 'other'] as const;
const VIA_LABEL: Record<(typeof VIA)[number], string> = {
  secure_link: 'Secure link',
  email: 'Email',
  portal: 'Portal',
  post: 'Post',
  other: 'Other',
};

export function ExportsRoom() {
  const exports = useBundles((s) => s.exports);
  const error = useBundles((s) => s.listError);
  const ids = useId();
  const [via, setVia] = useState<(typeof VIA)[number]>('secure_link');
  useEffect(() => {
    void bundlesStore.getState().load();
  }, []);

  return (
    <section aria-labelledby="room-title" className="room-body">
      <div className="room-head">
        <h1 id="room-title" tabIndex={-1}>
          Exports
        </h1>
        <div className="field inline">
          <label htmlFor={`${ids}-via`}>Delivered via</label>
          <select
            id={`${ids}-via`}
            value={via}
            onChange={(e) => setVia(e.target.value as (typeof VIA)[number])}
          >
            {VIA.map((v) => (
              <option key={v} value={v}>
                {VIA_LABEL[v]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="muted">
        Bundles made on this machine. Each is deleted from where it was saved when the person is erased or
        when it is older than the retention window.
      </p>
      <ErrorAlert message={error} />
      {exports.length === 0 ? (
        <p className="muted">No bundle was made on this machine yet.</p>
      ) : (
        <table aria-label="Export bundles">
          <thead>
            <tr>
              <th scope="col">Request</th>
              <th scope="col">Subject id</th>
              <th scope="col">Created</th>
              <th scope="col">Size</th>
              <th scope="col">Encrypted</th>
              <th scope="col">Delivered</th>
              <th scope="col">File</th>
            </tr>
          </thead>
          <tbody>
            {exports.map((x) => (
              <tr key={x.id}>
                <td>{x.requestId ? <a href={hrefOf('requests', x.requestId)}>{x.requestId}</a> : '—'}</td>
                <td>
                  <a href={hrefOf('subjects', x.subjectId)}>{x.subjectId}</a>
                </td>
                <td>{localDateTime(x.createdAt)}</td>
                <td>{nf.format(x.bytes)} bytes</td>
                <td>{x.encrypted ? 'Yes' : 'No'}</td>
                <td>
                  {x.deliveredAt ? (
                    `${localDateTime(x.deliveredAt)} (${VIA_LABEL[x.deliveredVia as (typeof VIA)[number]] ?? x.deliveredVia})`
                  ) : (
                    <button
                      type="button"
                      aria-label={`Mark delivered: bundle of ${x.requestId ?? x.subjectId}`}
                      onClick={() => void bundlesStore.getState().markDelivered(x.id, via)}
                    >
                      Mark delivered
                    </button>
                  )}
                </td>
                <td>
                  <code>{x.path}</code>
                  {!x.caughtUp && <span className="muted small"> (cache was not caught up)</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
