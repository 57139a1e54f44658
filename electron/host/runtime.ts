import { resolveLocale } from '../../shared/i18n';
import { createDispatcher, type Dispatch } from '../services/dispatch';
import type { ServiceContext } from '../services/context';
import { openStore, type Store } from '../store/open';
import { appVersion, migrationsDir } from './paths';

/** The store and its dispatcher, as plain Node runs them (browser mode, the CLI, tests). */
export interface HostRuntime {
  store: Store;
  dispatch: Dispatch;
  close(): void;
}

/** The OS language as the shell reports it (LC_ALL, LC_MESSAGES, LANG), else Intl's. */
export function systemLocale(env: NodeJS.ProcessEnv = process.env): string {
  return env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
}

export function openRuntime(dataDir: string, mode: ServiceContext['mode']): HostRuntime {
  const store = openStore({ dataDir, migrationsDir });
  const dispatch = createDispatcher(store, { mode, version: appVersion(), defaultLocale: resolveLocale(systemLocale()) });
  return { store, dispatch, close: () => store.close() };
}
