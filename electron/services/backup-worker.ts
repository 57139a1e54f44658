/**
 * The thread that checks a backup copy (bundled to out/electron/backup-worker.cjs, started by
 * backup-verify.ts): the check of a large store takes seconds, which the core's thread would
 * otherwise spend not answering calls.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { verifyBackupCopy, type BackupWorkerMessage, type VerifyJob } from './backup-verify';

const post = (message: BackupWorkerMessage) => parentPort?.postMessage(message);
try {
  post({ ok: true, result: verifyBackupCopy(workerData as VerifyJob) });
} catch (error) {
  post({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
