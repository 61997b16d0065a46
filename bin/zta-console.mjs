#!/usr/bin/env node
// Entry of the `zta-console` CLI: runs the compiled JavaScript in dist/node (vite.node.config.ts),
// which `npm run build` writes — and `npm install` / `npm ci` run it through `prepare`. No
// TypeScript loader at run time.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/node/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write('zta-console is not built (dist/node/cli.js is missing): run npm run build.\n');
  process.exit(1);
}
await import(compiled.href);
