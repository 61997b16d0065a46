import { formatDistanceToNow } from 'date-fns';
import { syncStore, useSync } from '../stores';
import { useNow } from '../hooks';
import { streamLabel } from '../format';

export function SyncIndicator() {
  const status = useSync((s) => s.status);
  const requestError = useSync((s) => s.error);
  const requesting = useSync((s) => s.requesting);
  useNow(30_000); // keeps "… ago" current

  const online = status?.online;
  const connection = online === true ? 'Online' : online === false ? 'Offline' : 'Not yet connected';
  const tone = online === true ? 'ok' : online === false ? 'bad' : 'unknown';
  const lastSynced = status?.lastSyncedAt
    ? `Last synced ${formatDistanceToNow(new Date(status.lastSyncedAt))} ago`
    : 'Never synced';
  const progress = status?.running ? status.progress : null;
  const error = status?.needsSignIn
    ? 'The backend rejected the token: sign in again (nothing queued is lost).'
    : (requestError ?? status?.lastError?.message ?? null);

  return (
    <div className="sync-indicator">
      <div role="status" aria-label="Sync status" className="sync-status">
        <span className={`dot dot-${tone}`} aria-hidden="true" />
        <span className="connection">{connection}</span>
        <span className="sep" aria-hidden="true">
          ·
        </span>
        {status?.running ? (
          <span className="running">
            Syncing{progress ? <> {streamLabel(progress.stream)}</> : '…'}
            {progress && (
              <progress
                aria-label="Sync progress"
                value={Math.min(progress.cursor, progress.watermark || progress.cursor)}
                max={Math.max(progress.watermark, 1)}
              />
            )}
          </span>
        ) : (
          <span title={status?.lastSyncedAt ?? undefined}>{lastSynced}</span>
        )}
        {error && (
          <span className="sync-error">
            <span className="visually-hidden">Last error: </span>
            {error}
          </span>
        )}
      </div>
      <button
        type="button"
        onClick={() => void syncStore.getState().syncNow()}
        disabled={requesting || status?.running === true}
      >
        Sync now
      </button>
    </div>
  );
}
