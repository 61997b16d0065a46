// Electron's main entry during development: run the TypeScript shell through tsx.
// (Packaging bundles main.ts instead; see electron-builder.yml.)
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
