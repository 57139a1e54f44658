import { beforeEach, describe, expect, it, vi } from 'vitest';

type Handler = (event: unknown, input?: unknown, meta?: unknown) => Promise<unknown>;

const electron = vi.hoisted(() => {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    ipcMain: {
      handle: vi.fn((channel: string, handler: Handler) => {
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, handler);
      }),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    },
    shell: { openExternal: vi.fn() },
  };
});
vi.mock('electron', () => electron);

import type { BrowserWindow } from 'electron';
import { channelOf, methods } from '../../shared/contract';
import { en } from '../../shared/i18n/en';
import { zhCN } from '../../shared/i18n/zh-CN';
import type { Dispatch } from '../../electron/services/dispatch';
import { isTrustedSender, registerIpc, toCallMeta } from '../../electron/ipc/register';

interface FakeFrame {
  url: string;
  processId: number;
  routingId: number;
  parent: FakeFrame | null;
}

const frame = (url: string, routingId = 1, parent: FakeFrame | null = null): FakeFrame => ({ url, processId: 7, routingId, parent });

function fakeWindow(url = 'app://rapport/index.html') {
  const mainFrame = frame(url);
  const webContents = { id: 1, mainFrame };
  let destroyed = false;
  const window = { webContents, isDestroyed: () => destroyed, destroy: () => (destroyed = true) };
  return { window, webContents, mainFrame };
}

let win: ReturnType<typeof fakeWindow>;
let current: ReturnType<typeof fakeWindow>['window'] | null;
let dispatch: ReturnType<typeof vi.fn<Dispatch>>;
let unregister: () => void;

const call = (method: string, event: unknown, input: unknown = {}, meta?: unknown) => {
  const handler = electron.handlers.get(`rapport:${method}`);
  if (!handler) throw new Error(`no handler for ${method}`);
  return handler(event, input, meta);
};
const goodEvent = () => ({ sender: win.webContents, senderFrame: win.mainFrame });

beforeEach(() => {
  // Refusals and failures are logged on purpose; keep the test output readable.
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
  unregister?.();
  electron.handlers.clear();
  win = fakeWindow();
  current = win.window;
  dispatch = vi.fn<Dispatch>(async (method) => ({ ok: true, value: { method } }));
  unregister = registerIpc({ dispatch, mainWindow: () => current as unknown as BrowserWindow | null, defaultLocale: 'en-US' });
});

