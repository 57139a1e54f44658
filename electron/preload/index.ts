/**
 * Exposes `window.rapport`, one named function per contract method, and `window.rapportEvents`,
 * one `subscribe` to the app's events; nothing else.
 *
 * No ipcRenderer, no generic `invoke(channel)`: a script that gets into the page can only make
 * the calls the contract declares, each of which main still checks and parses. This file runs
 * sandboxed, where `require` knows only 'electron'; it carries the method and channel names only
 * (injected by electron/bundle.ts from manifest.ts), not the contract's schemas.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Bridge } from '../../shared/contract';
import type { EventBridge } from '../../shared/events';
import type { PreloadManifest } from './manifest';

declare const __RAPPORT_PRELOAD__: PreloadManifest;
const manifest = __RAPPORT_PRELOAD__;

// The keys come from the manifest at run time, which the type system cannot follow; the contract
// types each method's input and answer, and main checks both at run time anyway.
const calls = Object.freeze(
  Object.fromEntries(
    Object.entries(manifest.calls).map(([method, channel]) => [method, (input: unknown, meta?: unknown) => ipcRenderer.invoke(channel, input, meta)]),
  ),
) as Bridge;

const events: EventBridge = Object.freeze({
  subscribe(listener: (event: unknown) => void): () => void {
    // The IPC event object (its sender, its ports) stays here: the page gets the event's data only.
    const forward = (_ipc: IpcRendererEvent, event: unknown) => listener(event);
    ipcRenderer.on(manifest.events, forward);
    return () => {
      ipcRenderer.removeListener(manifest.events, forward);
    };
  },
});

contextBridge.exposeInMainWorld('rapport', calls satisfies Bridge);
contextBridge.exposeInMainWorld('rapportEvents', events);
