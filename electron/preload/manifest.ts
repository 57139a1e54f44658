/**
 * The names the preload carries: each contract method's IPC channel, and the event channel.
 * Computed here, at build time, from the one contract; electron/bundle.ts injects them into the
 * preload as `__RAPPORT_PRELOAD__`, so the preload itself loads no zod and no schema (it is parsed
 * on every page load, and main checks every call's input anyway).
 */
import { channelOf, methods } from '../../shared/contract';
import { EVENT_CHANNEL } from '../../shared/events';

export interface PreloadManifest {
  /** Method → its IPC channel. */
  calls: Record<string, string>;
  /** The channel main sends events on. */
  events: string;
}

export function preloadManifest(): PreloadManifest {
  return { calls: Object.fromEntries(methods.map((method) => [method, channelOf(method)])), events: EVENT_CHANNEL };
}
