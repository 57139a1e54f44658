/**
 * The bundles as Electron would load them: the preload in a sandbox-like context whose require()
 * knows only 'electron', and main.cjs with a fake Electron, a require() that knows nothing but
 * Electron and Node's built-ins, and the real core worker on its thread over a real store.
 * Bundling mistakes (a Node module in the preload, import.meta in CommonJS, a worker bundle
 * missing from the app) otherwise show only in the real app.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelOf, methods } from '../../shared/contract';
import { EVENT_CHANNEL, type EventBridge } from '../../shared/events';
import { BUNDLES, bundleElectron, type ElectronBundles } from '../../electron/bundle';
import { makeFakeElectron, type FakeElectron } from './fake-electron';

const root = resolve(__dirname, '../..');
let base: string;
/** The app folder: the bundles in out/electron, as packaged, with better-sqlite3 its one package. */
let appDir: string;
let bundles: ElectronBundles;
/** The fake Electron main.cjs runs under, once it has started (afterAll quits it, so no core thread outlives the test). */
let running: FakeElectron | null = null;

/** The bare modules a bundle requires beyond Node's built-ins. */
const packages = (requires: string[]) => requires.filter((name) => !isBuiltin(name)).sort();

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'rapport-bundle-'));
  appDir = join(base, 'app');
  bundles = await bundleElectron(join(appDir, 'out', 'electron'));
}, 60_000);

afterAll(async () => {
  if (running !== null && running.app.quit.mock.calls.length === 0) {
    running.app.emit('will-quit', { preventDefault: () => {} });
    await vi.waitFor(() => expect(running?.app.quit).toHaveBeenCalled(), { timeout: 15_000 });
  }
  rmSync(base, { recursive: true, force: true });
}, 30_000);

