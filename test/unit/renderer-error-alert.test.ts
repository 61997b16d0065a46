// The one error paragraph of the rooms and panels: announced (role="alert") when there is a
// message, absent when there is none (an empty alert would still be announced by some readers).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ErrorAlert } from '../../renderer/src/components/ErrorAlert';

const render = (message: string | null | undefined) =>
  renderToStaticMarkup(createElement(ErrorAlert, { message }));

describe('ErrorAlert', () => {
  it('announces the message as an alert, as text', () => {
    expect(render('E_OFFLINE: <b>the backend</b> is unreachable')).toBe(
      '<p role="alert" class="error">E_OFFLINE: &lt;b&gt;the backend&lt;/b&gt; is unreachable</p>',
    );
  });
  it('renders nothing without a message', () => {
    for (const none of [null, undefined, '']) expect(render(none)).toBe('');
  });
});
