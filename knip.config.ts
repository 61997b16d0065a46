// knip (in `npm run lint`): no unused file, dependency or export. Every ignore says why.
import type { KnipConfig } from 'knip';

const config: KnipConfig = {
  // An export also used inside its own file (a constant the module's tests or docs name, a
  // schema beside its type) is not dead; only exports nothing uses at all are reported.
  ignoreExportsUsedInFile: true,
  // The system's 7-Zip, used when present to prove bundles open in a third-party tool
  // (bench/export-bench.ts, test/e2e-web/export-bundle.spec.ts); not an npm package.
  ignoreBinaries: ['7z'],
  // Packaging: run by hand or in release CI as `npx electron-builder`, reading
  // electron-builder.yml; no npm script or import names it.
  // pino-roll: a pino transport, loaded by file path in pino's worker thread (main/core/log.ts and
  // backend/log.ts resolve it with createRequire), never imported.
  ignoreDependencies: ['electron-builder', 'pino-roll'],
};

export default config;
