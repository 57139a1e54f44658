import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronRuntime } from '../../electron/launch';

/** A folder whose node_modules/electron behaves as given, so the probe's child requires it. */
function projectWithElectron(indexJs: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-launch-'));
  mkdirSync(join(dir, 'node_modules', 'electron'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'electron', 'package.json'), '{"name":"electron","main":"index.js"}');
  writeFileSync(join(dir, 'node_modules', 'electron', 'index.js'), indexJs);
  return dir;
}

const made: string[] = [];
const project = (indexJs: string) => {
  const dir = projectWithElectron(indexJs);
  made.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A killed process whose parent is gone stays a zombie where PID 1 does not reap (containers): count it as ended. */
const running = (pid: number) => {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return state !== undefined && state !== 'Z';
  } catch {
    if (existsSync('/proc/self/stat')) return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('findElectronRuntime', () => {
  it('returns the executable require("electron") names, ignoring the download chatter', async () => {
    const cwd = project(`
      const path = require('path');
      const exe = path.join(__dirname, 'electron-bin');
      require('fs').writeFileSync(exe, '');
      console.log('Downloading Electron binary...');
      module.exports = exe;
    `);
    await expect(findElectronRuntime({ cwd, timeoutMs: 10_000 })).resolves.toBe(join(cwd, 'node_modules', 'electron', 'electron-bin'));
  });

  it('returns null when the download fails, without waiting for its deadline', async () => {
    const cwd = project(`console.error('fetch failed'); throw new Error('Electron failed to install correctly.');`);
    // A deadline far beyond the test's own time limit: waiting for it fails the test.
    await expect(findElectronRuntime({ cwd, timeoutMs: 3_600_000 })).resolves.toBeNull();
  });

  it('returns null when the named executable does not exist', async () => {
    const cwd = project(`module.exports = '/nowhere/electron';`);
    await expect(findElectronRuntime({ cwd, timeoutMs: 10_000 })).resolves.toBeNull();
  });

  it.runIf(process.platform !== 'win32')('gives up on a hung download and ends it, including the download process', async () => {
    // Like electron/index.js: a child downloads while holding our stdout open.
    const cwd = project(`
      const { spawn } = require('child_process');
      const download = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' });
      require('fs').writeFileSync(require('path').join(process.cwd(), 'download.pid'), String(download.pid));
      setInterval(() => {}, 1000);
    `);
    // Given up at its deadline (a download that hangs on would hold the test past its own time limit).
    await expect(findElectronRuntime({ cwd, timeoutMs: 800 })).resolves.toBeNull();
    const downloadPid = Number(readFileSync(join(cwd, 'download.pid'), 'utf8'));
    try {
      // Polled until it has ended: a loaded machine may take a while to reap it.
      await expect.poll(() => running(downloadPid), { timeout: 15_000 }).toBe(false);
    } finally {
      if (running(downloadPid)) process.kill(downloadPid, 'SIGKILL');
    }
  });
});
