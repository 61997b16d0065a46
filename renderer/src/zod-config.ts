// zod compiles fast paths with `new Function` unless told not to. The strict CSP forbids eval:
// the attempt is refused and reported as a violation. Imported first by main.tsx, before any
// schema is defined (zod decides when a schema is created).
import { z } from 'zod';

z.config({ jitless: true });
