/**
 * A fake of the parts of Electron that electron/main touches, for tests under plain Node (the
 * real runtime cannot be downloaded here). It records the order of the calls that must happen
 * before `ready`, and `fireReady()` plays the `ready` event.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/** A fresh fake of the parts of Electron main/index.ts touches, recording the order of calls. */
export function makeFakeElectron() {
  const calls: string[] = [];
  let resolveReady: () => void = () => {};
  const readyPromise = new Promise<void>((r) => (resolveReady = r));
  const paths = new Map<string, string>([['userData', '/default/userData/Rapport']]);
  const handlers = new Map<string, (...args: unknown[]) => Promise<unknown>>();

  const app = Object.assign(new EventEmitter(), {
    calls,
    appPath: '',
    lock: true,
    ready: false,
    fireReady() {
      app.ready = true;
      resolveReady();
      return readyPromise;
    },
    getAppPath: () => app.appPath,
    getPath: (name: string) => paths.get(name) ?? `/default/${name}`,
    setPath: vi.fn((name: string, value: string) => {
      calls.push(`setPath:${name}`);
      paths.set(name, value);
    }),
    requestSingleInstanceLock: vi.fn(() => {
      calls.push('requestSingleInstanceLock');
      return app.lock;
    }),
    whenReady: () => readyPromise,
    isReady: () => app.ready,
    quit: vi.fn(),
    exit: vi.fn(),
    getVersion: () => '9.8.7',
    getLocale: () => 'zh-CN',
  });

  class FakeWindow extends EventEmitter {
    static all: FakeWindow[] = [];
    static getAllWindows = () => FakeWindow.all.filter((w) => !w.destroyed);
    destroyed = false;
    minimized = false;
    webContents = {
      id: FakeWindow.all.length + 1,
      mainFrame: { url: 'app://rapport/index.html', processId: 1, routingId: 1, parent: null },
      /** Main forwards the core's events to the page here (electron/ipc/register.ts). */
      send: vi.fn((_channel: string, ..._args: unknown[]) => {}),
    };
    loadURL = vi.fn(async (_url: string) => {});
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn(() => (this.minimized = false));
    constructor(readonly options: Record<string, unknown>) {
      super();
      calls.push('new BrowserWindow');
      FakeWindow.all.push(this);
    }
    isMinimized = () => this.minimized;
    isDestroyed = () => this.destroyed;
  }

  /** System notifications shown (a notice from the core). */
  class FakeNotification extends EventEmitter {
    static shown: { title: string; body: string }[] = [];
    static isSupported = () => true;
    constructor(readonly options: { title: string; body: string }) {
      super();
    }
    show() {
      FakeNotification.shown.push(this.options);
    }
  }

  return {
    app,
    BrowserWindow: FakeWindow,
    Notification: FakeNotification,
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => calls.push('registerSchemesAsPrivileged')),
      handle: vi.fn(() => calls.push('protocol.handle')),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(() => calls.push('setPermissionRequestHandler')),
        setPermissionCheckHandler: vi.fn(),
        setDevicePermissionHandler: vi.fn(),
      },
    },
    ipcMain: {
      handlers,
      handle: vi.fn((channel: string, handler: (...args: unknown[]) => Promise<unknown>) => handlers.set(channel, handler)),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    },
    dialog: { showErrorBox: vi.fn() },
    nativeTheme: { shouldUseDarkColors: false },
    // The OS keychain: reversible, and not the identity, so a test sees that what is written is not the plain text.
    safeStorage: {
      isEncryptionAvailable: vi.fn(() => true),
      getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
      encryptString: vi.fn((text: string) => Buffer.from(`keychain:${Buffer.from(text).toString('hex')}`)),
      decryptString: vi.fn((bytes: Buffer) => Buffer.from(bytes.toString().replace(/^keychain:/, ''), 'hex').toString()),
    },
    shell: { openExternal: vi.fn() },
  };
}

export type FakeElectron = ReturnType<typeof makeFakeElectron>;
