// Issue 14, item 11: every text that comes from data goes through ONE inert rendering (bidi
// isolation, control and bidi characters as visible escapes), in every room.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Inert, Text } from '../../renderer/src/components/Text';

const RLO = '\u202e';

describe('inert text', () => {
  it('a U+202E cannot reverse what follows: isolated, and shown as an escape', () => {
    for (const component of [Inert, Text]) {
      const html = renderToStaticMarkup(createElement(component, { value: `note${RLO}txt.exe` }));
      expect(html).toMatch(/^<bdi[ >]/);
      expect(html).not.toContain(RLO);
      expect(html).toContain('note\\u202etxt.exe');
    }
  });

  it('no room renders data in a hand-made <bdi> or a bare element: only through Inert / Text', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.tsx') && !p.endsWith(join('components', 'Text.tsx'))) files.push(p);
      }
    };
    walk(join(__dirname, '../../renderer/src'));
    const offenders = files.filter((f) => /<bdi[\s>]/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
    // The request history (where the probe's U+202E struck): kind, actor and detail are inert.
    const page = readFileSync(join(__dirname, '../../renderer/src/components/RequestPage.tsx'), 'utf8');
    expect(page).toMatch(/<Inert value=\{e\.kind\} \/>/);
    expect(page).toMatch(/<Inert value=\{e\.actor\} \/>/);
  });
});
