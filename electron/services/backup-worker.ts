/**
 * The thread that takes and checks a backup copy (bundled to out/electron/backup-worker.cjs,
 * started by backup-verify.ts): on a large store both take seconds to minutes, which the core's
 * thread would otherwise spend not answering calls.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { verifyBackupCopy, type BackupWorkerMessage, type VerifyJob } from './backup-verify';

const post = (message: BackupWorkerMessage) => parentPort?.postMessage(message);
verifyBackupCopy(workerData as VerifyJob).then(
  (result) => post({ ok: true, result }),
  (error: unknown) => post({ ok: false, message: error instanceof Error ? error.message : String(error) }),
);
