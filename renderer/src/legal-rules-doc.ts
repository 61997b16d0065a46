// docs/legal-rules.md, bundled into the renderer (the browser host and Electron serve only the
// built UI, so a link to the repository's file led nowhere): the "How this date was computed"
// links open its sections in the Legal rules room. Pure (no DOM) so node tests can import it.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the node typecheck (tsconfig.json) reaches this file through the tests and must see the `?raw` module type too
/// <reference path="./raw-imports.d.ts" />
import doc from '../../docs/legal-rules.md?raw';
import { hrefOf } from './hash-routes';

export interface RulesSection {
  /** The section's anchor (`<a id="…">` before its heading), or null when it has none. */
  anchor: string | null;
  /** The `## ` heading, or null for the introduction. */
  heading: string | null;
  /** The section's markdown text, as written. */
  body: string;
}

const ANCHOR = /^<a id="([^"]+)"><\/a>$/;

/** The document cut at its `## ` headings, each section with the anchor written before it. */
export function rulesSections(text: string = doc): RulesSection[] {
  const sections: RulesSection[] = [];
  let current: RulesSection = { anchor: null, heading: null, body: '' };
  let pendingAnchor: string | null = null;
  for (const line of text.split('\n')) {
    const anchor = ANCHOR.exec(line.trim());
    if (anchor) {
      pendingAnchor = anchor[1] ?? null;
      continue;
    }
    if (line.startsWith('# ')) continue; // the title: the room has its own heading
    if (line.startsWith('## ')) {
      sections.push(current);
      current = { anchor: pendingAnchor, heading: line.slice(3).trim(), body: '' };
      pendingAnchor = null;
      continue;
    }
    current.body += `${line}\n`;
  }
  sections.push(current);
  return sections
    .map((s) => ({ ...s, body: s.body.trim() }))
    .filter((s) => s.heading !== null || s.body !== '');
}

/** Where a rule's explanation is shown in the console. */
export const ruleHref = (anchor: string): string => hrefOf('rules', anchor);
