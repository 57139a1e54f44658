/**
 * Backups as the app runs them: one on demand, one a day while the app runs, one before a restore;
 * each a job (jobs.ts: progress, cancel) using SQLite's online backup API, verified right after it
 * is written, then kept by the retention rule (store/backup.ts; the copy before a migration is
 * openStore's). And restoring one, so that nothing the share still has is lost.
 *
 * A restore brings back the store as it was, and with it this device's place in its own sequence
 * of segments as it was then. If the device published segments after the backup, the restored
 * store's next segment would take a number already used, with other contents: readers would see
 * two segments under one number from one writer. So a restore that is behind what the device
 * published takes a new device id, exactly as a cloned laptop does (sync/own-folder.ts): the old
 * id becomes a peer known up to the backup's segment, the next round reads the device's own later
 * segments from the share like any peer's, and changes the old store had already published are
 * dropped from the restored outbox (they come back from the share, not as new changes). It is
 * decided here, from what the replaced store knows it published, not from what the share lists,
 * so a share that is late to show our newest files (a cloud folder) cannot mislead it.
 */
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { CHANGE_AREAS, type ChangeArea } from '../../shared/events';
import {
  backupFile,
  backupId,
  BackupVerifyError,
  describeStore,
  dropOutbox,
  isBackupId,
  listBackups,
  outboxKeys,
  partialFileFor,
  pruneBackups,
  recordBackup,
  type BackupEntry,
  type BackupReason,
} from '../store/backup';
import { peers } from '../store/bookkeeping';
import { newDeviceId } from '../store/ids';
import { deleteMeta, readDeviceId, readMe, readMeta, readShareDir, setDeviceId, setMe, setShareDir, writeMeta } from '../store/meta';
import { migrateStore } from '../store/migrate';
import type { Store } from '../store/open';
import { readClockState, writeClockState } from '../sync/changes';
import { verifyOffThread } from './backup-verify';
import { CallFailure } from './context';
import type { JobRunner } from './jobs';
import type { SyncService } from './sync';

export type { BackupEntry } from '../store/backup';

/** What backing up and restoring need of the core. */
export interface BackupDeps {
  store: Store;
  jobs: JobRunner;
  sync: SyncService;
  /** Told after a restore: every view reloads, health is recomputed. */
  onRestored?: (areas: ChangeArea[]) => void;
}

/** Pages copied per step of the online backup: small steps let calls in between (~4 MB at 4 KiB pages). */
const PAGES_PER_STEP = 1000;
/** A round's thread may commit between the copy's end and its check: the copy is taken again, this many times in all. */
const ATTEMPTS = 3;

/**
 * Takes one backup as a job: on the backup thread (backup-verify.ts), SQLite's online backup of
 * the live store into `<id>.partial` (0600) in one read transaction, then `integrity_check` of the
 * copy and its canonical export against the live store's (read in one read transaction); renamed
 * to `<id>.sqlite` and listed only when they agree. A write committed between the copy's end and
 * that read makes them differ: the copy is taken again. Old backups are then pruned by the rule.
 */
export function createBackup(deps: Pick<BackupDeps, 'store' | 'jobs'>, reason: BackupReason, at = new Date()): Promise<BackupEntry> {
  const { store, jobs } = deps;
  return jobs.track('backup', async (job) => {
    for (let attempt = 1; ; attempt++) {
      const id = backupId(at, reason);
      const partial = partialFileFor(store.dataDir, id);
      try {
        job.step({ done: attempt - 1, total: ATTEMPTS });
        // Taken and checked on a thread of its own: integrity, and the canonical export equal to the live store's.
        const checked = await verifyOffThread({ copyFile: partial, storeFile: store.file, take: true });
        if (job.cancelled()) throw new CallFailure('cancelled');
        if (!checked.matches || !checked.live) {
          if (attempt < ATTEMPTS) continue;
          throw new BackupVerifyError('the copy does not hold what the store holds');
        }
        const entry = recordBackup(store.dataDir, partial, { id, reason, createdAt: at.toISOString(), fingerprint: checked.fingerprint, ...checked.live });
        pruneBackups(store.dataDir, at);
        return entry;
      } catch (error) {
        removeQuietly(partial);
        if (error instanceof CallFailure) throw error;
        throw new CallFailure('unavailable', { detail: (error as Error).message }, 'backup.failed');
      }
    }
  });
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    /* already gone */
  }
}

export function backups(store: Store): BackupEntry[] {
  return listBackups(store.dataDir);
}

/** A day's backup, unless one (daily or on demand) was taken in the last 24 hours. */
export async function backupIfDue(deps: Pick<BackupDeps, 'store' | 'jobs'>, now = new Date()): Promise<BackupEntry | null> {
  const since = new Date(now.getTime() - 24 * 3_600_000).toISOString();
  if (listBackups(deps.store.dataDir).some((b) => (b.reason === 'daily' || b.reason === 'manual') && b.createdAt > since)) return null;
  return createBackup(deps, 'daily', now);
}

