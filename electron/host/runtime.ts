/**
 * The core as plain Node runs it, with the defaults of a project checkout: the repo's migrations,
 * package.json's version, the shell's language, the bundles in out/electron. `openRuntime` is
 * in-process (the CLI, tests); `startRuntimeCore` puts it on its worker thread (browser mode).
 */
import { existsSync } from 'node:fs';
import { resolveLocale } from '../../shared/i18n';
import { openCore, type Core, type CoreOptions } from './core';
import { startCore, type CoreClient } from './core-client';
import { appVersion, backupWorkerFile, coreWorkerFile, importWorkerFile, migrationsDir, snapshotWorkerFile, syncWorkerFile } from './paths';

/** The in-process core; the name older callers (tests) know it by. */
export type HostRuntime = Core;

/** The OS language as the shell reports it (LC_ALL, LC_MESSAGES, LANG), else Intl's. */
export function systemLocale(env: NodeJS.ProcessEnv = process.env): string {
  return env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
}

function coreOptions(dataDir: string, mode: CoreOptions['mode']): CoreOptions {
  return { dataDir, migrationsDir, mode, version: appVersion(), defaultLocale: resolveLocale(systemLocale()) };
}

/**
 * The core on this thread, for a command that ends when its call does: rounds run here too. `threads`
 * names other files for the threads (a bench runs them from the sources).
 */
export function openRuntime(dataDir: string, mode: CoreOptions['mode'], threads: Pick<CoreOptions, 'snapshotWorkerFile' | 'importWorkerFile'> = {}): Core {
  // Built or not (the sources run through tsx): a round reads a snapshot, and an import checks its
  // rows, on the threads' own when they are there, else on this one.
  return openCore({
    ...coreOptions(dataDir, mode),
    ...(existsSync(snapshotWorkerFile) ? { snapshotWorkerFile } : {}),
    ...(existsSync(importWorkerFile) ? { importWorkerFile } : {}),
    ...threads,
  });
}

/** The core on its own thread, syncing in the background, its rounds on a thread of their own (browser mode). */
export function startRuntimeCore(dataDir: string, mode: CoreOptions['mode']): CoreClient {
  return startCore({
    workerFile: coreWorkerFile,
    core: { ...coreOptions(dataDir, mode), syncWorkerFile, snapshotWorkerFile, backupWorkerFile, importWorkerFile, backgroundSync: true },
  });
}
