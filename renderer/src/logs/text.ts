// Backend strings are hostile. Control characters are shown as visible escapes instead of
// acting (markup is never parsed: React renders text; RTL overrides are isolated by <bdi>).

// C0/C1 controls, and the bidi embeddings, overrides and isolates (LRE…RLO, LRI…PDI, LRM/RLM/ALM):
// shown as escapes so a spoofed "gnp.exe" reads as what it is.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function inert(value: string): string {
  return value.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
