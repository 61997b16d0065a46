// The words the console shows for each triage flag. The core sends only the flag's kind
// (shared/contract-logs.ts): what a flag is called and how it is explained is the UI's business.
import type { FlagKind } from '../../../shared/flag-kinds';

export const FLAG_LABELS: Record<FlagKind, string> = {
  new_device: 'New device',
  new_network: 'New network',
  deny_burst: 'Denial burst',
  off_hours: 'Off hours',
};

// The thresholds quoted here are the core's (main/core/cache/flags.ts).
export const FLAG_EXPLANATIONS: Record<FlagKind, string> = {
  new_device: 'First time this user was seen on this device (the user had other devices before).',
  new_network:
    'First time this user connected from this network (IPv4 /24 or IPv6 /64); the user had used other networks before.',
  deny_burst: `At least ${5} access denials for this user within ${10} minutes, ending with this one.`,
  off_hours:
    'Outside the usual hours of this user: after at least 20 earlier events, none fell within an hour (UTC) of this time of day.',
};
