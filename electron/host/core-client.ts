/**
 * The routing thread's side of the core worker (core-worker.ts): the Electron main process and
 * browser mode's HTTP thread call the core through this and hear its events, and never touch the
 * store themselves, so a long query or job can never freeze a window or the server.
 *
 * Protocol (structured-clone messages over the worker's port):
 *   to the core    { call, id, method, input, meta }   one contract call
 *                  { stop }                             end gracefully (cancel jobs, close the store)
 *   from the core  { ready } | { failed, message }      the store opened, or why it could not
 *                  { result, id, result }              the call's Result envelope
 *                  { event, event }                    an AppEvent (shared/events.ts)
 *                  { stopped }                          all closed; the thread ends next
 * A core that dies (a crash, an exit) answers every waiting and later call with `core_stopped`:
 * it is reported, never a hang.
 */
import { Worker } from 'node:worker_threads';
import type { CallMeta } from '../../shared/contract';
import type { AppEvent } from '../../shared/events';
import { resolveLocale, translator } from '../../shared/i18n';
import type { Result } from '../../shared/result';
import type { CoreOptions } from './core';
import type { Dispatch } from '../services/dispatch';

export type ToCore = { type: 'call'; id: number; method: string; input: unknown; meta: CallMeta } | { type: 'stop' };

export type FromCore =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: AppEvent }
  | { type: 'stopped' };

export type CoreState = 'starting' | 'ready' | 'stopped';

export interface CoreClient {
  /** One contract call, answered by the core; never rejects. */
  call: Dispatch;
  /** Every event the core tells; returns the unsubscribe. */
  onEvent(listener: (event: AppEvent) => void): () => void;
  /** Resolves once the store is open; rejects with the reason it could not be opened. */
  ready: Promise<void>;
  readonly state: CoreState;
  /** Asks the core to end gracefully and resolves when its thread has ended (terminated after `stopTimeoutMs`). */
  stop(): Promise<void>;
}

export interface StartCoreOptions {
  /** The bundled core worker (out/electron/core-worker.cjs). */
  workerFile: string;
  core: CoreOptions;
  /** How long a graceful stop may take before the thread is terminated (a chunk is ~50 ms; a store close, less). */
  stopTimeoutMs?: number;
}

/** Thrown by `ready` when the core could not open the store; the message is the store's. */
export class CoreStartError extends Error {}

export function startCore(options: StartCoreOptions): CoreClient {
  const worker = new Worker(options.workerFile, { workerData: options.core });
  const waiting = new Map<number, { resolve: (result: Result<unknown>) => void; meta: CallMeta }>();
  const listeners = new Set<(event: AppEvent) => void>();
  let nextId = 1;
  let state: CoreState = 'starting';
  let why: string | null = null;
  /** Asked to stop (the app is closing): later calls hear that, not that the core crashed. */
  let closing = false;

  let opened: () => void = () => {};
  let notOpened: (error: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    opened = resolve;
    notOpened = reject;
  });
  // A caller that never awaits `ready` still gets every call answered; no unhandled rejection for it.
  ready.catch(() => undefined);
  let ended: () => void = () => {};
  const exited = new Promise<void>((resolve) => (ended = resolve));

  /** The answer to a call the core cannot take any more, in the caller's language. */
  const gone = (meta: CallMeta): Result<never> => {
    const t = translator(resolveLocale(meta.locale ?? options.core.defaultLocale));
    const message = closing ? t('errors.core_closing') : t('errors.core_stopped', { detail: why ?? 'exit' });
    return { ok: false, error: { code: 'unavailable', message } };
  };

  worker.on('message', (message: FromCore) => {
    switch (message.type) {
      case 'ready':
        state = 'ready';
        opened();
        break;
      case 'failed':
        why = message.message;
        notOpened(new CoreStartError(message.message));
        break;
      case 'result': {
        const call = waiting.get(message.id);
        waiting.delete(message.id);
        call?.resolve(message.result);
        break;
      }
      case 'event':
        for (const listener of listeners) {
          try {
            listener(message.event);
          } catch (error) {
            // A listener's failure (a window closing) must not reach the routing thread's loop, nor stop the others.
            console.error('[rapport] an event listener failed:', error);
          }
        }
        break;
      case 'stopped':
        break;
    }
  });
  worker.on('error', (error) => {
    why ??= error.message;
    console.error('[rapport] the core stopped with an error:', error);
  });
  worker.on('exit', (code) => {
    why ??= `exit code ${code}`;
    state = 'stopped';
    notOpened(new CoreStartError(why));
    for (const call of waiting.values()) call.resolve(gone(call.meta));
    waiting.clear();
    ended();
  });

  return {
    call: (method, input, meta = {}) => {
      if (state === 'stopped') return Promise.resolve(gone(meta));
      return new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, { resolve, meta });
        try {
          worker.postMessage({ type: 'call', id, method, input, meta } satisfies ToCore);
        } catch (error) {
          // Input that cannot be cloned (never JSON or IPC input) is refused like any invalid input.
          waiting.delete(id);
          const t = translator(resolveLocale(meta.locale ?? options.core.defaultLocale));
          resolve({ ok: false, error: { code: 'validation', message: t('errors.validation', { details: (error as Error).message }) } });
        }
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready,
    get state() {
      return state;
    },
    async stop() {
      closing = true;
      if (state !== 'stopped') {
        worker.postMessage({ type: 'stop' } satisfies ToCore);
        const timer = setTimeout(() => void worker.terminate(), options.stopTimeoutMs ?? 10_000);
        await exited;
        clearTimeout(timer);
      }
      listeners.clear();
    },
  };
}
