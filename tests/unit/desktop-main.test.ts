/**
 * The desktop entry under a fake Electron: what happens before `ready`, in which order, and what
 * the window, the core and IPC look like after it. The core is real: the bundled core worker
 * (built once here) on its own thread, with better-sqlite3 next to it as in the packaged app,
 * over a store in a temp folder. better-sqlite3 cannot load on this (the main) thread.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelOf, methods } from '../../shared/contract';
import { EVENT_CHANNEL } from '../../shared/events';
import { bundleElectron } from '../../electron/bundle';
import type { CoreClient, StartCoreOptions } from '../../electron/host/core-client';
import { makeFakeElectron, type FakeElectron } from './fake-electron';

type CoreClientModule = typeof import('../../electron/host/core-client');

const root = resolve(__dirname, '../..');
let bundleBase: string;
let workerBundles: { core: string; sync: string; snapshot: string };
let base: string;
let appDir: string;
let dataDir: string;
/** Every core the entry started, stopped after each test so no thread outlives it. */
const cores: CoreClient[] = [];
const savedArgv = process.argv;
const savedDataEnv = process.env.RAPPORT_DATA_DIR;

/**
 * An app folder as electron-builder lays it out: migrations and the built UI in `dir`, the worker
 * bundles and better-sqlite3 (the one package the app ships) in `unpackedDir` (app.asar.unpacked
 * when packaged, the same folder in development).
 */
function makeApp(dir: string, unpackedDir = dir): void {
  cpSync(join(root, 'migrations'), join(dir, 'migrations'), { recursive: true });
  mkdirSync(join(dir, 'out', 'renderer'), { recursive: true });
  writeFileSync(join(dir, 'out', 'renderer', 'index.html'), '<!doctype html>');
  mkdirSync(join(unpackedDir, 'out', 'electron'), { recursive: true });
  cpSync(workerBundles.core, join(unpackedDir, 'out', 'electron', 'core-worker.cjs'));
  cpSync(workerBundles.sync, join(unpackedDir, 'out', 'electron', 'sync-worker.cjs'));
  cpSync(workerBundles.snapshot, join(unpackedDir, 'out', 'electron', 'snapshot-worker.cjs'));
  mkdirSync(join(unpackedDir, 'node_modules'), { recursive: true });
  symlinkSync(join(root, 'node_modules', 'better-sqlite3'), join(unpackedDir, 'node_modules', 'better-sqlite3'), 'dir');
}

/** Imports the entry the way Electron would run it: fresh modules, a fresh fake Electron, our argv. */
async function startMain(argv: string[], setup: (e: FakeElectron) => void = () => {}) {
  vi.resetModules();
  const electron = makeFakeElectron();
  electron.app.appPath = appDir;
  setup(electron);
  vi.doMock('electron', () => electron);
  // The store belongs to the core's thread: main opening it itself would fail here.
  vi.doMock('better-sqlite3', () => {
    throw new Error('better-sqlite3 was loaded on the main thread');
  });
  const real = await vi.importActual<CoreClientModule>('../../electron/host/core-client');
  const startCore = vi.fn((options: StartCoreOptions) => {
    const core = real.startCore(options);
    cores.push(core);
    return core;
  });
  vi.doMock('../../electron/host/core-client', () => ({ ...real, startCore }));
  process.argv = ['/opt/electron/electron', appDir, ...argv];
  await import('../../electron/main/index');
  const { buildWebPreferences } = await import('../../electron/main/security');
  /** The core main started (the first, and in these tests the only one). */
  const core = () => {
    expect(startCore).toHaveBeenCalledTimes(1);
    return startCore.mock.results[0]!.value as CoreClient;
  };
  return { electron, startCore, core, buildWebPreferences };
}

/** A call as the page of the window would make it, through main's IPC handler. */
function ipcCall(electron: FakeElectron, method: string, input: unknown = {}, meta?: unknown) {
  const window = electron.BrowserWindow.all[0]!;
  const handler = electron.ipcMain.handlers.get(channelOf(method as never))!;
  return handler({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, input, meta);
}

const settle = () => new Promise((r) => setTimeout(r, 0));

beforeAll(async () => {
  bundleBase = mkdtempSync(join(tmpdir(), 'rapport-main-bundles-'));
  const bundles = await bundleElectron(join(bundleBase, 'out', 'electron'));
  workerBundles = { core: bundles.coreWorker, sync: bundles.syncWorker, snapshot: bundles.snapshotWorker };
}, 60_000);

afterAll(() => rmSync(bundleBase, { recursive: true, force: true }));

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'rapport-main-'));
  appDir = join(base, 'app');
  dataDir = join(base, 'data');
  makeApp(appDir);
  delete process.env.RAPPORT_DATA_DIR;
  // Refusals and start failures are logged on purpose; keep the test output readable.
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.stop()));
  process.argv = savedArgv;
  if (savedDataEnv === undefined) delete process.env.RAPPORT_DATA_DIR;
  else process.env.RAPPORT_DATA_DIR = savedDataEnv;
  rmSync(base, { recursive: true, force: true });
  vi.doUnmock('electron');
  vi.doUnmock('better-sqlite3');
  vi.doUnmock('../../electron/host/core-client');
});

