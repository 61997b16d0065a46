// The organisation's erasures (issue 11), by request and by retention alike, read live from the
// backend (erasures:org). Shows only what a receipt holds: when, the trigger, the subject's id
// (never an erased identifier), what happened to each dataset, and the receipt's SHA-256; an
// erasure by request links to its request. Mounted beside the Requests room.
import { useEffect, useId, useState } from 'react';
import { invoke, messageOf } from '../api/client';
import { localDateTime } from '../format';
import { hrefOf } from '../router';
import type { ErasureReceipt, ErasureTrigger } from '../../../shared/erasure';

const TRIGGER_LABELS: Record<ErasureTrigger, string> = { request: 'Request', retention: 'Retention' };
const PAGE = 50;

function outcomeText(o: ErasureReceipt['outcomes'][number]): string {
  const kept = o.action === 'retained' && o.keepUntil ? ` until ${o.keepUntil}` : '';
  return `${o.dataset}: ${o.action} ${o.count}${kept}`;
}

export function ErasuresList() {
  const ids = useId();
  const [trigger, setTrigger] = useState<ErasureTrigger | ''>('');
  const [receipts, setReceipts] = useState<ErasureReceipt[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = async (before: string | null) => {
    setLoading(true);
    try {
      const page = await invoke('erasures:org', {
        ...(trigger ? { trigger } : {}),
        ...(before ? { before } : {}),
        limit: PAGE,
      });
      setReceipts((prev) => (before ? [...prev, ...page.receipts] : page.receipts));
      setNext(page.next);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    void load(null);
    // Reload from the first page whenever the trigger filter changes.
  }, [trigger]);

  return (
    <section aria-labelledby={`${ids}-title`}>
      <div className="room-head">
        <h2 id={`${ids}-title`}>Erasures</h2>
        <div className="field inline">
          <label htmlFor={`${ids}-trigger`}>Trigger</label>
          <select
            id={`${ids}-trigger`}
            value={trigger}
            onChange={(e) => setTrigger(e.target.value as ErasureTrigger | '')}
          >
            <option value="">All</option>
            <option value="request">Request</option>
            <option value="retention">Retention</option>
          </select>
        </div>
      </div>
      {/* A status, not an alert: offline, the rest of the Requests room still works. */}
      {error ? <p role="status">Erasures unavailable: {error}</p> : null}
      {receipts.length === 0 && !loading && !error ? <p className="muted">No erasures yet.</p> : null}
      {receipts.length > 0 ? (
        <table aria-label="Erasures">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Trigger</th>
              <th scope="col">Subject id</th>
              <th scope="col">Outcomes</th>
              <th scope="col">Receipt SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {receipts.map((r) => (
              <tr key={r.id}>
                <td>{localDateTime(r.carriedOutAt)}</td>
                <td>
                  {r.requestId ? (
                    <a href={hrefOf('requests', r.requestId)}>{TRIGGER_LABELS[r.trigger]}</a>
                  ) : (
                    TRIGGER_LABELS[r.trigger]
                  )}
                </td>
                <td>
                  <code>{r.subjectId}</code>
                </td>
                <td>
                  <ul>
                    {r.outcomes.map((o) => (
                      <li key={o.dataset}>{outcomeText(o)}</li>
                    ))}
                  </ul>
                </td>
                <td>
                  <code>{r.sha256}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {next ? (
        <button type="button" disabled={loading} onClick={() => void load(next)}>
          More erasures
        </button>
      ) : null}
    </section>
  );
}
