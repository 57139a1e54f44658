import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder when running from source (browser mode, the CLI, tests). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const migrationsDir = join(projectRoot, 'migrations');
/** `npm run build:renderer` writes the UI here; browser mode serves it. */
export const rendererDir = join(projectRoot, 'out', 'renderer');

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
