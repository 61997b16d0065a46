import { useEffect } from 'react';
import { formatDistanceToNow } from 'date-fns';
import { cacheStore, useCache } from '../stores';
import { useNow } from '../hooks';
import { localDateTime } from '../format';

export function SyncRoom() {
  const stats = useCache((s) => s.stats);
  const loading = useCache((s) => s.loading);
  const error = useCache((s) => s.error);
  useNow(30_000); // keeps "… ago" current

  useEffect(() => {
    void cacheStore.getState().load();
  }, []);

  return (
    <section aria-labelledby="room-title" className="room-body">
      <div className="room-head">
        <h1 id="room-title" tabIndex={-1}>
          Sync &amp; outbox
        </h1>
        <button type="button" onClick={() => void cacheStore.getState().load()} disabled={loading}>
          Refresh
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <h2 id="streams-title">Cached streams</h2>
      {stats ? (
        <table aria-labelledby="streams-title" className="data-table compact" aria-busy={loading}>
          <thead>
            <tr>
              <th scope="col">Stream</th>
              <th scope="col" className="num">
                Cached rows
              </th>
              <th scope="col" className="num">
                Cursor
              </th>
              <th scope="col">Last synced</th>
            </tr>
          </thead>
          <tbody>
            {stats.streams.map((s) => (
              <tr key={s.stream}>
                <td>
                  <code>{s.stream}</code>
                </td>
                <td className="num">{s.count}</td>
                <td className="num">{s.cursor}</td>
                <td>
                  {s.lastSyncedAt ? (
                    <time dateTime={s.lastSyncedAt} title={localDateTime(s.lastSyncedAt)}>
                      {formatDistanceToNow(new Date(s.lastSyncedAt), { addSuffix: true })}
                    </time>
                  ) : (
                    'Never'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{loading ? 'Loading cache statistics…' : 'No statistics yet.'}</p>
      )}
      <h2>Outbox</h2>
      <p>
        {stats ? (
          <>
            <strong>{stats.pendingActions}</strong> {stats.pendingActions === 1 ? 'action is' : 'actions are'}{' '}
            waiting to be pushed to the backend.
          </>
        ) : (
          '—'
        )}
      </p>
      {stats && <p className="muted small">Cache schema version {stats.schemaVersion}.</p>}
    </section>
  );
}
