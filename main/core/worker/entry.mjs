// Worker shim: lets the TypeScript cache worker run under vitest, tsx and plain node alike.
import { register } from 'tsx/esm/api';

register();
await import('./cache-worker.ts');
