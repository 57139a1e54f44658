/**
 * Starts browser mode (`rapport serve`) as a child process on a data folder, exactly as a user
 * would, and reads the tokened address it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const URL_LINE = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/;
const START_TIMEOUT_MS = 20_000;

export class RapportServer {
  private child: ChildProcess | undefined;
  /** The address to open; it carries the token. */
  url = '';

  constructor(readonly dataDir: string) {}

  get origin(): string {
    return new URL(this.url).origin;
  }

  get token(): string {
    return new URL(this.url).searchParams.get('token') ?? '';
  }

  async start(): Promise<this> {
    const child = spawn(process.execPath, ['electron/host/bin.mjs', '--data', this.dataDir, 'serve', '--port', '0'], {
      cwd: projectRoot,
      env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`rapport serve printed no address within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const match = URL_LINE.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[0]);
        }
      };
      child.stdout?.on('data', read);
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`rapport serve exited (${code}) before printing its address:\n${output}`));
      });
    });
    return this;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  }

  /** Stops the process and starts a new one on the same data folder (new port, new token). */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}
