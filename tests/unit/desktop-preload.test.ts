/**
 * The preload as Vitest imports it from source, with `__RAPPORT_PRELOAD__` defined the way
 * electron/bundle.ts defines it (from preloadManifest()). What it exposes, and that each exposed
 * function reaches only its own channel; desktop-bundle.test.ts runs the built preload too.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'answer' })),
    on: vi.fn((_channel: string, _listener: IpcListener) => {}),
    removeListener: vi.fn((_channel: string, _listener: IpcListener) => {}),
  },
}));
vi.mock('electron', () => electron);

import { channelOf, methods, type Bridge } from '../../shared/contract';
import { EVENT_CHANNEL, type EventBridge } from '../../shared/events';
import { preloadManifest } from '../../electron/preload/manifest';

let calls: Bridge;
let events: EventBridge;

beforeAll(async () => {
  vi.stubGlobal('__RAPPORT_PRELOAD__', preloadManifest());
  await import('../../electron/preload/index');
  vi.unstubAllGlobals();
  const exposed = new Map(electron.contextBridge.exposeInMainWorld.mock.calls as [string, unknown][]);
  // Exactly two globals, each exposed once: nothing else (ipcRenderer, a generic invoke) reaches the page.
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(2);
  expect([...exposed.keys()].sort()).toEqual(['rapport', 'rapportEvents']);
  calls = exposed.get('rapport') as Bridge;
  events = exposed.get('rapportEvents') as EventBridge;
});

describe('preload manifest', () => {
  it('names every contract method’s channel and the event channel, nothing more', () => {
    const manifest = preloadManifest();
    expect(Object.keys(manifest).sort()).toEqual(['calls', 'events']);
    expect(manifest.calls).toEqual(Object.fromEntries(methods.map((method) => [method, channelOf(method)])));
    expect(manifest.events).toBe(EVENT_CHANNEL);
    // Plain data: it is injected into the bundle as JSON.
    expect(JSON.parse(JSON.stringify(manifest))).toEqual(manifest);
  });
});

describe('window.rapport', () => {
  it('exposes exactly one function per contract method, nothing else', () => {
    expect(Object.keys(calls).sort()).toEqual([...methods].sort());
    for (const method of methods) expect(typeof calls[method]).toBe('function');
    expect(calls).not.toHaveProperty('invoke');
    expect(calls).not.toHaveProperty('ipcRenderer');
    expect(calls).not.toHaveProperty('subscribe');
  });

  it('cannot be extended or changed by the page', () => {
    expect(Object.isFrozen(calls)).toBe(true);
  });

  it.each(methods)('%s invokes its own channel with the input and meta', async (method) => {
    electron.ipcRenderer.invoke.mockClear();
    const input = { probe: method };
    const meta = { locale: 'zh-CN' };
    const call = calls[method] as (input: unknown, meta?: unknown) => Promise<unknown>;
    await expect(call(input, meta)).resolves.toEqual({ ok: true, value: 'answer' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(channelOf(method), input, meta);
    expect(channelOf(method)).toBe(`rapport:${method}`);
  });
});

describe('window.rapportEvents', () => {
  it('exposes only subscribe, frozen', () => {
    expect(Object.keys(events)).toEqual(['subscribe']);
    expect(typeof events.subscribe).toBe('function');
    expect(Object.isFrozen(events)).toBe(true);
  });

  it('subscribe listens on the event channel and hands the page the event’s data only', () => {
    electron.ipcRenderer.on.mockClear();
    const listener = vi.fn();
    const unsubscribe = events.subscribe(listener);
    expect(electron.ipcRenderer.on).toHaveBeenCalledExactlyOnceWith(EVENT_CHANNEL, expect.any(Function));
    expect(EVENT_CHANNEL).toBe('rapport:event');

    const forward = electron.ipcRenderer.on.mock.calls[0]![1];
    const ipcEvent = { sender: { send: vi.fn() }, ports: [] };
    const event = { type: 'data.changed', areas: ['accounts'] };
    forward(ipcEvent, event);
    expect(listener).toHaveBeenCalledExactlyOnceWith(event);
    unsubscribe();
  });

  it('the unsubscribe removes that listener, and only that one', () => {
    electron.ipcRenderer.on.mockClear();
    electron.ipcRenderer.removeListener.mockClear();
    const unsubscribeFirst = events.subscribe(vi.fn());
    const unsubscribeSecond = events.subscribe(vi.fn());
    const [first, second] = electron.ipcRenderer.on.mock.calls.map((call) => call[1]);
    expect(first).not.toBe(second);

    unsubscribeFirst();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledExactlyOnceWith(EVENT_CHANNEL, first);
    unsubscribeSecond();
    expect(electron.ipcRenderer.removeListener).toHaveBeenLastCalledWith(EVENT_CHANNEL, second);
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledTimes(2);
  });
});
