/**
 * A sync round on a worker thread, so a long one (a first bootstrap, weeks of changes) never
 * freezes the app: it opens its own connection to the same store (WAL lets both work) and posts
 * progress while it runs. Started by electron/services/sync.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/open';
import { afterRound, SyncEngine, type SyncProgress } from './engine';
import { Share } from './share';

export interface SyncJob {
  dataDir: string;
  migrationsDir: string;
  shareDir: string;
  appVersion: string;
  forceSnapshot?: boolean;
  deviceName?: string;
  /** The thread that reads a snapshot while the round stores it (SyncOptions.snapshotThread). */
  snapshotThread?: string;
  /** The device key that unwraps this device's secrets (the workspace keys), from the keychain in the desktop app. */
  deviceKey?: Uint8Array;
}

/**
 * `applied`: the round has committed, its data can be shown; the thread still checkpoints and
 * fills the search indexes before `done`.
 */
export type SyncWorkerMessage =
  | { type: 'progress'; progress: SyncProgress }
  | { type: 'applied'; summary: ReturnType<SyncEngine['round']> }
  | { type: 'done'; summary: ReturnType<SyncEngine['round']> }
  | { type: 'error'; message: string; code?: string };

const job = workerData as SyncJob;
const post = (message: SyncWorkerMessage) => parentPort?.postMessage(message);
const store = openStore({ dataDir: job.dataDir, migrationsDir: job.migrationsDir, deviceKey: job.deviceKey });
try {
  let lastPost = 0;
  const summary = new SyncEngine(store.sqlite, new Share(job.shareDir), {
    appVersion: job.appVersion,
    schemaVersion: store.schemaVersion,
    forceSnapshot: job.forceSnapshot,
    deviceName: job.deviceName,
    snapshotThread: job.snapshotThread,
    onProgress: (progress) => {
      const now = Date.now();
      if (now - lastPost > 100 || progress.phase === 'done') {
        lastPost = now;
        post({ type: 'progress', progress });
      }
    },
  }).round();
  post({ type: 'applied', summary });
  // Here, not on the app's thread: its next commit would otherwise copy a bootstrap's WAL (engine.ts, round).
  afterRound(store.sqlite, ({ done, total }) => post({ type: 'progress', progress: { phase: 'index', done, total } }));
  post({ type: 'done', summary });
} catch (error) {
  post({ type: 'error', message: (error as Error).message, code: (error as NodeJS.ErrnoException).code });
} finally {
  store.close();
}
