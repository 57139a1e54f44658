/**
 * The desktop entry under a fake Electron: what happens before `ready`, in which order, and what
 * the window, the store and IPC look like after it. The store is real (a temp folder).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { methods } from '../../shared/contract';
import { makeFakeElectron, type FakeElectron } from './fake-electron';

type StoreModule = typeof import('../../electron/store/open');

let base: string;
let appDir: string;
let dataDir: string;
const savedArgv = process.argv;
const savedDataEnv = process.env.RAPPORT_DATA_DIR;

/** Imports the entry the way Electron would run it: fresh modules, a fresh fake Electron, our argv. */
async function startMain(argv: string[], setup: (e: FakeElectron) => void = () => {}) {
  vi.resetModules();
  const electron = makeFakeElectron();
  electron.app.appPath = appDir;
  setup(electron);
  vi.doMock('electron', () => electron);
  const real = await vi.importActual<StoreModule>('../../electron/store/open');
  const openStore = vi.fn((options: Parameters<StoreModule['openStore']>[0]) => {
    const store = real.openStore(options);
    store.close = vi.fn(store.close);
    return store;
  });
  vi.doMock('../../electron/store/open', () => ({ ...real, openStore }));
  process.argv = ['/opt/electron/electron', appDir, ...argv];
  await import('../../electron/main/index');
  const { buildWebPreferences } = await import('../../electron/main/security');
  return { electron, openStore, buildWebPreferences };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'rapport-main-'));
  appDir = join(base, 'app');
  dataDir = join(base, 'data');
  // The packaged layout: migrations and the built UI inside the app folder.
  cpSync(resolve(__dirname, '../../migrations'), join(appDir, 'migrations'), { recursive: true });
  mkdirSync(join(appDir, 'out', 'renderer'), { recursive: true });
  writeFileSync(join(appDir, 'out', 'renderer', 'index.html'), '<!doctype html>');
  delete process.env.RAPPORT_DATA_DIR;
  // Refusals and start failures are logged on purpose; keep the test output readable.
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterEach(() => {
  process.argv = savedArgv;
  if (savedDataEnv === undefined) delete process.env.RAPPORT_DATA_DIR;
  else process.env.RAPPORT_DATA_DIR = savedDataEnv;
  rmSync(base, { recursive: true, force: true });
  vi.doUnmock('electron');
  vi.doUnmock('../../electron/store/open');
});

describe('desktop main', () => {
  it('registers the scheme, the data folder and the lock before ready, in that order', async () => {
    const { electron, openStore } = await startMain(['--data', dataDir]);
    expect(electron.app.calls).toEqual(['registerSchemesAsPrivileged', 'setPath:userData', 'requestSingleInstanceLock']);
    expect(electron.app.setPath).toHaveBeenCalledWith('userData', dataDir);
    expect(electron.app.listenerCount('web-contents-created')).toBe(1);
    expect(electron.BrowserWindow.all).toHaveLength(0);
    expect(openStore).not.toHaveBeenCalled();
  });

  it('on ready: hardens the session, serves app://, opens the store from the app’s migrations, opens one secure window', async () => {
    const { electron, openStore, buildWebPreferences } = await startMain(['--data', dataDir]);
    await electron.app.fireReady();
    await settle();

    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(openStore).toHaveBeenCalledWith({ dataDir, migrationsDir: join(appDir, 'migrations') });
    expect(existsSync(join(dataDir, 'rapport.sqlite'))).toBe(true);

    expect(electron.BrowserWindow.all).toHaveLength(1);
    const window = electron.BrowserWindow.all[0]!;
    expect(window.options).toMatchObject({ title: 'Rapport', show: false, minWidth: expect.any(Number), minHeight: expect.any(Number) });
    expect(window.options.webPreferences).toEqual(buildWebPreferences(join(appDir, 'out', 'electron', 'preload.cjs')));
    expect(window.loadURL).toHaveBeenCalledWith('app://rapport/index.html');
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalled();
  });

  it('answers the contract over IPC from the window, in desktop mode with the app’s version', async () => {
    const { electron } = await startMain(['--data', dataDir]);
    await electron.app.fireReady();
    await settle();
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(methods.map((m) => `rapport:${m}`).sort());

    const window = electron.BrowserWindow.all[0]!;
    const info = await electron.ipcMain.handlers.get('rapport:app.info')!({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, {});
    expect(info).toMatchObject({ ok: true, value: { mode: 'desktop', version: '9.8.7', dataDir } });

    const stranger = await electron.ipcMain.handlers.get('rapport:app.info')!({ sender: {}, senderFrame: window.webContents.mainFrame }, {});
    expect(stranger).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('closes the store and removes the IPC handlers on quit', async () => {
    const { electron, openStore } = await startMain(['--data', dataDir]);
    await electron.app.fireReady();
    await settle();
    const store = openStore.mock.results[0]!.value as unknown as { close: ReturnType<typeof vi.fn> };
    electron.app.emit('will-quit');
    expect(store.close).toHaveBeenCalledTimes(1);
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  it('a second instance brings the first window back', async () => {
    const { electron } = await startMain(['--data', dataDir]);
    await electron.app.fireReady();
    await settle();
    const window = electron.BrowserWindow.all[0]!;
    window.minimized = true;
    electron.app.emit('second-instance', {}, [], '/');
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(electron.BrowserWindow.all).toHaveLength(1);
  });

  it('quits at once when another instance holds the data folder', async () => {
    const { electron, openStore } = await startMain(['--data', dataDir], (e) => (e.app.lock = false));
    expect(electron.app.quit).toHaveBeenCalled();
    await electron.app.fireReady();
    await settle();
    expect(electron.BrowserWindow.all).toHaveLength(0);
    expect(openStore).not.toHaveBeenCalled();
  });

  it('takes RAPPORT_DATA_DIR when there is no --data', async () => {
    process.env.RAPPORT_DATA_DIR = dataDir;
    const { electron } = await startMain([]);
    expect(electron.app.setPath).toHaveBeenCalledWith('userData', dataDir);
  });

  it('keeps Electron’s userData when neither is given', async () => {
    const { electron } = await startMain([]);
    expect(electron.app.setPath).not.toHaveBeenCalled();
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalled();
  });

  it('tells the user and exits when --data has no folder', async () => {
    const { electron } = await startMain(['--data']);
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('Rapport could not start', expect.stringContaining('--data'));
    expect(electron.app.exit).toHaveBeenCalledWith(1);
    expect(electron.app.requestSingleInstanceLock).not.toHaveBeenCalled();
  });

  it('tells the user and exits when the UI is not built', async () => {
    rmSync(join(appDir, 'out', 'renderer', 'index.html'));
    const { electron, openStore } = await startMain(['--data', dataDir]);
    await electron.app.fireReady();
    await settle();
    // The fake Electron reports a zh-CN OS: the box speaks the user's language.
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('Rapport 无法启动', expect.stringContaining('npm run build'));
    expect(electron.app.exit).toHaveBeenCalledWith(1);
    expect(openStore).not.toHaveBeenCalled();
    expect(electron.BrowserWindow.all).toHaveLength(0);
  });
});
