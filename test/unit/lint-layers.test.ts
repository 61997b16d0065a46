// The layer rules of docs/ARCHITECTURE.md §2 are enforced by ESLint: prove that a violation fails lint.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

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
  ])('%s: forbidden import is a lint error', async (filePath, code) => {
    expect(await ruleIdsFor(filePath, code)).toContain('no-restricted-imports');
  });

  it.each([
    ['renderer/src/x.ts', "import { contract } from '../../shared/contract';\nexport const x = contract;\n"],
    ['main/host/x.ts', "import { openCore } from '../core/index';\nexport const x = openCore;\n"],
    ['main/electron/x.ts', "import { app } from 'electron';\nexport const x = app;\n"],
  ])('%s: allowed import passes', async (filePath, code) => {
    expect(await ruleIdsFor(filePath, code)).not.toContain('no-restricted-imports');
  });
});
