/**
 * The one composition root: the store and everything that works on it, the dispatcher, the sync
 * scheduler, the job runner and the event channel. The desktop app and browser mode run it on a
 * worker thread of its own (core-worker.ts, reached through core-client.ts), so the thread that
 * owns the windows or answers HTTP only routes calls; the CLI runs it in-process (runtime.ts).
 */
import type { AppInfo } from '../../shared/contract';
import type { AppEvent } from '../../shared/events';
import { createDispatcher, type Dispatch } from '../services/dispatch';
import { CallFailure } from '../services/context';
import { JobRunner } from '../services/jobs';
import { SyncService } from '../services/sync';
import { openStore, type Store } from '../store/open';
import { noticesDue } from '../services/notices';
import { privacyUpkeep } from '../services/privacy';
import { ChangeLog } from '../sync/changes';
import { readMe } from '../store/meta';
import { resolveLocale, translator } from '../../shared/i18n';
import { backupIfDue } from '../services/backup';
import { useBackupWorker } from '../services/backup-verify';
import { useImportWorker } from '../services/import/ahead';
import { pendingSearchTables, searchIndexSteps } from '../store/search-index';

/** The first look for a due daily backup waits until start-up's own work (first sync, health) is done. */
const BACKUP_FIRST_DELAY_MS = 2 * 60_000;

/** What a core is opened with; plain data, so it crosses to a worker thread as `workerData`. */
export interface CoreOptions {
  dataDir: string;
  migrationsDir: string;
  mode: AppInfo['mode'];
  version: string;
  /** The language of messages when a call does not say (the OS language). */
  defaultLocale: string;
  /**
   * The bundled sync round worker (out/electron/sync-worker.cjs): rounds run on a thread of their
   * own, as a bootstrap is one long transaction. Absent: on the core's thread (the CLI).
   */
  syncWorkerFile?: string;
  /**
   * The bundled thread that reads a snapshot while a bootstrapping round stores it
   * (out/electron/snapshot-worker.cjs). Absent: the round reads it on its own thread.
   */
  snapshotWorkerFile?: string;
  /** Sync at start, every few minutes and when the share changes (the app and browser mode; not the CLI). */
  backgroundSync?: boolean;
  /**
   * The key that wraps this device's secrets: the desktop app's, from the OS keychain (electron/main).
   * Absent: the data folder's 0600 key file (store/protect.ts).
   */
  deviceKey?: Uint8Array;
  /** The bundled backup check thread (out/electron/backup-worker.cjs). Absent: the check runs on the core's thread (the CLI). */
  backupWorkerFile?: string;
  /** The bundled thread that checks an import's rows ahead of its job (out/electron/import-worker.cjs). Absent: the job checks them. */
  importWorkerFile?: string;
}

export interface Core {
  store: Store;
  sync: SyncService;
  jobs: JobRunner;
  dispatch: Dispatch;
  /** Every event the core tells (shared/events.ts); returns the unsubscribe. */
  onEvent(listener: (event: AppEvent) => void): () => void;
  /**
   * Ends gracefully, as the app closes or a signal comes: jobs stop after their chunk in progress,
   * a running round's thread is ended (its transaction rolls back), then the store is closed.
   */
  stop(): Promise<void>;
  /** Ends at once: for a core whose calls have all returned (the CLI after its command, tests). */
  close(): void;
}

/** Rows indexed per step of the search catch-up: ~20 ms of tokenizing names, well inside a job's slice. */
const SEARCH_INDEX_STEP = 200;

