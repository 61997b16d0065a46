// No blank window, ever: a render error inside a room (or anywhere in the app) shows a view that
// says what failed, with the error's code, *Reload* and *Copy details*, and is reported to the
// core. One boundary wraps each room (keyed by the room, so moving to another room starts
// afresh and the other rooms keep working) and one wraps the whole app.
import { Component, useState, type ErrorInfo, type ReactNode } from 'react';
import { toErrorInfo } from '../../../shared/errors';
import type { RenderErrorReport } from '../../../shared/contract-app';

/** Sends a report to the core; replaced in tests. Failures to report are never thrown. */
export type ReportRenderError = (report: RenderErrorReport) => void;

interface Props {
  /** What the boundary guards, shown to the admin and in the report: a room's label, or `console`. */
  scope: string;
  report: ReportRenderError;
  /** Reload: by default the whole window. */
  onReload?: () => void;
  children?: ReactNode;
}

interface State {
  error: Error | null;
  componentStack: string | undefined;
}

/** The error's code: an AppError's own, otherwise E_RENDER. */
export function renderErrorCode(error: unknown): string {
  const { code } = toErrorInfo(error);
  return code === 'E_INTERNAL' ? 'E_RENDER' : code;
}

const clip = (s: string | undefined, max: number): string | undefined =>
  s === undefined ? undefined : s.length > max ? s.slice(0, max) : s;

/** The report for one caught error, within the contract's bounds. */
export function renderErrorReport(
  scope: string,
  error: Error,
  componentStack: string | undefined,
): RenderErrorReport {
  return {
    scope: scope.slice(0, 64),
    code: renderErrorCode(error),
    message: clip(error.message || String(error), 2000) ?? '',
    stack: clip(error.stack, 8000),
    componentStack: clip(componentStack ?? undefined, 8000),
  };
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, componentStack: undefined };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    const err = error instanceof Error ? error : new Error(String(error));
    const componentStack = info.componentStack ?? undefined;
    this.setState({ componentStack });
    try {
      this.props.report(renderErrorReport(this.props.scope, err, componentStack));
    } catch {
      // Reporting must never turn one failure into two.
    }
  }

  override render(): ReactNode {
    const { error, componentStack } = this.state;
    if (!error) return this.props.children;
    return (
      <RenderErrorView
        report={renderErrorReport(this.props.scope, error, componentStack)}
        onReload={this.props.onReload ?? reloadWindow}
      />
    );
  }
}

const reloadWindow = (): void => (globalThis as { location?: { reload(): void } }).location?.reload();

function RenderErrorView({ report, onReload }: { report: RenderErrorReport; onReload: () => void }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const headingId = `render-error-${report.scope.replace(/\W+/g, '-')}`;
  const details = [
    `scope: ${report.scope}`,
    `code: ${report.code}`,
    `message: ${report.message}`,
    report.stack ? `stack:\n${report.stack}` : '',
    report.componentStack ? `components:${report.componentStack}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const copy = async () => {
    try {
      await (
        globalThis as { navigator?: { clipboard?: { writeText(t: string): Promise<void> } } }
      ).navigator?.clipboard?.writeText(details);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section className="render-error" role="alert" aria-labelledby={headingId}>
      <h1 id={headingId} tabIndex={-1}>
        {report.scope === 'console' ? 'The console' : report.scope} could not be shown
      </h1>
      <p>
        Something went wrong while drawing this part of the console. Your data and queued actions are safe;
        other rooms still work.
      </p>
      <p>
        Error code: <code>{report.code}</code> — <span dir="auto">{report.message}</span>
      </p>
      <div className="actions">
        <button type="button" onClick={onReload}>
          Reload
        </button>
        <button type="button" onClick={() => void copy()}>
          Copy details
        </button>
        <span role="status">
          {copied === 'copied'
            ? 'Details copied.'
            : copied === 'failed'
              ? 'Could not copy: select the text below.'
              : ''}
        </span>
      </div>
      <details>
        <summary>Details</summary>
        <pre>{details}</pre>
      </details>
    </section>
  );
}
