/**
 * One sync round, in this order: the share's format file (format.ts), this device as a writer
 * (own-folder.ts: a clone of itself, publishing, mending its damaged files), this device as a
 * reader (pull.ts, with bootstrap.ts), its acknowledgement, and keeping the share bounded
 * (maintenance.ts). Rules (docs/sync-format.md, brief SYNC.md):
 * - what was applied is a version vector {device: last seq}, never a modification time;
 * - a device's segments are applied in sequence; a gap is waited for, never skipped;
 * - a segment is applied only after every segment its writer had applied (causal.ts), which is
 *   what makes the per-field merge order-independent;
 * - applying a segment, advancing the vector and the clock happen in one transaction;
 * - a bad file is quarantined with its reason and retried on later rounds; it blocks only the
 *   later segments of its own device;
 * - every state in which the round could not go on is said, with since when (stuck.ts).
 */
import type Database from 'better-sqlite3';
import type { SyncSummary } from '../../shared/sync';
import { outbox, quarantine } from '../store/bookkeeping';
import { deleteMeta, readDeviceId, readMeta, writeMeta } from '../store/meta';
import { settleWal } from '../store/open';
import { rebuildSearchIndex, type IndexProgress } from '../store/search-index';
import { ChangeApplier } from './apply';
import { readClockState, writeClockState } from './changes';
import { checkFormat, knownFormat } from './format';
import { HybridClock, encodeClock } from './hlc';
import { maintain, readAcks, type Ack } from './maintenance';
import { publish, reconcileOwnFolder, republishDamaged } from './own-folder';
import { pull } from './pull';
import { versionVector, type RoundContext, type SyncOptions } from './round';
import { ACK_FILE, DEVICES_DIR, FORMAT_FILE, type Share } from './share';
import { seal } from './seal';
import { StuckList } from './stuck';
import { openWorkspace, removeCoveredPlainSnapshots, resealOwnSegments } from './upgrade';
import { markReseal, mendEpoch, publishDeviceKey, removeExpiredInvites, RESEAL_DUE, type ResealDue } from './workspace';

export type { SyncSummary };
export type { SyncOptions, SyncProgress } from './round';

/** How far `stable` must move before ack.json is rewritten for it alone (the bin counts in days). */
const ACK_STABLE_STEP_MS = 6 * 60 * 60 * 1000;

export class SyncEngine {
  private readonly applier: ChangeApplier;
  private readonly now: () => number;

  constructor(
    private readonly sqlite: Database.Database,
    readonly share: Share,
    private readonly options: SyncOptions,
  ) {
    this.applier = new ChangeApplier(sqlite);
    this.now = options.now ?? Date.now;
  }

  /**
   * One round. Its commits leave their pages in the WAL: copying them into the store file (a
   * checkpoint) is the caller's, with store/open.ts settleWal, once it has told the round's result.
   * After a bootstrap that copy is a second write of the whole store (~2 s at a million rows), and
   * the bootstrap itself is committed without waiting for the disk (bootstrap.ts): settleWal makes
   * it durable, and until a later round the device acknowledges nothing. A caller that does not
   * settle leaves both to the connection's next commit, as SQLite would have done.
   */
  round(): SyncSummary {
    const { sqlite } = this;
    const autocheckpoint = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
    const synchronous = sqlite.pragma('synchronous', { simple: true }) as number;
    sqlite.pragma('wal_autocheckpoint = 0');
    try {
      return this.roundUnsettled();
    } finally {
      sqlite.pragma(`synchronous = ${synchronous}`);
      sqlite.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
    }
  }

