// The layer rules of docs/ARCHITECTURE.md §2 are enforced by ESLint: prove that a violation fails lint.
// The imported files exist, so the cases exercise the resolving rule (import-x/no-restricted-paths),
// not only the text of the path.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The rules that carry the layer checks: folders (resolved) and the package allow-lists. */
const LAYER_RULES = ['import-x/no-restricted-paths', 'no-restricted-imports', 'no-restricted-syntax'];

async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const layerViolations = (ids: string[]) => ids.filter((id) => LAYER_RULES.includes(id));

describe('layer rules', () => {
  it.each([
    ['renderer/src/x.ts', "import { openCore } from '../../main/core/index';\nexport const x = openCore;\n"],
    ['renderer/src/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    [
      'renderer/src/x.ts',
      "import { startBackend } from '../../backend/index';\nexport const x = startBackend;\n",
    ],
    ['shared/x.ts', "import { createHash } from 'node:crypto';\nexport const x = createHash;\n"],
    ['shared/x.ts', "import { openCore } from '../main/core/index';\nexport const x = openCore;\n"],
    ['main/core/x.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['main/core/x.ts', "import { startHost } from '../host/server';\nexport const x = startHost;\n"],
    ['main/host/x.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['backend/x.ts', "import { openCore } from '../main/core/index';\nexport const x = openCore;\n"],
    [
      'main/preload/x.ts',
      "import { ERROR_CODES } from '../../shared/errors';\nexport const x = ERROR_CODES;\n",
    ],
  ])('%s: forbidden import is a lint error', async (filePath, code) => {
    expect(layerViolations(await ruleIdsFor(filePath, code))).not.toEqual([]);
  });

  // The escapes that text-matching rules let through (issue 15, item 2).
  it.each([
    [
      'a path that climbs past its own layer',
      'main/core/x.ts',
      "import { startHost } from '../../main/host/server';\nexport const x = startHost;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'a package outside the layer allow-list',
      'renderer/src/x.ts',
      "import Fastify from 'fastify';\nexport const x = Fastify;\n",
      'no-restricted-imports',
    ],
    [
      "a bare built-in ('fs', not 'node:fs')",
      'shared/x.ts',
      "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n",
      'no-restricted-imports',
    ],
    [
      'a dynamic import() that escapes the layer',
      'renderer/src/x.ts',
      "export const load = () => import('../../main/core/index');\n",
      'import-x/no-restricted-paths',
    ],
    [
      'a dynamic import() of a package outside the allow-list',
      'renderer/src/x.ts',
      "export const load = () => import('fastify');\n",
      'no-restricted-syntax',
    ],
    [
      'production code importing from test/',
      'main/core/x.ts',
      "import { streamOf } from '../../test/helpers/sim-backend';\nexport const x = streamOf;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'a re-export from a forbidden layer',
      'backend/x.ts',
      "export * from '../main/core/index';\n",
      'import-x/no-restricted-paths',
    ],
  ])('%s is a lint error', async (_case, filePath, code, ruleId) => {
    expect(await ruleIdsFor(filePath, code)).toContain(ruleId);
  });

  it.each([
    ['renderer/src/x.ts', "import { contract } from '../../shared/contract';\nexport const x = contract;\n"],
    ['renderer/src/x.ts', "import { create } from 'zustand';\nexport const x = create;\n"],
    ['main/host/x.ts', "import { openCore } from '../core/index';\nexport const x = openCore;\n"],
    ['main/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['main/electron/x.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    [
      'main/preload/x.ts',
      "import { isInvokeChannel } from '../../shared/channels';\nexport const x = isInvokeChannel;\n",
    ],
    ['main/cli/x.ts', "export const load = () => import('../../backend/cli');\n"],
  ])('%s: allowed import passes', async (filePath, code) => {
    expect(layerViolations(await ruleIdsFor(filePath, code))).toEqual([]);
  });
});
