// Development shim of the cache worker: used only when the core runs from its TypeScript sources
// (vitest, bench, tsx — see cacheWorkerEntry in main/core/index.ts), where a worker thread does not
// inherit the parent's loader. The product runs dist/node/cache-worker.js and never loads this.
// tsx is a development dependency.
import { register } from 'tsx/esm/api';

register();
await import('./cache-worker.ts');
