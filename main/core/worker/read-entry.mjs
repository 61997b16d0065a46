// Development shim of the read worker: used only when the core runs from its TypeScript sources
// (vitest, bench, tsx — see workerEntry in main/core/index.ts), where a worker thread does not
// inherit the parent's loader. The product runs dist/node/read-worker.js and never loads this.
import { register } from 'tsx/esm/api';

register();
await import('./read-worker.ts');