export interface RestoreOptions {
  /** Restore even though changes made here have not reached the share (they stay in the pre-restore backup). */
  force?: boolean;
}

export interface RestoreResult {
  restored: string;
  /** The backup of the store as it was just before, to undo the restore with. */
  before: string;
  deviceId: string;
  /** The device id left, when the restore was behind what the device had published. */
  leftDeviceId?: string;
}

/**
 * Restores a backup into the live store, in place: the services keep their connection. In order:
 * the backup is checked (integrity, its recorded fingerprint); sync is paused after one last
 * round that publishes what waits here; the store as it is now is backed up (`pre-restore`);
 * the backup's pages are copied over the live store with the online backup API; migrations bring
 * it to this version; then what belongs to now rather than to then is put back: the share folder,
 * who uses the device, the clock (never behind a clock already used), and the device's identity
 * (see the file's comment). Sync then goes on and brings back everything the share has.
 */
export async function restoreBackup(deps: BackupDeps, id: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const { store, jobs, sync } = deps;
  if (!isBackupId(id)) throw new CallFailure('validation', { id }, 'backup.badId');
  const entry = listBackups(store.dataDir).find((b) => b.id === id);
  if (!entry) throw new CallFailure('not_found', { id }, 'backup.notFound');
  const file = backupFile(store.dataDir, entry);
  let found: string;
  try {
    found = (await verifyOffThread({ copyFile: file })).fingerprint;
  } catch (error) {
    throw new CallFailure('conflict', { id, detail: (error as Error).message }, 'backup.damaged');
  }
  if (found !== entry.fingerprint) throw new CallFailure('conflict', { id, detail: 'fingerprint' }, 'backup.damaged');

  // Publish what waits here first, so the share holds every change made on this device.
  if (sync.shareDir) await sync.runInBackground().catch(() => undefined);
  const resume = await sync.pause();
  try {
    // With sync on, changes that never reached the share would be lost to the team: refused unless forced.
    // (Without sync, undoing them is what a restore is; the pre-restore backup keeps them either way.)
    const unsynced = sync.shareDir ? outboxKeys(store.sqlite).size : 0;
    if (unsynced > 0 && !options.force) throw new CallFailure('conflict', { count: unsynced }, 'backup.unsynced');
    await jobs.cancelAll();
    const before = await createBackup(deps, 'pre-restore');
    const now = {
      ...describeStore(store.sqlite),
      deviceId: readDeviceId(store.sqlite),
      outbox: outboxKeys(store.sqlite),
      shareDir: readShareDir(store.sqlite),
      me: readMe(store.sqlite),
      clock: readClockState(store.sqlite),
      succeeds: readMeta<string[]>(store.sqlite, 'succeeds') ?? [],
    };

    await jobs.track('backup', async (job) => {
      const source = new Database(file, { readonly: true, fileMustExist: true });
      try {
        await source.backup(store.file, {
          progress: ({ totalPages, remainingPages }) => {
            job.step({ done: totalPages - remainingPages, total: totalPages });
            return PAGES_PER_STEP;
          },
        });
      } finally {
        source.close();
      }
    });
    // A backup from before a migration is brought up to this version, as any store is on open.
    migrateStore(store.sqlite, store.migrationsDir);

    const then = { deviceId: readDeviceId(store.sqlite), publishedSeq: readMeta<{ seq: number }>(store.sqlite, 'published')?.seq ?? 0 };
    const behind = then.deviceId !== now.deviceId || now.publishedSeq > then.publishedSeq;
    let leftDeviceId: string | undefined;
    store.sqlite
      .transaction(() => {
        setShareDir(store.sqlite, now.shareDir);
        setMe(store.sqlite, now.me);
        const clock = readClockState(store.sqlite);
        if (now.clock.wall > clock.wall || (now.clock.wall === clock.wall && now.clock.counter > clock.counter)) writeClockState(store.sqlite, now.clock);
        if (!behind) return;
        // Behind what this device published: a new id, as a clone takes (sync/own-folder.ts, reconcileOwnFolder).
        leftDeviceId = then.deviceId;
        setDeviceId(store.sqlite, newDeviceId());
        deleteMeta(store.sqlite, 'published', 'publishIntent');
        // Changes the backup held unpublished that the replaced store published since: they come back from the share.
        const published = [...outboxKeys(store.sqlite)].filter(([key]) => !now.outbox.has(key)).map(([, seq]) => seq);
        dropOutbox(store.sqlite, published);
        const succeeds = new Set([...(readMeta<string[]>(store.sqlite, 'succeeds') ?? []), ...now.succeeds, then.deviceId]);
        if (now.deviceId !== then.deviceId) succeeds.add(now.deviceId);
        writeMeta(store.sqlite, 'succeeds', [...succeeds]);
        peers.atLeast(store.sqlite, then.deviceId, then.publishedSeq);
      })
      .immediate();
    deps.onRestored?.([...CHANGE_AREAS]);
    return { restored: entry.id, before: before.id, deviceId: readDeviceId(store.sqlite), ...(leftDeviceId ? { leftDeviceId } : {}) };
  } finally {
    resume();
  }
}