describe('bundles', () => {
  it('leave electron only to the preload and main, better-sqlite3 only to the workers (and the CLI), and Node built-ins', () => {
    expect(bundles.requires.preload).toEqual(['electron']);
    // The store lives on the core's thread: main never loads the native module.
    expect(packages(bundles.requires.main)).toEqual(['electron']);
    expect(packages(bundles.requires.coreWorker)).toEqual(['better-sqlite3']);
    expect(packages(bundles.requires.syncWorker)).toEqual(['better-sqlite3']);
    expect(packages(bundles.requires.backupWorker)).toEqual(['better-sqlite3']);
    // Reading a snapshot touches no store: no native module on that thread.
    expect(packages(bundles.requires.snapshotWorker)).toEqual([]);
    // The PDF mender needs no native module: pdf-lib is inlined.
    expect(packages(bundles.requires.pdfWorker)).toEqual([]);
    expect(packages(bundles.requires.cli)).toEqual(['better-sqlite3']);
    for (const name of BUNDLES.filter((n) => n !== 'cli')) {
      expect(dirname(bundles[name])).toBe(join(appDir, 'out', 'electron'));
    }
    expect(bundles.cli).toBe(join(appDir, 'out', 'cli', 'rapport.mjs'));
  });

  it('the preload carries names only: no zod, no contract, no schema', () => {
    expect(bundles.preloadInputs.filter((input) => /node_modules\/|shared\/contract\.ts$/.test(input))).toEqual([]);
    const source = readFileSync(bundles.preload, 'utf8');
    // The manifest was inlined at build time, every channel by name.
    expect(source).not.toContain('__RAPPORT_PRELOAD__');
    for (const method of methods) expect(source).toContain(JSON.stringify(channelOf(method)));
    expect(source).toContain(JSON.stringify(EVENT_CHANNEL));
  });

  it('the preload runs where require() knows only electron and exposes the contract and the events, nothing else', () => {
    const exposeInMainWorld = vi.fn();
    const invoke = vi.fn(async () => ({ ok: true, value: null }));
    const on = vi.fn();
    const removeListener = vi.fn();
    const sandboxRequire = (name: string) => {
      if (name === 'electron') return { contextBridge: { exposeInMainWorld }, ipcRenderer: { invoke, on, removeListener } };
      throw new Error(`module not found: ${name}`);
    };
    const module = { exports: {} };
    // Only what a sandboxed preload has: web globals, no Node built-ins.
    vm.runInNewContext(readFileSync(bundles.preload, 'utf8'), {
      require: sandboxRequire,
      module,
      exports: module.exports,
      console,
      URL,
      TextEncoder,
      TextDecoder,
    });
    expect(exposeInMainWorld).toHaveBeenCalledTimes(2);
    const exposed = new Map(exposeInMainWorld.mock.calls as [string, unknown][]);
    expect([...exposed.keys()].sort()).toEqual(['rapport', 'rapportEvents']);

    const api = exposed.get('rapport') as Record<string, (input: unknown, meta?: unknown) => unknown>;
    expect(Object.keys(api).sort()).toEqual([...methods].sort());
    for (const method of methods) expect(typeof api[method]).toBe('function');
    void api['accounts.list']?.({}, { locale: 'en' });
    expect(invoke).toHaveBeenCalledExactlyOnceWith('rapport:accounts.list', {}, { locale: 'en' });

    const events = exposed.get('rapportEvents') as EventBridge;
    expect(Object.keys(events)).toEqual(['subscribe']);
    const listener = vi.fn();
    const unsubscribe = events.subscribe(listener);
    expect(on).toHaveBeenCalledExactlyOnceWith(EVENT_CHANNEL, expect.any(Function));
    const forward = on.mock.calls[0]![1] as (ipc: unknown, event: unknown) => void;
    forward({ sender: {} }, { type: 'data.changed', areas: ['accounts'] });
    expect(listener).toHaveBeenCalledExactlyOnceWith({ type: 'data.changed', areas: ['accounts'] });
    unsubscribe();
    expect(removeListener).toHaveBeenCalledExactlyOnceWith(EVENT_CHANNEL, forward);
  });

  it('main.cjs starts under Electron’s module system, runs the core worker from the app and answers IPC from the real store', async () => {
    const dataDir = join(base, 'data');
    cpSync(join(root, 'migrations'), join(appDir, 'migrations'), { recursive: true });
    mkdirSync(join(appDir, 'out', 'renderer'), { recursive: true });
    writeFileSync(join(appDir, 'out', 'renderer', 'index.html'), '<!doctype html>');
    // What the packaged app ships beside the bundles; the core worker (not main) requires it from there.
    mkdirSync(join(appDir, 'node_modules'), { recursive: true });
    symlinkSync(join(root, 'node_modules', 'better-sqlite3'), join(appDir, 'node_modules', 'better-sqlite3'), 'dir');

    const electron = makeFakeElectron();
    electron.app.appPath = appDir;
    const nodeRequire = createRequire(join(root, 'package.json'));
    const requireInMain = (name: string): unknown => {
      if (name === 'electron') return electron;
      if (isBuiltin(name)) return nodeRequire(name);
      throw new Error(`main.cjs required ${name}: main may require only electron and Node's built-ins`);
    };
    const savedArgv = process.argv;
    process.argv = ['/opt/electron/electron', appDir, '--data', dataDir];
    try {
      const wrapper = vm.runInThisContext(Module.wrap(readFileSync(bundles.main, 'utf8')), { filename: bundles.main }) as (...args: unknown[]) => void;
      const module = { exports: {} };
      wrapper(module.exports, requireInMain, module, bundles.main, dirname(bundles.main));
    } finally {
      process.argv = savedArgv;
    }
    expect(electron.app.calls.slice(0, 3)).toEqual(['registerSchemesAsPrivileged', 'setPath:userData', 'requestSingleInstanceLock']);

    await electron.app.fireReady();
    running = electron;
    const window = electron.BrowserWindow.all[0]!;
    const call = (method: string, input: unknown) =>
      electron.ipcMain.handlers.get(`rapport:${method}`)!({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, input);

    const info = await call('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { mode: 'desktop', version: '9.8.7', dataDir } });
    expect(electron.dialog.showErrorBox).not.toHaveBeenCalled();

    // A write in the core comes back to the window as an event.
    const created = await call('members.create', { name: 'Laura Becker', role: 'kam' });
    expect(created).toMatchObject({ ok: true, value: { name: 'Laura Becker' } });
    expect(window.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, { type: 'data.changed', areas: expect.arrayContaining(['members']) });

    const quitting = { preventDefault: vi.fn() };
    electron.app.emit('will-quit', quitting);
    expect(electron.ipcMain.handlers.size).toBe(0);
    expect(quitting.preventDefault).toHaveBeenCalled();
    // The core's thread closed the store and ended; then the app quits for good.
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledTimes(1), { timeout: 5_000 });
  });
});
