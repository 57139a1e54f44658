import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startBridge } from './bridge';
import { rendererDir } from './paths';
import { openRuntime } from './runtime';

export interface BrowserMode {
  url: string;
  close(): Promise<void>;
}

/** Opens the store in `dataDir` and serves the UI and the contract on loopback; prints the URL. */
export async function startBrowserMode(options: { dataDir: string; port?: number; log?: (line: string) => void }): Promise<BrowserMode> {
  const log = options.log ?? ((line: string) => console.log(line));
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`The UI is not built (${rendererDir} is empty). Run \`npm run build\` first.`);
  }
  const runtime = openRuntime(options.dataDir, 'browser');
  try {
    const bridge = await startBridge({ dispatch: runtime.dispatch, rendererDir, port: options.port ?? 0 });
    log(`Rapport browser mode: ${bridge.url}`);
    log(`Data folder: ${options.dataDir}  (Ctrl+C to stop)`);
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
