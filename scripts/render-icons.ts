// `npm run icons` — renders assets/icon.svg into what electron-builder expects in its
// buildResources folder (assets/): icon.png (1024 px, Linux and the fallback), icons/NxN.png
// (Linux sizes), icon.ico (Windows) and icon.icns (macOS), plus the browser host's favicon.
// Rendering is resvg's and the .ico/.icns containers are png2icons': no image code of ours.
// The outputs are committed, so packaging needs neither package; re-run after editing the SVG.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

/** The SVG rendered to a PNG `size` pixels square. */
export function renderPng(svg: string, size: number): Buffer {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());
}

/** Writes every icon into `outDir`; returns the files written (relative to it). */
export function renderIcons(svg: string, outDir: string): string[] {
  const written: string[] = [];
  const write = (name: string, data: Buffer | null) => {
    if (!data) throw new Error(`icons: ${name} could not be produced`);
    writeFileSync(join(outDir, name), data);
    written.push(name);
  };
  mkdirSync(join(outDir, 'icons'), { recursive: true });
  const big = renderPng(svg, 1024);
  write('icon.png', big);
  for (const size of LINUX_SIZES) write(join('icons', `${size}x${size}.png`), renderPng(svg, size));
  write('icon.ico', png2icons.createICO(big, png2icons.BICUBIC2, 0, false, true));
  write('icon.icns', png2icons.createICNS(big, png2icons.BICUBIC2, 0));
  write('favicon.png', renderPng(svg, 64));
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const assets = new URL('../assets', import.meta.url).pathname;
  const files = renderIcons(readFileSync(join(assets, 'icon.svg'), 'utf8'), assets);
  process.stdout.write(`icons: wrote ${files.length} files to assets/\n`);
}
