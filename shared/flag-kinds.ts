// The triage flag kinds alone, so modules that contract.ts imports (shared/dashboard.ts) can name
// them without an import cycle. The words shown for each are the renderer's (logs/flag-text.ts).
import { z } from 'zod';

export const FLAG_KINDS = ['new_device', 'new_network', 'deny_burst', 'off_hours'] as const;
export const FlagKind = z.enum(FLAG_KINDS);
export type FlagKind = z.infer<typeof FlagKind>;
