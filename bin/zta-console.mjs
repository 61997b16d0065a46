#!/usr/bin/env node
// Entry of the `zta-console` CLI: TypeScript sources are run through tsx (no build step needed
// for the headless tools); the renderer is the only part that needs `npm run build`.
import { register } from 'tsx/esm/api';

register();
await import('../main/cli/index.ts');