  private roundUnsettled(): SyncSummary {
    const { sqlite, share, options } = this;
    const progress = options.onProgress ?? (() => undefined);
    const rc: RoundContext = {
      sqlite,
      share,
      options,
      now: this.now,
      applier: this.applier,
      acks: new Map(),
      stuck: new StuckList(sqlite, this.now()),
      damaged: new Set(),
    };
    const summary: SyncSummary = {
      deviceId: readDeviceId(sqlite),
      published: 0,
      applied: 0,
      segmentsApplied: 0,
      conflicts: 0,
      quarantined: 0,
      waiting: 0,
      pendingLocal: 0,
      clockSkewMs: 0,
      readOnly: false,
      stuck: [],
    };
    // The workspace first: on an encrypted share only an enrolled device reads or writes anything.
    const workspace = openWorkspace(sqlite, share);
    if (!workspace.ok) {
      summary.readOnly = true;
      summary.pendingLocal = outbox.pendingRecords(sqlite);
      rc.stuck.add('not_enrolled', workspace.reason, { reason: workspace.reason, device: summary.deviceId, pending: summary.pendingLocal });
      summary.stuck = rc.stuck.finish();
      return summary;
    }
    // Acks are sealed on an encrypted share: read once the keys are known.
    rc.acks = readAcks(share);
    const format = checkFormat(sqlite, share, rc.acks, options.appVersion, workspace.format, workspace.found);
    if (!format.ok) {
      summary.readOnly = true;
      summary.pendingLocal = outbox.pendingRecords(sqlite);
      if (format.code === 'format_unsupported') {
        // Nothing of a newer format is read or written; local work is kept for after the update.
        rc.stuck.add(format.code, '', { version: format.version ?? 0, pending: summary.pendingLocal });
        summary.stuck = rc.stuck.finish();
        return summary;
      }
      rc.stuck.add(format.code, '', { file: FORMAT_FILE, pending: summary.pendingLocal });
    } else {
      summary.readOnly = format.readOnly;
      if (format.recreated) summary.formatRecreated = true;
    }
    const readOnly = summary.readOnly;
    sqlite.transaction(() => this.applier.replayPending()).immediate();

    progress({ phase: 'publish', done: 0, total: 1 });
    // After the share was encrypted, a key rotated or this device joined: its own files in clear
    // are sealed in place, and the snapshot written again under the newest key (upgrade.ts).
    const due = workspace.keyring ? readMeta<ResealDue>(sqlite, RESEAL_DUE) : undefined;
    let reseal = due === 'all';
    if (!readOnly && workspace.keyring) {
      publishDeviceKey(sqlite, share, workspace.keyring);
      mendEpoch(sqlite, share, workspace.keyring);
      removeExpiredInvites(sqlite, share, this.now());
      const resealed = due ? resealOwnSegments(sqlite, share) : 0;
      if (resealed > 0) {
        summary.resealed = resealed;
        // Its segments were in clear: the share was too, so a sealed snapshot is due (until written).
        markReseal(sqlite, 'all');
        reseal = true;
      }
      if (due === 'segments' && !reseal) deleteMeta(sqlite, RESEAL_DUE);
    }
    if (!readOnly) {
      const rotatedFrom = reconcileOwnFolder(rc);
      if (rotatedFrom) summary.rotatedFrom = rotatedFrom;
      summary.deviceId = readDeviceId(sqlite);
      summary.published = publish(rc);
      const republished = republishDamaged(rc);
      if (republished > 0) summary.republished = republished;
    }
    summary.pendingLocal = outbox.pendingRecords(sqlite);
    if (readOnly && format.ok) {
      const minAppVersion = share.readFormat()?.minAppVersion ?? '';
      rc.stuck.add('read_only_app', minAppVersion, { appVersion: options.appVersion, minAppVersion, pending: summary.pendingLocal });
    }

    progress({ phase: 'scan', done: 0, total: 1 });
    pull(rc, summary, progress);
    const quarantined = quarantine.all(sqlite);
    summary.quarantined = quarantined.length;
    for (const q of quarantined) {
      rc.stuck.add('quarantined', q.path, { path: q.path, reason: q.reason, tries: q.tries });
      if (q.path.startsWith(`${DEVICES_DIR}/`)) rc.damaged.add(q.path);
    }
    if (!readOnly) {
      // Not after a bootstrap: what it loaded reaches the disk only once the caller settles the round.
      if (!summary.bootstrapped && this.writeAck(rc)) summary.acknowledged = true;
      const report = maintain(sqlite, share, {
        now: this.now(),
        vv: versionVector(sqlite),
        acks: rc.acks,
        schema: options.schemaVersion,
        appVersion: options.appVersion,
        forceSnapshot: options.forceSnapshot || reseal,
        reseal,
        removed: workspace.keyring?.removed,
        policy: options.policy,
      });
      summary.snapshotWritten = report.snapshotWritten;
      summary.segmentsCollected = report.segmentsCollected;
      if (report.purged > 0) summary.purged = report.purged;
      // Sealed again: the snapshot under the newest key (or there is nothing to snapshot yet).
      if (reseal && (report.snapshotWritten || Object.keys(versionVector(sqlite)).length === 0)) deleteMeta(sqlite, RESEAL_DUE);
      if (share.keys) removeCoveredPlainSnapshots(share);
    }
    summary.stuck = rc.stuck.finish();
    progress({ phase: 'done', done: 1, total: 1 });
    return summary;
  }

