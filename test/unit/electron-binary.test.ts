import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../main/cli/electron-binary';

describe('findElectronBinary', () => {
  it('finds a binary through ELECTRON_OVERRIDE_DIST_PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zta-electron-dist-'));
    writeFileSync(join(dir, 'electron'), '#!/bin/sh\n');
    chmodSync(join(dir, 'electron'), 0o755);
    expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dir })).toEqual({
      found: true,
      path: join(dir, 'electron'),
    });
  });

  it('reports a missing binary with a reason, without trying to download it', () => {
    const empty = mkdtempSync(join(tmpdir(), 'zta-electron-none-'));
    const result = findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: empty });
    expect(result.found).toBe(false);
    expect(result.found ? '' : result.reason).toMatch(/not been downloaded/);
  });
});
