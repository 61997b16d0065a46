// Saved views: store the current filter set under a name; apply or delete stored ones.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { viewsStore, useViews } from '../stores';
import type { LogsQuery } from '../logs/query';
import { normalizeQuery } from '../logs/query';
import { Inert } from './Text';
import { ErrorAlert } from './ErrorAlert';

export function SavedViews({ query, onApply }: { query: LogsQuery; onApply(q: LogsQuery): void }) {
  const views = useViews((s) => s.views);
  const loaded = useViews((s) => s.loaded);
  const busy = useViews((s) => s.busy);
  const error = useViews((s) => s.error);
  const [name, setName] = useState('');
  const [notice, setNotice] = useState('');
  const id = useId();

  useEffect(() => {
    if (!viewsStore.getState().loaded) void viewsStore.getState().load();
  }, []);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (await viewsStore.getState().save(name, query)) {
      setNotice(`Saved view "${name.trim()}".`);
      setName('');
    }
  };

  return (
    <details className="panel saved-views">
      <summary>Saved views{views.length > 0 ? ` (${views.length})` : ''}</summary>
      <div className="panel-body">
        <form className="inline-form" onSubmit={(e) => void save(e)} aria-label="Save the current filters">
          <label htmlFor={`${id}-name`}>View name</label>
          <input
            id={`${id}-name`}
            maxLength={120}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Payroll denials"
          />
          <button type="submit" disabled={busy}>
            Save current filters
          </button>
        </form>
        <ErrorAlert message={error} />
        <p className="visually-hidden" role="status">
          {notice}
        </p>
        {loaded && views.length === 0 ? (
          <p className="muted small">No saved views yet.</p>
        ) : (
          <ul className="view-list" aria-label="Saved views">
            {views.map((v) => (
              <li key={v.id}>
                <Inert className="view-name" value={v.name} />
                <button
                  type="button"
                  onClick={() => {
                    onApply(normalizeQuery(v.query));
                    setNotice(`Applied view "${v.name}".`);
                  }}
                  aria-label={`Apply view ${v.name}`}
                >
                  Apply
                </button>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => void viewsStore.getState().remove(v.id)}
                  aria-label={`Delete view ${v.name}`}
                >
                  Delete
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}
