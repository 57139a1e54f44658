import { beforeAll, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'answer' })) },
}));
vi.mock('electron', () => electron);

import { channelOf, methods, type Bridge } from '../../shared/contract';

let exposed: Bridge;

beforeAll(async () => {
  await import('../../electron/preload/index');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Bridge];
  expect(key).toBe('rapport');
  exposed = api;
});

describe('preload', () => {
  it('exposes exactly one function per contract method, nothing else', () => {
    expect(Object.keys(exposed).sort()).toEqual([...methods].sort());
    for (const method of methods) expect(typeof exposed[method]).toBe('function');
    expect(exposed).not.toHaveProperty('invoke');
    expect(exposed).not.toHaveProperty('ipcRenderer');
  });

  it('cannot be extended or changed by the page', () => {
    expect(Object.isFrozen(exposed)).toBe(true);
  });

  it.each(methods)('%s invokes its own channel with the input and meta', async (method) => {
    electron.ipcRenderer.invoke.mockClear();
    const input = { probe: method };
    const meta = { locale: 'zh-CN' };
    const call = exposed[method] as (input: unknown, meta?: unknown) => Promise<unknown>;
    await expect(call(input, meta)).resolves.toEqual({ ok: true, value: 'answer' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(channelOf(method), input, meta);
    expect(channelOf(method)).toBe(`rapport:${method}`);
  });
});
