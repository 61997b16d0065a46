// @vitest-environment happy-dom
// No blank window: a room that throws while rendering shows the error view (what failed, its
// code, Reload, Copy details) and is reported; another room, and the rest of the page, still work.
import { createElement, act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary, renderErrorCode } from '../../renderer/src/components/ErrorBoundary';
import type { RenderErrorReport } from '../../shared/contract-app';
import { AppError } from '../../shared/errors';

// React asks for this flag before it lets act() flush updates outside a test renderer.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type Doc = {
  body: { innerHTML: string; textContent: string | null; appendChild(n: unknown): void };
  createElement(tag: string): unknown;
  querySelectorAll(sel: string): ArrayLike<{ textContent: string | null; click(): void }>;
};
const doc = () => (globalThis as unknown as { document: Doc }).document;

function Broken(): ReactNode {
  throw new Error('cannot read the rows');
}
const Room = ({ name }: { name: string }) => createElement('h1', null, name);

let root: Root;
let reports: RenderErrorReport[];
let consoleError: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  reports = [];
  // React logs every caught render error; keep the test output readable.
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
  const host = doc().createElement('div');
  doc().body.appendChild(host);
  root = createRoot(host as never);
});
afterEach(() => {
  act(() => root.unmount());
  doc().body.innerHTML = '';
  consoleError.mockRestore();
});

/** The shell's shape: a header outside, one boundary per room keyed by the room. */
function shell(room: 'Subjects' | 'Requests', onReload = () => {}) {
  return createElement(
    'div',
    null,
    createElement('nav', null, 'rooms'),
    createElement(
      ErrorBoundary,
      { key: room, scope: room, report: (r: RenderErrorReport) => void reports.push(r), onReload },
      room === 'Subjects' ? createElement(Broken) : createElement(Room, { name: room }),
    ),
  );
}

const buttons = () => Array.from(doc().querySelectorAll('button'));

describe('ErrorBoundary', () => {
  it('shows what failed with its code, reports it once, and the next room renders', () => {
    const reload = vi.fn();
    act(() => root.render(shell('Subjects', reload)));
    const text = doc().body.textContent ?? '';
    expect(text).toContain('Subjects could not be shown');
    expect(text).toContain('E_RENDER');
    expect(text).toContain('cannot read the rows');
    expect(text).toContain('rooms'); // the navigation outside the room is still there
    expect(buttons().map((b) => b.textContent)).toEqual(['Reload', 'Copy details']);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      scope: 'Subjects',
      code: 'E_RENDER',
      message: 'cannot read the rows',
    });
    expect(reports[0]!.componentStack).toContain('Broken');

    act(() => buttons()[0]!.click());
    expect(reload).toHaveBeenCalledTimes(1);

    act(() => root.render(shell('Requests')));
    expect(doc().querySelectorAll('h1')[0]!.textContent).toBe('Requests');
    expect(doc().body.textContent).not.toContain('could not be shown');
  });

  it("keeps an AppError's own code", () => {
    expect(renderErrorCode(new AppError('E_NOT_FOUND', 'gone'))).toBe('E_NOT_FOUND');
    expect(renderErrorCode(new TypeError('x'))).toBe('E_RENDER');
    expect(renderErrorCode('a string')).toBe('E_RENDER');
  });

  it('a failing reporter does not break the error view', () => {
    act(() =>
      root.render(
        createElement(
          ErrorBoundary,
          {
            scope: 'console',
            report: () => {
              throw new Error('core unreachable');
            },
          },
          createElement(Broken),
        ),
      ),
    );
    expect(doc().body.textContent).toContain('The console could not be shown');
  });
});
