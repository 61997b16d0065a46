import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export const APP_NAME = 'ZTA Privacy Console';
export const APP_VERSION = pkg.version;
export const RENDERER_DIR = new URL('../../dist/renderer', import.meta.url).pathname;
