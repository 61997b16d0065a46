// The application icon: one SVG, rendered by scripts/render-icons.ts into the files
// electron-builder takes from assets/ and the browser host's favicon. Checks the containers are
// real (.png, .ico, .icns headers and sizes) and that the committed files match the SVG.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LINUX_SIZES, renderIcons } from '../../scripts/render-icons';

const assets = new URL('../../assets', import.meta.url).pathname;
const svg = readFileSync(join(assets, 'icon.svg'), 'utf8');
const out = mkdtempSync(join(tmpdir(), 'zta-icons-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];

describe('application icon', () => {
  const written = renderIcons(svg, out);

  it('renders every Linux size as a square PNG of that size', () => {
    for (const size of LINUX_SIZES) {
      const png = readFileSync(join(out, 'icons', `${size}x${size}.png`));
      expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      expect(pngSize(png)).toEqual([size, size]);
    }
    expect(pngSize(readFileSync(join(out, 'icon.png')))).toEqual([1024, 1024]);
  });

  it('writes a Windows .ico with several images and a macOS .icns', () => {
    const ico = readFileSync(join(out, 'icon.ico'));
    expect(ico.readUInt16LE(0)).toBe(0); // reserved
    expect(ico.readUInt16LE(2)).toBe(1); // type: icon
    expect(ico.readUInt16LE(4)).toBeGreaterThan(1); // image count
    const icns = readFileSync(join(out, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length); // the container's own length field
  });

  it('keeps the committed assets in step with the SVG (run `npm run icons` after editing it)', () => {
    for (const file of written)
      expect(readFileSync(join(assets, file)).equals(readFileSync(join(out, file))), file).toBe(true);
  });
});
