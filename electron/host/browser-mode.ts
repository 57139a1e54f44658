import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startBridge } from './bridge';
import { rendererDir } from './paths';
import { openRuntime, systemLocale } from './runtime';
import { resolveLocale, translator } from '../../shared/i18n';

export interface BrowserMode {
  url: string;
  close(): Promise<void>;
}

/** Opens the store in `dataDir` and serves the UI and the contract on loopback; prints the URL. */
export async function startBrowserMode(options: { dataDir: string; port?: number; log?: (line: string) => void }): Promise<BrowserMode> {
  const log = options.log ?? ((line: string) => console.log(line));
  const t = translator(resolveLocale(systemLocale()));
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(t('desktop.notBuilt', { dir: rendererDir }));
  }
  const runtime = openRuntime(options.dataDir, 'browser');
  try {
    const bridge = await startBridge({ dispatch: runtime.dispatch, rendererDir, port: options.port ?? 0 });
    log(t('cli.browserMode', { url: bridge.url }));
    log(t('cli.dataFolder', { dir: options.dataDir }));
    runtime.sync.start();
    return {
      url: bridge.url,
      close: async () => {
        await bridge.close();
        runtime.close();
      },
    };
  } catch (error) {
    runtime.close();
    throw error;
  }
}
