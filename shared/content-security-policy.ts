// The Content-Security-Policy the console's UI is served under, by both transports (Electron's
// app:// protocol and the browser host's HTTP): one string, so the two cannot drift apart.
// Everything from our own origin only — no inline script or style, no plugins, no framing, no
// form posts; `data:` images only (the renderer's icons). Pure: no node:*, no DOM.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
