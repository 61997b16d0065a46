// The channels the read worker answers (worker/read-worker.ts): reads of the mirrored data that
// need nothing but the database, so a page never waits behind a sync's write transaction.
import type { InvokeChannel } from '../../../shared/channels';

export const READ_CHANNELS = [
  'logs:page',
  'logs:count',
  'logs:histogram',
  'logs:event',
  'subjects:list',
  'subjects:timeline',
  'subjects:get',
] as const satisfies readonly InvokeChannel[];

export type ReadChannel = (typeof READ_CHANNELS)[number];

const readChannels: ReadonlySet<InvokeChannel> = new Set(READ_CHANNELS);

export function isReadChannel(channel: InvokeChannel): channel is ReadChannel {
  return readChannels.has(channel);
}