export function openCore(options: CoreOptions): Core {
  useBackupWorker(options.backupWorkerFile);
  useImportWorker(options.importWorkerFile);
  const store = openStore({ dataDir: options.dataDir, migrationsDir: options.migrationsDir, deviceKey: options.deviceKey });
  const listeners = new Set<(event: AppEvent) => void>();
  let closed = false;
  const emit = (event: AppEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        // A listener's failure (a closed window, a dropped connection) must not stop the others.
        console.error('[rapport] an event listener failed:', error);
      }
    }
  };
  // A sync round that brought data changes health anywhere: every account is recomputed after it
  // (alerts raised on both laptops converge by id). `dispatch` is set just below.
  let recompute = () => {};
  // Erased people scrubbed again, this device's notes in clear sealed (services/privacy.ts): at
  // open and after every round that brought data, before anyone reads what it brought.
  const upkeep = () => {
    try {
      const t = translator(resolveLocale(options.defaultLocale));
      if (privacyUpkeep({ sqlite: store.sqlite, changes: new ChangeLog(store.sqlite), t, me: readMe(store.sqlite) }) > 0) sync.changedLocally();
    } catch (error) {
      console.error('[rapport] privacy upkeep failed:', error);
    }
  };
  const emitFromSync = (event: AppEvent) => {
    if (event.type === 'data.changed') upkeep();
    emit(event);
    if (event.type === 'data.changed') {
      // A merge made elsewhere, or a link to a merged-away record made offline, lands on the survivor (services/merge.ts).
      void dispatch('merge.reconcile', {});
      recompute();
    }
  };
  const sync = new SyncService(store, options.version, {
    worker: options.syncWorkerFile ? { file: options.syncWorkerFile } : undefined,
    snapshotThread: options.snapshotWorkerFile,
    emit: emitFromSync,
  });
  const jobs = new JobRunner(store.sqlite, { emit });
  const dispatch = createDispatcher(store, {
    mode: options.mode,
    version: options.version,
    sync,
    jobs,
    defaultLocale: options.defaultLocale,
    recomputeAll: () => recompute(),
    onChanged: (areas) => {
      emit({ type: 'data.changed', areas });
      sync.changedLocally();
      indexSoon();
    },
  });
  upkeep();
  // Rows a big import left out of the search indexes (store/search-index.ts) are indexed by a job
  // after the call, a small batch per step, so calls are answered meanwhile; search scans them
  // until then. Never during an import: caught up, the indexes would take its next rows one by
  // one again. Stopped or cut short by a quit, it goes on at the next write or start.
  const indexSoon = () => {
    if (closed || jobs.list().some((job) => job.kind === 'search' || job.kind === 'import') || pendingSearchTables(store.sqlite).size === 0) return;
    jobs.run('search', searchIndexSteps(store.sqlite, SEARCH_INDEX_STEP)).catch((error: unknown) => {
      if (!(error instanceof CallFailure && error.code === 'cancelled')) console.error('[rapport] search indexing stopped:', error);
    });
  };
  // One recompute at a time: a round that ends while one runs is covered by it (it reads as it goes).
  recompute = () => {
    if (!jobs.list().some((job) => job.kind === 'health')) void dispatch('health.recompute', {});
  };
  // Notices after any change (a write here, a round that brought alerts) and every half hour (a task falls due as the day turns).
  let told: ReturnType<typeof setTimeout> | null = null;
  const tell = () => {
    if (closed) return;
    try {
      for (const notice of noticesDue(store.sqlite, new Date().toISOString())) emit({ type: 'notice', notice });
    } catch (error) {
      console.error('[rapport] notices could not be checked:', error);
    }
  };
  const tellSoon = () => {
    if (told) return;
    told = setTimeout(() => {
      told = null;
      tell();
    }, 500);
  };
  listeners.add((event) => {
    if (event.type === 'data.changed') tellSoon();
  });
  const halfHourly = options.backgroundSync ? setInterval(tell, 30 * 60_000) : null;
  halfHourly?.unref();
  // Time alone changes health (a decider silent for 60 days, a renewal drawing near): once at start, then daily.
  let daily: ReturnType<typeof setInterval> | null = null;
  if (options.backgroundSync) {
    recompute();
    daily = setInterval(recompute, 24 * 3_600_000);
    daily.unref();
  }
  if (options.backgroundSync) {
    indexSoon();
    sync.start();
  }
  // A verified backup a day while the app runs (services/backup.ts): looked at soon after start and
  // then hourly, so a laptop asleep at the day's mark still gets its copy when it wakes.
  let backups: ReturnType<typeof setInterval> | null = null;
  let firstBackup: ReturnType<typeof setTimeout> | null = null;
  if (options.backgroundSync) {
    const backupIfDueNow = () => {
      if (closed || jobs.list().some((job) => job.kind === 'backup')) return;
      backupIfDue({ store, jobs }).catch((error: unknown) => console.error('[rapport] the daily backup failed:', error));
    };
    firstBackup = setTimeout(backupIfDueNow, BACKUP_FIRST_DELAY_MS);
    firstBackup.unref();
    backups = setInterval(backupIfDueNow, 3_600_000);
    backups.unref();
  }

  const close = () => {
    if (closed) return;
    closed = true;
    if (daily) clearInterval(daily);
    if (backups) clearInterval(backups);
    if (firstBackup) clearTimeout(firstBackup);
    if (halfHourly) clearInterval(halfHourly);
    if (told) clearTimeout(told);
    // A job still running (a recompute the last call started) stops at its next step instead of
    // meeting a closed store.
    void jobs.cancelAll();
    listeners.clear();
    void sync.stop();
    store.close();
  };
  return {
    store,
    sync,
    jobs,
    dispatch,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      await jobs.cancelAll();
      await sync.stop();
      close();
    },
    close,
  };
}
