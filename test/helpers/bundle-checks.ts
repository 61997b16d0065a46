// Checks of a built bundle independent of the project's verifier: extraction by 7-Zip with
// every SHA-256 and row count recomputed here, and a tampered copy for the verifier to catch.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, openAsBlob, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobReader, BlobWriter, ZipReader, ZipWriter, type FileEntry } from '@zip.js/zip.js';
import { expect } from 'vitest';
import { BundleManifest } from '../../shared/bundle-manifest';

export const SEVEN_ZIP = '7z';

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export function extractWith7z(zip: string, password?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'zta-7z-'));
  execFileSync(SEVEN_ZIP, ['x', '-y', `-o${dir}`, `-p${password ?? ''}`, zip], { stdio: 'pipe' });
  return dir;
}

/** Independent check: every file extracted by 7-Zip matches the manifest, recomputed here. */
export function checkWith7z(zip: string, password?: string): { manifest: BundleManifest; dir: string } {
  const dir = extractWith7z(zip, password);
  const manifest = BundleManifest.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
  expect(readdirSync(dir).sort()).toEqual([...manifest.files.map((f) => f.path), 'manifest.json'].sort());
  for (const f of manifest.files) {
    const bytes = readFileSync(join(dir, f.path));
    expect(sha256(bytes), f.path).toBe(f.sha256);
    expect(bytes.length, f.path).toBe(f.bytes);
    const text = bytes.toString('utf8');
    if (f.path.endsWith('.ndjson')) expect(text.split('\n').filter(Boolean).length, f.path).toBe(f.rows);
    if (f.path.endsWith('.json')) {
      const v = JSON.parse(text) as unknown;
      expect(Array.isArray(v) ? v.length : 1, f.path).toBe(f.rows);
    }
  }
  return { manifest, dir };
}

export async function tamper(
  src: string,
  dst: string,
  victim: string,
  edit: (text: string) => string,
): Promise<void> {
  const reader = new ZipReader(new BlobReader(await openAsBlob(src)));
  const writer = new ZipWriter(new BlobWriter('application/zip'));
  for (const e of (await reader.getEntries()) as FileEntry[]) {
    let data = await e.getData(new BlobWriter());
    if (e.filename === victim) data = new Blob([edit(await data.text())]);
    await writer.add(e.filename, new BlobReader(data));
  }
  await reader.close();
  writeFileSync(dst, Buffer.from(await (await writer.close()).arrayBuffer()));
}
