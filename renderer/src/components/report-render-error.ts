// Reports a render failure to the core over the one contract (never throws: a failed report is
// only printed to the developer console, the error view is already on screen).
import { invoke } from '../api/client';
import type { RenderErrorReport } from '../../../shared/contract-app';

export function reportRenderError(report: RenderErrorReport): void {
  invoke('app:reportError', report).catch((err: unknown) => {
    console.error('could not report a render error', err);
  });
}
