/**
 * `npm start` (after the build): runs the desktop app, or browser mode where Electron cannot run.
 *
 * The Electron runtime is not part of npm's install; `require('electron')` downloads it on first
 * use. That download runs in a child process with a deadline, so a network that swallows packets
 * cannot hang start. Where there is no route at all it fails in about 0.2 s (measured on a
 * machine with only the npm registry reachable), and we fall back to browser mode with one line.
 *
 *   node --import tsx electron/launch.ts [--data DIR] [--port N]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveLocale, translator } from '../shared/i18n';
import { cliBundle, defaultDataDir } from './host/paths';
import { systemLocale } from './host/runtime';
import { dataDirOverride, OptionError, parseLaunchArgs } from './main/options';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PATH_MARKER = 'RAPPORT_ELECTRON_PATH=';
/** Long enough for a first download of the runtime (about 100 MB), short enough not to look hung forever. */
const DEFAULT_PROBE_TIMEOUT_MS = 120_000;

/** Launcher messages follow the shell's language, like the CLI's. */
const t = translator(resolveLocale(systemLocale()));

/**
 * The Electron executable, downloading it if needed, or null when that fails or takes longer
 * than `timeoutMs`. The child's own output (download progress, stack traces) is swallowed: when
 * it fails, one line (`cli.noElectron`) says all the user needs.
 */
export function findElectronRuntime(options: { cwd?: string; timeoutMs?: number } = {}): Promise<string | null> {
  const script = `process.stdout.write('\\n${PATH_MARKER}' + require('electron') + '\\n')`;
  return new Promise((done) => {
    const child = spawn(process.execPath, ['-e', script], {
      cwd: options.cwd ?? projectRoot,
      stdio: ['ignore', 'pipe', 'ignore'],
      // Its own process group, so a timeout also ends the download script require('electron') starts.
      detached: process.platform !== 'win32',
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    const stop = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
      child.stdout.destroy();
    };
    const timer = setTimeout(() => {
      stop();
      done(null);
    }, options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS);
    child.on('error', () => {
      clearTimeout(timer);
      done(null);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      // The download script may still hold our pipe open; we have what we need.
      child.stdout.destroy();
      const line = stdout.split('\n').find((l) => l.startsWith(PATH_MARKER));
      const path = line?.slice(PATH_MARKER.length).trim();
      done(code === 0 && path && existsSync(path) ? path : null);
    });
  });
}

/**
 * Where the user typed the command: npm runs scripts from the project folder and keeps the
 * original folder in INIT_CWD, and a relative `--data` means relative to the latter.
 */
const userCwd = process.env.INIT_CWD ?? process.cwd();

/** Runs Electron on the project folder with our arguments; resolves with its exit code. */
function runElectron(electronPath: string, args: string[]): Promise<number> {
  const env = { ...process.env };
  // Set by some tools (VS Code tasks among them); it would make Electron run as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electronPath, [projectRoot, ...args], { cwd: userCwd, stdio: 'inherit', env, windowsHide: false });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  return new Promise((done) => {
    child.on('error', (error) => {
      console.error(t('cli.electronFailed', { detail: error.message }));
      done(1);
    });
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

/** `rapport serve` of the CLI that `npm start` just built: browser mode runs as JavaScript, never under tsx. */
async function runBrowserMode(args: string[]): Promise<number> {
  const { port } = parseLaunchArgs(args);
  const dataDir = dataDirOverride(args, process.env, userCwd) ?? defaultDataDir();
  const cli = (await import(pathToFileURL(cliBundle).href)) as typeof import('./host/cli');
  return cli.main(['--data', dataDir, 'serve', '--port', String(port ?? 0)]);
}

async function main(args: string[]): Promise<number> {
  try {
    parseLaunchArgs(args);
  } catch (error) {
    if (error instanceof OptionError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const timeoutMs = Number(process.env.RAPPORT_ELECTRON_TIMEOUT_MS) || undefined;
  const electronPath = await findElectronRuntime({ timeoutMs });
  if (electronPath !== null) return runElectron(electronPath, args);
  console.log(t('cli.noElectron'));
  return runBrowserMode(args);
}

// Only when run as a script, so tests can import findElectronRuntime without starting anything.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
