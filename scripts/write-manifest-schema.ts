// `npm run schema` — writes docs/bundle-manifest.schema.json, the published JSON Schema of a
// bundle's manifest, from its one definition (shared/bundle-manifest.ts). A test fails when the
// two differ, so run this after changing the manifest or a type it uses (request types, …).
import { writeFileSync } from 'node:fs';
import { bundleManifestJsonSchema } from '../shared/bundle-manifest';

const out = new URL('../docs/bundle-manifest.schema.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(bundleManifestJsonSchema(), null, 2)}\n`);
process.stdout.write(`schema: wrote ${out.pathname}\n`);
