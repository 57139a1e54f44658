/** `rapport …` for the tests: as the bundled bin in its own process, or through the CLI's `main` in this one. */
import { spawnSync } from 'node:child_process';
import { main } from '../../electron/host/cli';
import { projectRoot } from '../../electron/host/paths';

export const RAPPORT_BIN = 'electron/host/bin.mjs';

/** The built CLI in a child process (as a user runs it), English unless `env` says otherwise. */
export function rapportProcess(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [RAPPORT_BIN, ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', ...env },
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

/** The CLI's `main` in this process, with its output (each line ending in a newline) and exit code. */
export async function rapportInProcess(args: string[], lang = 'en_US.UTF-8'): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), env: { LANG: lang } });
  return { code, out, err };
}
