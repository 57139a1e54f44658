/**
 * Browser mode: the core on its worker thread, and on this thread only the loopback bridge that
 * serves the UI and routes calls and events. A long job or sync round therefore never holds up the
 * server (tests/integration/responsiveness.test.ts pings it during a large sample-data load).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveLocale, translator } from '../../shared/i18n';
import { startBridge } from './bridge';
import { coreWorkerFile, rendererDir } from './paths';
import { startRuntimeCore, systemLocale } from './runtime';

export interface BrowserMode {
  url: string;
  /** Stops serving, then ends the core gracefully (a job stops after its chunk; the store is closed). */
  close(): Promise<void>;
}

/** Opens the store in `dataDir` and serves the UI and the contract on loopback; prints the URL. */
export async function startBrowserMode(options: { dataDir: string; port?: number; log?: (line: string) => void }): Promise<BrowserMode> {
  const log = options.log ?? ((line: string) => console.log(line));
  const t = translator(resolveLocale(systemLocale()));
  for (const file of [join(rendererDir, 'index.html'), coreWorkerFile]) {
    if (!existsSync(file)) throw new Error(t('desktop.notBuilt', { file }));
  }
  const core = startRuntimeCore(options.dataDir, 'browser');
  try {
    await core.ready;
    const bridge = await startBridge({
      dispatch: core.call,
      onEvent: (listener) => core.onEvent(listener),
      coreState: () => core.state,
      rendererDir,
      port: options.port ?? 0,
    });
    log(t('cli.browserMode', { url: bridge.url }));
    log(t('cli.dataFolder', { dir: options.dataDir }));
    return {
      url: bridge.url,
      close: async () => {
        await bridge.close();
        await core.stop();
      },
    };
  } catch (error) {
    await core.stop();
    throw error;
  }
}
