// The "How this date was computed" links lead somewhere real: every anchor a deadline's
// explanation names is a section of the bundled docs/legal-rules.md, and its href opens the
// Legal rules room on that section (the link used to point at docs/legal-rules.md, which neither
// the browser host nor Electron serves).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainClock, type ClockField } from '../../shared/clocks/explain';
import { Jurisdiction, RequestType } from '../../shared/domain';
import { ruleHref, rulesSections } from '../../renderer/src/legal-rules-doc';
import { routeFromHash } from '../../renderer/src/hash-routes';

const FIELDS: ClockField[] = [
  'acknowledgeBy',
  'respondBy',
  'refuseBy',
  'extensionNoticeBy',
  'extendedRespondBy',
];

function everyAnchor(): Set<string> {
  const anchors = new Set<string>();
  for (const jurisdiction of Jurisdiction.options)
    for (const type of RequestType.options)
      for (const memberState of [null, 'DE'])
        for (const field of FIELDS) {
          const e = explainClock(field, { jurisdiction, type, memberState });
          if (e) anchors.add(e.anchor);
        }
  return anchors;
}

describe('legal rules in the console', () => {
  it('bundles docs/legal-rules.md as written', () => {
    const doc = readFileSync(new URL('../../docs/legal-rules.md', import.meta.url), 'utf8');
    const sections = rulesSections();
    expect(sections).toEqual(rulesSections(doc));
    expect(sections.find((s) => s.anchor === 'gdpr-one-month')).toMatchObject({
      heading: 'GDPR: one month, three months (Art. 12(3); Reg. (EEC, Euratom) No 1182/71)',
      body: expect.stringContaining('within one month of receipt'),
    });
  });

  it('every explained deadline links to a section of the rules, opened in the Legal rules room', () => {
    const anchors = everyAnchor();
    expect(anchors.size).toBeGreaterThan(5);
    const sections = rulesSections();
    for (const anchor of anchors) {
      const section = sections.find((s) => s.anchor === anchor);
      expect(section, anchor).toBeDefined();
      expect(section?.body.length, anchor).toBeGreaterThan(0);
      const route = routeFromHash(ruleHref(anchor));
      expect(route.room).toBe('rules');
      expect(route.item).toBe(anchor);
    }
  });

  it('cuts the text at its headings and keeps each anchor with the heading after it', () => {
    const sections = rulesSections(
      [
        '# Title',
        '',
        'Intro.',
        '',
        '<a id="one"></a>',
        '',
        '## First',
        '',
        '- a **rule**',
        '',
        '## Second',
        'Text.',
      ].join('\n'),
    );
    expect(sections).toEqual([
      { anchor: null, heading: null, body: 'Intro.' },
      { anchor: 'one', heading: 'First', body: '- a **rule**' },
      { anchor: null, heading: 'Second', body: 'Text.' },
    ]);
  });
});
