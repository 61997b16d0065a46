// *Export bundle* (issue 12) on an approved access/portability request and on a subject's page:
// where to save it, whether to encrypt it, a progress bar with Cancel, then where it went and —
// when the console generated the passphrase — the passphrase, shown this once.
import { useId, useState, type FormEvent } from 'react';
import type { BundleEncryption } from '../../../shared/contract-bundles';
import { bundlesStore, useBundles, useSession } from '../stores';
import { numberFormat } from '../locale';

const nf = numberFormat();
type Mode = BundleEncryption['mode'];

export function BundleExportPanel({
  subjectId,
  requestId,
  restricted,
}: {
  subjectId: string;
  requestId: string | null;
  restricted: boolean;
}) {
  const ids = useId();
  const phase = useBundles((s) => s.phase);
  const target = useBundles((s) => s.target);
  const rowsWritten = useBundles((s) => s.rowsWritten);
  const rowsTotal = useBundles((s) => s.rowsTotal);
  const result = useBundles((s) => s.result);
  const error = useBundles((s) => s.error);
  const [outPath, setOutPath] = useState('');
  // The desktop app asks where to save with its own dialog; the browser host takes a typed path.
  const desktop = useSession((s) => s.appInfo?.transport === 'electron');
  const [mode, setMode] = useState<Mode>('generated');
  const [typed, setTyped] = useState('');
  const mine = target?.subjectId === subjectId && target.requestId === requestId;
  const running = phase === 'running';

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const encryption: BundleEncryption =
      mode === 'typed' ? { mode, passphrase: typed } : mode === 'generated' ? { mode } : { mode: 'none' };
    void bundlesStore
      .getState()
      .start({ subjectId, requestId, outPath: desktop ? null : outPath.trim(), encryption });
  };

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Export bundle</h2>
      {restricted ? (
        <p className="muted">
          This person is under restriction of processing (GDPR Art. 18): no export until it is lifted.
        </p>
      ) : (
        <form onSubmit={onSubmit} aria-label="Export bundle">
          {!desktop && (
            <div className="field">
              <label htmlFor={`${ids}-path`}>Save to (full path of the .zip file)</label>
              <input
                id={`${ids}-path`}
                type="text"
                required
                placeholder="/home/me/Exports/bundle.zip"
                value={outPath}
                onChange={(e) => setOutPath(e.target.value)}
                disabled={running}
              />
            </div>
          )}
          <fieldset disabled={running}>
            <legend>Encryption (AES-256)</legend>
            <label>
              <input
                type="radio"
                name={`${ids}-enc`}
                checked={mode === 'generated'}
                onChange={() => setMode('generated')}
              />{' '}
              Generate a passphrase
            </label>
            <label>
              <input
                type="radio"
                name={`${ids}-enc`}
                checked={mode === 'typed'}
                onChange={() => setMode('typed')}
              />{' '}
              Type a passphrase
            </label>
            <label>
              <input
                type="radio"
                name={`${ids}-enc`}
                checked={mode === 'none'}
                onChange={() => setMode('none')}
              />{' '}
              Not encrypted
            </label>
            {mode === 'typed' && (
              <div className="field">
                <label htmlFor={`${ids}-pass`}>Passphrase</label>
                <input
                  id={`${ids}-pass`}
                  type="password"
                  autoComplete="new-password"
                  minLength={12}
                  value={typed}
                  onChange={(e) => setTyped(e.target.value)}
                />
              </div>
            )}
          </fieldset>
          <button type="submit" disabled={running || (!desktop && outPath.trim() === '')}>
            {desktop ? 'Export bundle…' : 'Export bundle'}
          </button>
        </form>
      )}
      <div role="status" aria-label="Bundle export">
        {running && mine && (
          <>
            <progress aria-label="Bundle progress" value={rowsWritten} max={Math.max(rowsTotal, 1)} />
            <span className="muted small">
              {nf.format(rowsWritten)} of {nf.format(rowsTotal)} rows
            </span>{' '}
            <button type="button" className="quiet" onClick={() => void bundlesStore.getState().cancel()}>
              Cancel
            </button>
          </>
        )}
        {phase === 'done' && mine && result && (
          <div>
            <p>
              Saved to <code>{result.export.path}</code> ({nf.format(result.export.bytes)} bytes,{' '}
              {result.export.encrypted ? 'encrypted' : 'not encrypted'}). SHA-256{' '}
              <code>{result.export.sha256}</code>
            </p>
            {result.passphrase && (
              <p className="callout">
                Passphrase (shown once, never stored):{' '}
                <code aria-label="Generated passphrase">{result.passphrase}</code>
                <br />
                Send it to the person by another channel than the bundle.
              </p>
            )}
            {result.export.encrypted && !result.passphrase && (
              <p className="muted small">
                Send the passphrase to the person by another channel than the bundle.
              </p>
            )}
            {result.warnings.map((w) => (
              <p key={w} role="alert" className="error">
                {w}
              </p>
            ))}
            <button type="button" className="quiet" onClick={() => bundlesStore.getState().dismiss()}>
              Dismiss
            </button>
          </div>
        )}
        {phase === 'failed' && mine && (
          <p role="alert" className="error">
            Export failed: {error}
          </p>
        )}
      </div>
    </section>
  );
}
