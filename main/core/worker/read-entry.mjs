// Worker shim: lets the TypeScript read worker run under vitest, tsx and plain node alike.
import { register } from 'tsx/esm/api';

register();
await import('./read-worker.ts');
