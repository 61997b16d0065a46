// `npm start` rebuilds the UI when dist/ is missing or older than its sources, and never in an
// installed package (no renderer sources beside dist/). The same rule tells whether the compiled
// Node side (dist/node) is stale — vitest's global setup rebuilds it, the CLI warns.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildReason, NODE_BUILD, uiBuildReason } from '../../main/cli/ui-build';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

function tree(files: Record<string, number>): string {
  const root = mkdtempSync(join(tmpdir(), 'zta-ui-build-'));
  roots.push(root);
  for (const [path, mtimeS] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), path);
    utimesSync(join(root, path), mtimeS, mtimeS);
  }
  // Folders count too (a deleted source changes its folder): make them old.
  for (const path of Object.keys(files))
    for (let d = dirname(path); d !== '.'; d = dirname(d)) utimesSync(join(root, d), 1, 1);
  return root;
}

const BUILT = { 'dist/renderer/index.html': 2000, 'dist/preload/preload.cjs': 2000 };

describe('uiBuildReason', () => {
  it('asks for a build when an output is missing', () => {
    const root = tree({ 'renderer/index.html': 1000, 'dist/renderer/index.html': 2000 });
    expect(uiBuildReason(root)).toBe('dist/preload/preload.cjs is missing');
  });

  it('is satisfied when every output is newer than every source', () => {
    const root = tree({ 'renderer/index.html': 1000, 'shared/x.ts': 1500, ...BUILT });
    expect(uiBuildReason(root)).toBeNull();
  });

  it('asks again when a source, however deep, changed after the build', () => {
    const root = tree({ 'renderer/index.html': 1000, 'shared/clocks/deep/x.ts': 3000, ...BUILT });
    expect(uiBuildReason(root)).toMatch(/sources changed/);
  });

  it('never builds in an installed package (dist without renderer sources)', () => {
    expect(uiBuildReason(tree({ 'shared/x.ts': 3000 }))).toBeNull();
  });
});

const COMPILED = {
  'dist/node/cli.js': 2000,
  'dist/node/cache-worker.js': 2000,
  'dist/node/read-worker.js': 2000,
  'dist/node/electron-main.js': 2000,
};

describe('buildReason(NODE_BUILD) — the compiled CLI, cache worker and Electron main', () => {
  it('asks for a build when an entry is missing', () => {
    const root = tree({ 'main/cli/index.ts': 1000, 'dist/node/cli.js': 2000 });
    expect(buildReason(NODE_BUILD, root)).toBe('dist/node/cache-worker.js is missing');
  });

  it('is satisfied when the entries are newer than main/, shared/ and backend/', () => {
    const root = tree({ 'main/cli/index.ts': 1000, 'backend/server.ts': 1500, ...COMPILED });
    expect(buildReason(NODE_BUILD, root)).toBeNull();
  });

  it('asks again when the backend or the worker changed after the build', () => {
    const backend = tree({ 'main/cli/index.ts': 1000, 'backend/seed/x.ts': 3000, ...COMPILED });
    expect(buildReason(NODE_BUILD, backend)).toMatch(/sources changed/);
    const worker = tree({ 'main/cli/index.ts': 1000, 'main/core/worker/x.ts': 3000, ...COMPILED });
    expect(buildReason(NODE_BUILD, worker)).toMatch(/sources changed/);
  });

  it('never builds in an installed package (dist/node without the CLI sources)', () => {
    expect(buildReason(NODE_BUILD, tree({ 'shared/x.ts': 3000 }))).toBeNull();
  });
});
