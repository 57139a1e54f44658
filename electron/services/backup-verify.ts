/**
 * Taking and checking a backup copy, heavy on a large store (the copy's pages written and synced,
 * integrity_check, every row hashed, the canonical export of both sides): done on a thread of its
 * own (backup-worker.ts) in the app, so the core's thread goes on answering calls; in-process for
 * the CLI and tests. Opens its own connections.
 *
 * The copy is SQLite's online backup API in one step from a connection of its own: in WAL mode
 * that is one read transaction, which never holds up the core's writes, and a step that copies
 * everything cannot be restarted by them (a backup in many steps starts over whenever another
 * connection writes in between: on a large store with a busy user it might never end).
 */
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { contentFingerprint, describeStore, verifyCopy, type BackupEntry } from '../store/backup';
import { exportCanonical } from '../sync/export';

export interface VerifyJob {
  /** The copy to check. */
  copyFile: string;
  /** Take the copy of `storeFile` first (an empty 0600 file is there: store/backup.ts, partialFileFor). */
  take?: boolean;
  /** The live store to compare its canonical export with; absent: the copy alone is checked (before a restore). */
  storeFile?: string;
}

export interface VerifyResult {
  /** sha256 of every row of the copy (the manifest keeps it: a restore checks the copy again against it). */
  fingerprint: string;
  /** Whether the copy's canonical export equals the live store's, read in one read transaction; true without a store. */
  matches: boolean;
  /** What the live store said of itself in that transaction. */
  live?: Pick<BackupEntry, 'deviceId' | 'publishedSeq' | 'schemaVersion'>;
}

const exportHash = (sqlite: Database.Database) =>
  createHash('sha256')
    .update(exportCanonical(sqlite, { includePrivate: true }))
    .digest('hex');

/** Every page in one step (better-sqlite3 caps a step at 2^31 - 1 pages). */
const ALL_PAGES = 0x7fffffff;

export async function verifyBackupCopy(job: VerifyJob): Promise<VerifyResult> {
  if (job.take && job.storeFile) {
    const source = new Database(job.storeFile, { readonly: true, fileMustExist: true });
    try {
      await source.backup(job.copyFile, { progress: () => ALL_PAGES });
    } finally {
      source.close();
    }
  }
  let live: ({ exported: string } & Pick<BackupEntry, 'deviceId' | 'publishedSeq' | 'schemaVersion'>) | undefined;
  if (job.storeFile) {
    // Read first, as close as can be to the moment the copy was finished.
    const store = new Database(job.storeFile, { readonly: true, fileMustExist: true });
    try {
      live = store.transaction(() => ({ exported: exportHash(store), ...describeStore(store) }))();
    } finally {
      store.close();
    }
  }
  let exported = '';
  const fingerprint = verifyCopy(job.copyFile, (copy) => {
    if (live) exported = exportHash(copy);
    return contentFingerprint(copy);
  });
  if (!live) return { fingerprint, matches: true };
  const { exported: liveExport, ...facts } = live;
  return { fingerprint, matches: exported === liveExport, live: facts };
}

/** Where the bundled verification thread is (out/electron/backup-worker.cjs); unset: in-process. */
let workerFile: string | undefined;

export function useBackupWorker(file: string | undefined): void {
  workerFile = file;
}

export type BackupWorkerMessage = { ok: true; result: VerifyResult } | { ok: false; message: string };

/** Checks a copy on the verification thread when there is one, else here. */
export function verifyOffThread(job: VerifyJob): Promise<VerifyResult> {
  const file = workerFile;
  if (!file) return verifyBackupCopy(job);
  return new Promise<VerifyResult>((resolve, reject) => {
    const thread = new Worker(file, { workerData: job });
    thread.once('message', (message: BackupWorkerMessage) => (message.ok ? resolve(message.result) : reject(new Error(message.message))));
    thread.once('error', reject);
    thread.once('exit', (code) => reject(new Error(`backup check stopped (${code})`)));
  });
}
