import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project folder: two levels up from this file, whether it runs as the source
 * (electron/host/paths.ts, tests) or bundled into the CLI (out/cli/rapport.mjs).
 */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const migrationsDir = join(projectRoot, 'migrations');
/** `npm run build:renderer` writes the UI here; browser mode serves it. */
export const rendererDir = join(projectRoot, 'out', 'renderer');
/** `npm run build:electron` writes the bundles here (electron/bundle.ts): the app's, the workers', the CLI's. */
export const bundleDir = join(projectRoot, 'out', 'electron');
/** The core's thread (browser mode; the desktop app finds its own copy inside the app). */
export const coreWorkerFile = join(bundleDir, 'core-worker.cjs');
/** A sync round's thread, started by the core. */
export const syncWorkerFile = join(bundleDir, 'sync-worker.cjs');
/** The thread that reads a snapshot while a bootstrapping round stores it, started by the round. */
export const snapshotWorkerFile = join(bundleDir, 'snapshot-worker.cjs');
/** The thread that checks a backup copy, started by the core. */
export const backupWorkerFile = join(bundleDir, 'backup-worker.cjs');
/** The thread that checks an import's rows ahead of the job that writes them, started by the job. */
export const importWorkerFile = join(bundleDir, 'import-worker.cjs');
/** The command line, as bin.mjs runs it. */
export const cliBundle = join(projectRoot, 'out', 'cli', 'rapport.mjs');

export function appVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Where the store lives when neither `--data DIR` nor RAPPORT_DATA_DIR says: the same folder
 * Electron uses as userData for "Rapport", so the desktop app and the CLI see one store.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.RAPPORT_DATA_DIR) return resolve(env.RAPPORT_DATA_DIR);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Rapport');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Rapport');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Rapport');
}
