// Worker shim: runs bench/backend-thread.ts under tsx in a worker thread.
import { register } from 'tsx/esm/api';

register();
await import('./backend-thread.ts');