describe('registerIpc', () => {
  it('registers one handler per contract method on its channel', () => {
    expect([...electron.handlers.keys()].sort()).toEqual(methods.map(channelOf).sort());
  });

  it('passes a call from our page to dispatch and returns its envelope', async () => {
    const input = { name: 'ACME' };
    await expect(call('accounts.create', goodEvent(), input, { locale: 'zh-CN' })).resolves.toEqual({
      ok: true,
      value: { method: 'accounts.create' },
    });
    expect(dispatch).toHaveBeenCalledExactlyOnceWith('accounts.create', input, { locale: 'zh-CN' });
  });

  it('accepts the main frame even when Electron hands out a different wrapper object for it', async () => {
    const sameFrame = { ...win.mainFrame };
    await expect(call('app.info', { sender: win.webContents, senderFrame: sameFrame })).resolves.toMatchObject({ ok: true });
  });

  const forbidden = { ok: false, error: { code: 'forbidden', message: en.errors.forbidden } };

  it('refuses another web contents', async () => {
    const other = fakeWindow();
    await expect(call('accounts.list', { sender: other.webContents, senderFrame: other.mainFrame })).resolves.toEqual(forbidden);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses a subframe of our window, even on our origin', async () => {
    const child = frame('app://rapport/index.html', 2, win.mainFrame);
    await expect(call('accounts.delete', { sender: win.webContents, senderFrame: child }, { id: 'x' })).resolves.toEqual(forbidden);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it.each(['https://evil.example/', 'file:///tmp/x.html', 'app://evil/index.html', 'about:blank', 'http://127.0.0.1:5173/'])(
    'refuses our main frame when it shows %s',
    async (url) => {
      win.mainFrame.url = url;
      await expect(call('accounts.list', goodEvent())).resolves.toEqual(forbidden);
      expect(dispatch).not.toHaveBeenCalled();
    },
  );

  it('refuses a call whose frame is gone', async () => {
    await expect(call('accounts.list', { sender: win.webContents, senderFrame: null })).resolves.toEqual(forbidden);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses calls while no window is open or after it was destroyed', async () => {
    current = null;
    await expect(call('accounts.list', goodEvent())).resolves.toEqual(forbidden);
    current = win.window;
    win.window.destroy();
    await expect(call('accounts.list', goodEvent())).resolves.toEqual(forbidden);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('words the refusal in the caller’s language', async () => {
    const other = fakeWindow();
    const result = await call('accounts.list', { sender: other.webContents, senderFrame: other.mainFrame }, {}, { locale: 'zh-CN' });
    expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: zhCN.errors.forbidden } });
  });

  it('answers an envelope, not a rejection, when dispatch throws', async () => {
    dispatch.mockRejectedValueOnce(new Error('disk on fire'));
    const result = (await call('accounts.list', goodEvent())) as { ok: boolean; error: { code: string; message: string } };
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('internal');
    expect(result.error.message).toContain('disk on fire');
  });

  it('passes only the known meta fields on', async () => {
    await call('accounts.list', goodEvent(), {}, { locale: 'en', admin: true, __proto__: { locale: 'x' } });
    expect(dispatch).toHaveBeenLastCalledWith('accounts.list', {}, { locale: 'en' });
    await call('accounts.list', goodEvent(), {}, 'zh-CN');
    expect(dispatch).toHaveBeenLastCalledWith('accounts.list', {}, {});
  });

  it('prints the window’s page to a PDF itself (the core cannot), named safely, and refuses a bad name in words', async () => {
    const pdf = Buffer.from('%PDF-1.7 fake');
    const printToPDF = vi.fn(async () => pdf);
    Object.assign(win.webContents, { printToPDF });
    const answer = (await call('print.pdf', goodEvent(), { fileName: '客户计划：华为/2026' })) as { ok: true; value: Record<string, unknown> };
    expect(answer).toEqual({
      ok: true,
      value: { fileName: '客户计划：华为_2026.pdf', mediaType: 'application/pdf', base64: pdf.toString('base64'), count: 1 },
    });
    expect(printToPDF).toHaveBeenCalledWith(expect.objectContaining({ printBackground: true, pageSize: 'A4' }));
    expect(dispatch).not.toHaveBeenCalled();
    expect(await call('print.pdf', goodEvent(), { fileName: '' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(printToPDF).toHaveBeenCalledTimes(1);
    // From anywhere but our page, nothing is printed.
    expect(await call('print.pdf', { sender: {}, senderFrame: win.mainFrame }, { fileName: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(printToPDF).toHaveBeenCalledTimes(1);
  });

  it('removes its handlers again', () => {
    unregister();
    expect(electron.handlers.size).toBe(0);
    // Registering again must not collide with stale handlers.
    unregister = registerIpc({ dispatch, mainWindow: () => null });
    expect(electron.handlers.size).toBe(methods.length);
  });
});

describe('isTrustedSender', () => {
  it('needs our web contents, its main frame and an app://rapport URL', () => {
    const w = win.window as unknown as BrowserWindow;
    expect(isTrustedSender(goodEvent() as never, w)).toBe(true);
    expect(isTrustedSender({ sender: {}, senderFrame: win.mainFrame } as never, w)).toBe(false);
    expect(isTrustedSender(goodEvent() as never, null)).toBe(false);
  });
});

describe('toCallMeta', () => {
  it('keeps a string locale and drops everything else', () => {
    expect(toCallMeta({ locale: 'zh-CN' })).toEqual({ locale: 'zh-CN' });
    expect(toCallMeta({ locale: 42 })).toEqual({});
    expect(toCallMeta({ locale: 'x'.repeat(200) })).toEqual({});
    expect(toCallMeta(null)).toEqual({});
    expect(toCallMeta(undefined)).toEqual({});
    expect(toCallMeta('en')).toEqual({});
  });
});
