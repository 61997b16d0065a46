import { readFileSync } from 'node:fs';
import { appFile } from '../core/app-root';

const pkg = JSON.parse(readFileSync(appFile('package.json'), 'utf8')) as {
  version: string;
};

export const APP_NAME = 'ZTA Privacy Console';
export const APP_VERSION = pkg.version;
export const RENDERER_DIR = appFile('dist', 'renderer');