  /** What this device has: every peer's applied sequence, and its own published one. */
  versionVector(): Record<string, number> {
    return versionVector(this.sqlite);
  }

  /**
   * Rewrites ack.json when what it says changed (what this device has applied, the files it found
   * damaged, the ids it took over from, the format it read), or when its `stable` mark can move on
   * by a while. `stable` (see Ack) is claimed only with an empty outbox, and the clock is moved
   * past it in the same transaction, so no change written afterwards can carry an earlier clock.
   */
  private writeAck(rc: RoundContext): boolean {
    const { sqlite, share, options } = rc;
    const device = readDeviceId(sqlite);
    const now = this.now();
    const last = readMeta<{ says?: string; stable?: number }>(sqlite, 'ackVector') ?? {};
    const format = knownFormat(sqlite);
    const succeeds = readMeta<string[]>(sqlite, 'succeeds');
    const says = {
      vv: versionVector(sqlite),
      ...(format?.root === share.root ? { format: format.format } : {}),
      ...(succeeds?.length ? { succeeds } : {}),
      ...(rc.damaged.size > 0 ? { damaged: [...rc.damaged].sort() } : {}),
      ...(options.deviceName ? { host: options.deviceName } : {}),
    };
    // A new key epoch (or the upgrade) rewrites the ack sealed with it.
    const saying = JSON.stringify(says) + (share.keys ? `|${share.keys.current}` : '');
    const stableDue = last.stable === undefined || now - last.stable >= ACK_STABLE_STEP_MS;
    // An idle round with nothing new to say writes nothing, to the store or to the share.
    if (last.says === saying && !stableDue) return false;
    const stable = stableDue
      ? sqlite
          .transaction(() => {
            if (!outbox.isEmpty(sqlite)) return last.stable;
            const clock = new HybridClock(device, readClockState(sqlite), this.now);
            clock.observe(encodeClock({ wall: now, counter: 0, device: '' }));
            writeClockState(sqlite, clock.current);
            return now;
          })
          .immediate()
      : last.stable;
    if (last.says === saying && stable === last.stable) return false;
    const ack: Ack = { device, appVersion: options.appVersion, wall: now, ...says, ...(stable !== undefined ? { stable } : {}) };
    const text = JSON.stringify(ack, null, 2) + '\n';
    share.publish(share.keys ? seal(share.keys, text) : text, DEVICES_DIR, device, ACK_FILE);
    writeMeta(sqlite, 'ackVector', { says: saying, stable });
    return true;
  }
}

/**
 * What follows a round once its result is told (the sync thread, and a round run in-process): the
 * store settled (store/open.ts settleWal: the WAL copied into the store file and made durable),
 * then the search indexes a bootstrap left to fill, with their progress. Never on the app's own
 * thread's time before the result: a new laptop's data is shown first.
 */
export function afterRound(sqlite: Database.Database, onIndexProgress: (progress: IndexProgress) => void): void {
  settleWal(sqlite);
  rebuildSearchIndex(sqlite, onIndexProgress);
}

/** Records with local changes not yet published (a new account is one, not one per field). */
export const countPendingRecords = (sqlite: Database.Database): number => outbox.pendingRecords(sqlite);
