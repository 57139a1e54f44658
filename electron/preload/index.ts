/**
 * Exposes `window.rapport`: one named function per contract method and nothing else.
 *
 * No ipcRenderer, no generic `invoke(channel)`: a script that gets into the page can only make
 * the calls the contract declares, each of which main still checks and parses. This file runs
 * sandboxed, where `require` knows only 'electron', so bundle.ts inlines everything else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { channelOf, methods, type Bridge, type CallMeta, type Method } from '../../shared/contract';

function invoker<M extends Method>(method: M): Bridge[M] {
  const channel = channelOf(method);
  const call = (input: unknown, meta?: CallMeta): Promise<unknown> => ipcRenderer.invoke(channel, input, meta);
  // TypeScript cannot narrow a function to one member of a mapped type over a generic key; the
  // contract types each method's input and answer, and main checks both at run time anyway.
  return call as Bridge[M];
}

function bridgeOf(make: <M extends Method>(method: M) => Bridge[M]): Bridge {
  // The keys come from `methods` at run time, which the type system cannot follow through
  // Object.fromEntries; `invoker`'s signature is what ties each value to its method.
  return Object.freeze(Object.fromEntries(methods.map((method) => [method, make(method)]))) as Bridge;
}

const bridge = bridgeOf(invoker) satisfies Bridge;

contextBridge.exposeInMainWorld('rapport', bridge);
