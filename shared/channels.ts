// The channel names alone (no zod), so the Electron preload can bundle its allow-list
// without pulling the schemas in. `contract.ts` checks at compile time that they match.
import type { Result } from './errors';

export const INVOKE_CHANNELS = [
  'app:info',
  'app:reportError',
  'session:status',
  'session:signIn',
  'session:signOut',
  'sync:status',
  'sync:now',
  'cache:stats',
  'logs:page',
  'actions:submit',
  'outbox:list',
  'conflicts:list',
  'conflicts:dismiss',
  'requests:list',
  'requests:get',
  'logs:count',
  'logs:histogram',
  'logs:event',
  'logs:exportCsv',
  'subjects:list',
  'subjects:timeline',
  'subjects:get',
  'views:list',
  'views:save',
  'views:delete',
  'settings:get',
  'settings:set',
  // issue 11 (erasure)
  'orgSettings:get',
  // --- issue 12: export bundles ---
  'exports:bundle',
  'exports:cancel',
  'exports:list',
  'exports:markDelivered',
  // a host capability: Electron's save dialog (the browser host types the path)
  'dialog:saveBundlePath',
  // issue 14 (security hardening)
  'outbox:retry',
  'outbox:discard',
  // issue 16 (reports)
  'reports:get',
  'reports:csv',
  // issue 16 (dashboard)
  'dashboard:get',
  // issue 16 (audit): the local chain, and the organisation's trail from the backend
  'audit:local',
  'audit:org',
  // issue 11: the organisation's erasures, by request and by retention (read live)
  'erasures:org',
  // issue 16 (the queue shows people, not UUIDs)
  'subjects:names',
  // issue 14 (lost laptops): the organisation's consoles, revoked live on the backend
  'consoles:list',
  'consoles:revoke',
] as const;
export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];

export const EVENT_CHANNELS = [
  'sync:status',
  'outbox:changed',
  'export:progress',
  // --- issue 12 ---
  'bundle:progress',
] as const;
export type EventChannel = (typeof EVENT_CHANNELS)[number];

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(name);
}
export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && (EVENT_CHANNELS as readonly string[]).includes(name);
}

/** What a transport (Electron IPC, the browser host's HTTP) needs of the core: the contract's
 * dispatch and its events. */
export interface ContractEndpoint {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  on(event: EventChannel, listener: (payload: unknown) => void): () => void;
}
