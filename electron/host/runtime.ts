import { resolveLocale } from '../../shared/i18n';
import { createDispatcher, type Dispatch } from '../services/dispatch';
import type { ServiceContext } from '../services/context';
import { SyncService } from '../services/sync';
import { openStore, type Store } from '../store/open';
import { appVersion, migrationsDir } from './paths';

/** The store and its dispatcher, as plain Node runs them (browser mode, the CLI, tests). */
export interface HostRuntime {
  store: Store;
  sync: SyncService;
  dispatch: Dispatch;
  close(): void;
}

/** The OS language as the shell reports it (LC_ALL, LC_MESSAGES, LANG), else Intl's. */
export function systemLocale(env: NodeJS.ProcessEnv = process.env): string {
  return env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
}

export function openRuntime(dataDir: string, mode: ServiceContext['mode']): HostRuntime {
  const store = openStore({ dataDir, migrationsDir });
  // Browser mode syncs on a worker thread running the TypeScript source under tsx; the CLI in-process.
  const worker = mode === 'browser' ? { file: new URL('./sync-worker.mjs', import.meta.url) } : undefined;
  const sync = new SyncService(store, appVersion(), worker);
  const dispatch = createDispatcher(store, { mode, version: appVersion(), sync, defaultLocale: resolveLocale(systemLocale()) });
  return {
    store,
    sync,
    dispatch,
    close: () => {
      sync.stop();
      store.close();
    },
  };
}
