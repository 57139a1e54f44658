/**
 * Command-line options of the desktop app and of `npm start` (electron/launch.ts): pure, no
 * Electron, so both share it and tests call it with plain arrays.
 */
import { isAbsolute, resolve } from 'node:path';

export class OptionError extends Error {}

export interface LaunchArgs {
  /** `--data DIR`: the folder that holds the store. */
  data?: string;
  /** `--port N`: browser mode's port (0 picks a free one). */
  port?: number;
}

/**
 * Reads `--data DIR`, `--data=DIR`, `--port N` and `--port=N`. Anything else is skipped, not
 * refused: Electron's argv also holds the app folder and switches Chromium adds itself
 * (e.g. `--original-process-start-time`).
 */
export function parseLaunchArgs(argv: readonly string[]): LaunchArgs {
  const result: LaunchArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const match = /^--(data|port)(?:=(.*))?$/.exec(arg);
    if (!match) continue;
    const name = match[1] as 'data' | 'port';
    let value = match[2];
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new OptionError(usageOf(name));
      value = next;
      i++;
    }
    if (value === '') throw new OptionError(usageOf(name));
    if (name === 'data') {
      result.data = value;
    } else {
      const port = Number(value);
      if (!/^\d+$/.test(value) || port > 65535)
        throw new OptionError(`“${value}” is not a port number. Use --port N with N from 0 to 65535 (0 picks a free port).`);
      result.port = port;
    }
  }
  return result;
}

function usageOf(name: 'data' | 'port'): string {
  return name === 'data' ? '--data needs a folder: --data DIR.' : '--port needs a number: --port N.';
}

/**
 * The data folder the user asked for, absolute: `--data` beats RAPPORT_DATA_DIR; undefined when
 * neither is given, so the caller uses its platform default. Relative paths are taken from `cwd`,
 * where the user typed them.
 */
export function dataDirOverride(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const chosen = parseLaunchArgs(argv).data ?? (env.RAPPORT_DATA_DIR || undefined);
  if (chosen === undefined) return undefined;
  return isAbsolute(chosen) ? resolve(chosen) : resolve(cwd, chosen);
}