describe('desktop main', () => {
  it('registers the scheme, the data folder and the lock before ready, in that order', async () => {
    const { electron, startCore } = await startMain(['--data', dataDir]);
    expect(electron.app.calls).toEqual(['registerSchemesAsPrivileged', 'setPath:userData', 'requestSingleInstanceLock']);
    expect(electron.app.setPath).toHaveBeenCalledWith('userData', dataDir);
    expect(electron.app.listenerCount('web-contents-created')).toBe(1);
    expect(electron.BrowserWindow.all).toHaveLength(0);
    expect(startCore).not.toHaveBeenCalled();
  });

  it('on ready: hardens the session, serves app://, starts the core from the app’s worker bundle, opens one secure window', async () => {
    const { electron, startCore, buildWebPreferences } = await startMain(['--data', dataDir]);
    await electron.app.fireReady();
    await settle();

    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(startCore).toHaveBeenCalledExactlyOnceWith({
      workerFile: join(appDir, 'out', 'electron', 'core-worker.cjs'),
      core: {
        dataDir,
        migrationsDir: join(appDir, 'migrations'),
        mode: 'desktop',
        version: '9.8.7',
        defaultLocale: 'zh-CN',
        syncWorkerFile: join(appDir, 'out', 'electron', 'sync-worker.cjs'),
        snapshotWorkerFile: join(appDir, 'out', 'electron', 'snapshot-worker.cjs'),
        backupWorkerFile: join(appDir, 'out', 'electron', 'backup-worker.cjs'),
        importWorkerFile: join(appDir, 'out', 'electron', 'import-worker.cjs'),
        backgroundSync: true,
        deviceKey: expect.any(Buffer),
      },
    });
    // The device key reaches the core raw, and the data folder holds it only as the OS keychain encrypted it.
    const deviceKey = startCore.mock.calls[0]![0].core.deviceKey as Buffer;
    expect(deviceKey).toHaveLength(32);
    const kept = readFileSync(join(dataDir, 'device-key.safe'));
    expect(kept.includes(deviceKey.toString('base64'))).toBe(false);
    expect(electron.safeStorage.encryptString).toHaveBeenCalledWith(deviceKey.toString('base64'));
    expect(existsSync(join(dataDir, 'device.key'))).toBe(false);

    expect(electron.BrowserWindow.all).toHaveLength(1);
    const window = electron.BrowserWindow.all[0]!;
    expect(window.options).toMatchObject({ title: 'Rapport', show: false, minWidth: expect.any(Number), minHeight: expect.any(Number) });
    expect(window.options.webPreferences).toEqual(buildWebPreferences(join(appDir, 'out', 'electron', 'preload.cjs')));
    expect(window.loadURL).toHaveBeenCalledWith('app://rapport/index.html');
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalled();
  });

  it('the core opens the store on its own thread, from the app’s migrations', async () => {
    const { electron, core } = await startMain(['--data', dataDir]);
    await electron.app.fireReady();
    await expect(core().ready).resolves.toBeUndefined();
    expect(core().state).toBe('ready');
    expect(existsSync(join(dataDir, 'rapport.sqlite'))).toBe(true);
    const info = await ipcCall(electron, 'app.info');
    expect(info).toMatchObject({ ok: true, value: { dataDir, schemaVersion: expect.any(Number), deviceId: expect.any(String) } });
    expect((info as { value: { schemaVersion: number } }).value.schemaVersion).toBeGreaterThan(0);
    expect(electron.dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it('answers the contract over IPC from the window, in desktop mode with the app’s version', async () => {
    const { electron } = await startMain(['--data', dataDir]);
    await electron.app.fireReady();
    await settle();
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(methods.map((m) => `rapport:${m}`).sort());

    // Asked at once, before the core is ready: the call waits for the store instead of failing.
    const info = await ipcCall(electron, 'app.info');
    expect(info).toMatchObject({ ok: true, value: { mode: 'desktop', version: '9.8.7', dataDir } });

    const window = electron.BrowserWindow.all[0]!;
    const stranger = await electron.ipcMain.handlers.get('rapport:app.info')!({ sender: {}, senderFrame: window.webContents.mainFrame }, {});
    expect(stranger).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const invalid = await ipcCall(electron, 'members.create', { name: '' }, { locale: 'en' });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('tells the window what the core tells, over the event channel', async () => {
    const { electron } = await startMain(['--data', dataDir]);
    await electron.app.fireReady();
    const window = electron.BrowserWindow.all[0]!;

    const created = (await ipcCall(electron, 'members.create', { name: '陈晓明', role: 'manager' })) as { ok: boolean; changed?: string[] };
    expect(created).toMatchObject({ ok: true, changed: expect.arrayContaining(['members']) });
    // The core tells the change before it answers, and main keeps that order.
    expect(window.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, { type: 'data.changed', areas: created.changed });
    for (const [channel] of window.webContents.send.mock.calls) expect(channel).toBe(EVENT_CHANNEL);
  });

  it('quitting removes the IPC handlers at once, waits for the core to close the store, then quits', async () => {
    const { electron, core } = await startMain(['--data', dataDir]);
    await electron.app.fireReady();
    const started = core();
    await started.ready;
    const wal = join(dataDir, 'rapport.sqlite-wal');
    expect(existsSync(wal)).toBe(true);

    const quitting = { preventDefault: vi.fn() };
    electron.app.emit('will-quit', quitting);
    expect(electron.ipcMain.handlers.size).toBe(0);
    expect(quitting.preventDefault).toHaveBeenCalledTimes(1);
    expect(electron.app.quit).not.toHaveBeenCalled();

    // A graceful stop takes well under the client's 10 s before it would terminate the thread.
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledTimes(1), { timeout: 5_000 });
    expect(started.state).toBe('stopped');
    // The store's last connection closed: SQLite checkpointed and removed its write-ahead log.
    expect(existsSync(wal)).toBe(false);
    await expect(started.call('app.info', {}, { locale: 'en' })).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });

    // app.quit() fires will-quit again: this time nothing holds the app back.
    const again = { preventDefault: vi.fn() };
    electron.app.emit('will-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    expect(electron.app.quit).toHaveBeenCalledTimes(1);
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
    const { electron, startCore } = await startMain(['--data', dataDir], (e) => (e.app.lock = false));
    expect(electron.app.quit).toHaveBeenCalled();
    await electron.app.fireReady();
    await settle();
    expect(electron.BrowserWindow.all).toHaveLength(0);
    expect(startCore).not.toHaveBeenCalled();
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
    const { electron, startCore } = await startMain(['--data', dataDir]);
    await electron.app.fireReady();
    await settle();
    // The fake Electron reports a zh-CN OS: the box speaks the user's language.
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('Rapport 无法启动', expect.stringContaining('npm run build'));
    expect(electron.app.exit).toHaveBeenCalledWith(1);
    expect(startCore).not.toHaveBeenCalled();
    expect(electron.BrowserWindow.all).toHaveLength(0);
  });

  it('tells the user and exits when the core cannot open the data folder', async () => {
    writeFileSync(dataDir, 'a file where the data folder should be');
    const { electron, startCore } = await startMain(['--data', dataDir]);
    await electron.app.fireReady();
    // The device key cannot be kept there: the app stops before starting the core.
    await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(1));
    expect(startCore).not.toHaveBeenCalled();
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('Rapport 无法打开数据', expect.stringContaining(`数据目录：${dataDir}`));
  });

  it('tells the user and exits when the core cannot open the store', async () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'rapport.sqlite'), 'not a database, but long enough to be read as one by SQLite: '.repeat(20));
    const { electron, core } = await startMain(['--data', dataDir]);
    await electron.app.fireReady();
    await expect(core().ready).rejects.toThrow();
    await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(1));
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('Rapport 无法打开数据', expect.stringContaining(`数据目录：${dataDir}`));
  });

  it('packaged: starts the worker bundles unpacked from app.asar, loads the rest from inside it', async () => {
    const resources = join(base, 'resources');
    appDir = join(resources, 'app.asar');
    makeApp(appDir, join(resources, 'app.asar.unpacked'));
    const { electron, startCore, core, buildWebPreferences } = await startMain(['--data', dataDir]);
    await electron.app.fireReady();
    expect(startCore).toHaveBeenCalledWith({
      workerFile: join(resources, 'app.asar.unpacked', 'out', 'electron', 'core-worker.cjs'),
      core: expect.objectContaining({
        migrationsDir: join(appDir, 'migrations'),
        syncWorkerFile: join(resources, 'app.asar.unpacked', 'out', 'electron', 'sync-worker.cjs'),
        snapshotWorkerFile: join(resources, 'app.asar.unpacked', 'out', 'electron', 'snapshot-worker.cjs'),
        backupWorkerFile: join(resources, 'app.asar.unpacked', 'out', 'electron', 'backup-worker.cjs'),
        importWorkerFile: join(resources, 'app.asar.unpacked', 'out', 'electron', 'import-worker.cjs'),
      }),
    });
    await core().ready;
    await expect(ipcCall(electron, 'app.info')).resolves.toMatchObject({ ok: true, value: { mode: 'desktop', dataDir } });
    expect(electron.BrowserWindow.all[0]!.options.webPreferences).toEqual(buildWebPreferences(join(appDir, 'out', 'electron', 'preload.cjs')));
  });
});
