/**
 * The bundles as Electron would load them: the preload in a sandbox-like context whose require()
 * knows only 'electron', and main.cjs with a fake Electron and the real store. Bundling mistakes
 * (a Node module in the preload, import.meta in CommonJS) otherwise show only in the real app.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { methods } from '../../shared/contract';
import { bundleElectron, type ElectronBundles } from '../../electron/bundle';
import { makeFakeElectron } from './fake-electron';

const root = resolve(__dirname, '../..');
let base: string;
let bundles: ElectronBundles;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'rapport-bundle-'));
  bundles = await bundleElectron(join(base, 'out', 'electron'));
}, 60_000);

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('bundles', () => {
  it('leave only electron (preload) and electron, better-sqlite3 and Node built-ins (main) to require', () => {
    expect(bundles.requires.preload).toEqual(['electron']);
    expect(bundles.requires.main.filter((name) => !isBuiltin(name)).sort()).toEqual(['better-sqlite3', 'electron']);
  });

  it('the preload runs where require() knows only electron and exposes the contract', () => {
    const exposeInMainWorld = vi.fn();
    const invoke = vi.fn(async () => ({ ok: true, value: null }));
    const sandboxRequire = (name: string) => {
      if (name === 'electron') return { contextBridge: { exposeInMainWorld }, ipcRenderer: { invoke } };
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
    expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = exposeInMainWorld.mock.calls[0] as [string, Record<string, (input: unknown, meta?: unknown) => unknown>];
    expect(key).toBe('rapport');
    expect(Object.keys(api).sort()).toEqual([...methods].sort());
    void api['accounts.list']?.({}, { locale: 'en' });
    expect(invoke).toHaveBeenCalledWith('rapport:accounts.list', {}, { locale: 'en' });
  });

  it('main.cjs starts under Electron’s module system and answers IPC from the real store', async () => {
    const appDir = join(base, 'app');
    const dataDir = join(base, 'data');
    cpSync(join(root, 'migrations'), join(appDir, 'migrations'), { recursive: true });
    mkdirSync(join(appDir, 'out', 'renderer'), { recursive: true });
    writeFileSync(join(appDir, 'out', 'renderer', 'index.html'), '<!doctype html>');

    const electron = makeFakeElectron();
    electron.app.appPath = appDir;
    const projectRequire = createRequire(join(root, 'package.json'));
    const requireInApp = (name: string): unknown => (name === 'electron' ? electron : projectRequire(name));
    const savedArgv = process.argv;
    process.argv = ['/opt/electron/electron', appDir, '--data', dataDir];
    try {
      const wrapper = vm.runInThisContext(Module.wrap(readFileSync(bundles.main, 'utf8')), { filename: bundles.main }) as (...args: unknown[]) => void;
      const module = { exports: {} };
      wrapper(module.exports, requireInApp, module, bundles.main, dirname(bundles.main));
    } finally {
      process.argv = savedArgv;
    }
    expect(electron.app.calls.slice(0, 3)).toEqual(['registerSchemesAsPrivileged', 'setPath:userData', 'requestSingleInstanceLock']);

    await electron.app.fireReady();
    await new Promise((r) => setTimeout(r, 0));
    const window = electron.BrowserWindow.all[0]!;
    const info = await electron.ipcMain.handlers.get('rapport:app.info')!({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, {});
    expect(info).toMatchObject({ ok: true, value: { mode: 'desktop', dataDir } });
    electron.app.emit('will-quit');
    expect(electron.ipcMain.handlers.size).toBe(0);
  });
});
