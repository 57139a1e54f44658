/**
 * One sync round: publish the outbox as a new segment, then read every other device's new
 * segments and apply them. Rules (docs/sync-format.md, brief SYNC.md):
 * - what was applied is a version vector {device: last seq}, never a modification time;
 * - a device's segments are applied in sequence; a gap is waited for, never skipped;
 * - a segment is applied only after every segment its writer had applied (causal delivery),
 *   which is what makes the per-field merge order-independent;
 * - applying a segment, advancing the vector and the clock happen in one transaction;
 * - a bad file is quarantined with its reason and retried on later rounds; it blocks only the
 *   later segments of its own device.
 */
import type Database from 'better-sqlite3';
import { ChangeApplier } from './apply';
import { readClockState, readDeviceId, readOutbox, syncedTablesOf, writeClockState } from './changes';
import { HybridClock, encodeClock } from './hlc';
import { loadSnapshot, newestSnapshot, readSnapshot, type SnapshotFile } from './snapshot';
import { maintain, type MaintenancePolicy } from './maintenance';
import { deferSearchIndex } from '../store/search-index';
import { BadFileError, decodeSegment, encodeSegment, type Segment } from './segment';
import { ACK_FILE, DEVICES_DIR, FORMAT_FILE, SNAPSHOTS_DIR, SHARE_FORMAT, SHARE_FORMAT_VERSION, Share, newNonce, segmentName, type DeviceFile } from './share';
import { newDeviceId } from '../store/ids';
import { deleteMeta, readMeta, writeMeta } from '../store/meta';

export interface SyncProgress {
  phase: 'publish' | 'scan' | 'apply' | 'index' | 'done';
  done: number;
  total: number;
}

export interface SyncSummary {
  deviceId: string;
  /** Local field changes published in this round. */
  published: number;
  /** Remote field changes that changed something here. */
  applied: number;
  segmentsApplied: number;
  /** Fields that gained a conflict in this round. */
  conflicts: number;
  /** Share files currently quarantined (unreadable), retried every round. */
  quarantined: number;
  /** Segments seen but not applicable yet (a gap, or waiting for another device's segment). */
  waiting: number;
  /** Records with local changes still to publish (non-zero only when the share is read-only for this version). */
  pendingLocal: number;
  /** How far ahead of this device's clock the newest peer clock seen is, in ms (0 when none). */
  clockSkewMs: number;
  /** Set when this device found a clone of itself on the share and took a new id. */
  rotatedFrom?: string;
  /** Set when the share asks for a newer app to write: this round only read. */
  readOnly: boolean;
  /** Set when this round started from a snapshot (new device, or back after segments were collected). */
  bootstrapped?: boolean;
  snapshotWritten?: string | undefined;
  segmentsCollected?: number;
  /** Records this device emptied from the bin for good in this round. */
  purged?: number;
  /** Set when this round rewrote this device's ack.json. */
  acknowledged?: boolean;
}

export interface SyncOptions {
  appVersion: string;
  schemaVersion: number;
  now?: () => number;
  onProgress?: (progress: SyncProgress) => void;
  /** Write a snapshot in this round even below the policy's threshold. */
  forceSnapshot?: boolean;
  policy?: MaintenancePolicy;
}

export class ShareFormatError extends Error {}

/**
 * The lowest app version that writes share format 1. The format file names this, not the version
 * of whoever created the share: a newer app making a new share must not lock older ones out.
 * Raised only when a change of the format needs every writer to understand it.
 */
export const MIN_WRITER_VERSION = '0.1.0';

/** How far `stable` must move before ack.json is rewritten for it alone (the bin counts in days). */
const ACK_STABLE_STEP_MS = 6 * 60 * 60 * 1000;

/** What publish() is about to write: recorded first, so a cut-short publish ends the same way. */
interface PublishIntent {
  device: string;
  seq: number;
  name: string;
  prev: string | null;
  wall: number;
  deps: Record<string, number>;
  outboxMax: number;
}

interface Published {
  seq: number;
  hash: string | null;
}

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

  round(): SyncSummary {
    const progress = this.options.onProgress ?? (() => undefined);
    const readOnly = this.checkFormat();
    const summary: SyncSummary = {
      deviceId: readDeviceId(this.sqlite),
      published: 0,
      applied: 0,
      segmentsApplied: 0,
      conflicts: 0,
      quarantined: 0,
      waiting: 0,
      pendingLocal: 0,
      clockSkewMs: 0,
      readOnly,
    };
    this.sqlite.transaction(() => this.applier.replayPending()).immediate();

    progress({ phase: 'publish', done: 0, total: 1 });
    if (!readOnly) {
      const rotatedFrom = this.reconcileOwnFolder();
      if (rotatedFrom) summary.rotatedFrom = rotatedFrom;
      summary.deviceId = readDeviceId(this.sqlite);
      summary.published = this.publish();
    }
    summary.pendingLocal = countPendingRecords(this.sqlite);

    progress({ phase: 'scan', done: 0, total: 1 });
    this.pull(summary, progress);
    summary.quarantined = (this.sqlite.prepare('SELECT count(*) AS n FROM sync_quarantine').get() as { n: number }).n;
    if (!readOnly) {
      if (this.writeAck()) summary.acknowledged = true;
      const report = maintain(this.sqlite, this.share, {
        now: this.now(),
        vv: this.versionVector(),
        schema: this.options.schemaVersion,
        appVersion: this.options.appVersion,
        forceSnapshot: this.options.forceSnapshot,
        policy: this.options.policy,
      });
      summary.snapshotWritten = report.snapshotWritten;
      summary.segmentsCollected = report.segmentsCollected;
      if (report.purged > 0) summary.purged = report.purged;
    }
    progress({ phase: 'done', done: 1, total: 1 });
    return summary;
  }

  // ---- the share's format file ----

  /** Creates the format file on a new share; returns true when this version may only read. */
  private checkFormat(): boolean {
    const format = this.share.readFormat();
    if (!format && this.share.exists(FORMAT_FILE)) return true; // There but unreadable (still arriving): only read.
    if (!format && this.share.listDevices().some((d) => d !== readDeviceId(this.sqlite))) return true; // Others wrote here: not delivered yet.
    if (!format) {
      this.share.publish(
        JSON.stringify({ format: SHARE_FORMAT, version: SHARE_FORMAT_VERSION, minAppVersion: MIN_WRITER_VERSION }, null, 2) + '\n',
        FORMAT_FILE,
      );
      return false;
    }
    if (format.format !== SHARE_FORMAT || format.version > SHARE_FORMAT_VERSION) {
      throw new ShareFormatError(`The share uses format ${format.format} v${format.version}, newer than this app reads. Update Rapport.`);
    }
    return compareVersions(this.options.appVersion, format.minAppVersion) < 0;
  }

  // ---- publishing ----

  private published(): Published {
    return readMeta<Published>(this.sqlite, 'published') ?? { seq: 0, hash: null };
  }

  /**
   * Looks at our own folder for segments we have no record of publishing (nor intend to publish:
   * see publish()). Such a file means another machine writes with our id (a restored backup, a
   * cloned disk): we take a new id so the two stop writing into one folder; both sides' segments
   * stay and are applied.
   */
  private reconcileOwnFolder(): string | undefined {
    const device = readDeviceId(this.sqlite);
    const mine = new Set((this.sqlite.prepare('SELECT name FROM sync_segments WHERE device = ?').all(device) as { name: string }[]).map((r) => r.name));
    const intended = this.publishIntent()?.name;
    const strangers = this.share.listDeviceFiles(device).filter((f) => f.kind === 'segment' && !mine.has(f.name) && f.name !== intended);
    // Only a readable file proves a clone; one still arriving is looked at again next round.
    const clone = strangers.some((file) => {
      try {
        return decodeSegment(this.share.read(DEVICES_DIR, device, file.name)).header.device === device;
      } catch {
        return false;
      }
    });
    if (!clone) return undefined;
    const fresh = newDeviceId();
    const publishedSeq = this.published().seq;
    this.sqlite
      .transaction(() => {
        this.sqlite.prepare("UPDATE local_meta SET value = ? WHERE key = 'deviceId'").run(fresh);
        deleteMeta(this.sqlite, 'published', 'publishIntent');
        // The old id becomes a peer: what we published under it is known here (sync_segments), and
        // the clone's files there, forks included, are read like any other device's.
        this.sqlite
          .prepare(
            'INSERT INTO sync_peers (device, applied_seq) VALUES (?, ?) ON CONFLICT(device) DO UPDATE SET applied_seq = max(applied_seq, excluded.applied_seq)',
          )
          .run(device, publishedSeq);
      })
      .immediate();
    return device;
  }

  private publishIntent(): PublishIntent | null {
    return readMeta<PublishIntent>(this.sqlite, 'publishIntent') ?? null;
  }

  /**
   * Publishes the outbox as the next segment. The segment's name and header are recorded before
   * the file is written, so a publish cut short at any point (before the rename, after it, or
   * with the file missing from a listing for a while) is finished next round under the same name
   * with the same bytes: never two different segments with one number from one device.
   */
  private publish(): number {
    const device = readDeviceId(this.sqlite);
    let published = 0;
    const pending = this.publishIntent();
    if (pending && pending.device === device) published += this.writeIntended(pending);
    else if (pending) deleteMeta(this.sqlite, 'publishIntent'); // made under an id we left
    const outboxMax = (this.sqlite.prepare('SELECT max(seq) AS m FROM sync_outbox').get() as { m: number | null }).m;
    if (outboxMax === null) return published;
    const last = this.published();
    const seq = last.seq + 1;
    const intent: PublishIntent = { device, seq, name: segmentName(seq, newNonce()), prev: last.hash, wall: this.now(), deps: this.versionVector(), outboxMax };
    writeMeta(this.sqlite, 'publishIntent', intent);
    return published + this.writeIntended(intent);
  }

  private writeIntended(intent: PublishIntent): number {
    const records = readOutbox(this.sqlite, intent.outboxMax);
    const { device, seq, prev, wall, deps, outboxMax } = intent;
    const { bytes, hash } = encodeSegment(
      { schema: this.options.schemaVersion, appVersion: this.options.appVersion, device, seq, prev, wall, deps, outboxMax },
      records,
    );
    // Already there when the crash came after the rename: the same bytes, nothing to write again.
    if (!this.share.exists(DEVICES_DIR, device, intent.name)) this.share.publish(bytes, DEVICES_DIR, device, intent.name);
    this.recordPublished(device, intent.name, seq, hash, outboxMax);
    return records.length;
  }

  private recordPublished(device: string, name: string, seq: number, hash: string, outboxMax: number): void {
    this.sqlite
      .transaction(() => {
        this.sqlite.prepare('DELETE FROM sync_outbox WHERE seq <= ?').run(outboxMax);
        writeMeta(this.sqlite, 'published', { seq, hash } satisfies Published);
        this.sqlite.prepare('INSERT OR IGNORE INTO sync_segments (device, name, seq, hash) VALUES (?, ?, ?, ?)').run(device, name, seq, hash);
        deleteMeta(this.sqlite, 'publishIntent');
      })
      .immediate();
  }

  /** What this device has: every peer's applied sequence, and its own published one. */
  versionVector(): Record<string, number> {
    const vv: Record<string, number> = {};
    for (const row of this.sqlite.prepare('SELECT device, applied_seq FROM sync_peers WHERE applied_seq > 0').all() as {
      device: string;
      applied_seq: number;
    }[]) {
      vv[row.device] = row.applied_seq;
    }
    const own = this.published().seq;
    if (own > 0) vv[readDeviceId(this.sqlite)] = own;
    return vv;
  }

  // ---- reading ----

  private pull(summary: SyncSummary, progress: (p: SyncProgress) => void): void {
    let listing = new Map(this.share.listDevices().map((device) => [device, this.share.listDeviceFiles(device)] as const));
    if (this.maybeBootstrap(listing)) {
      summary.bootstrapped = true;
      listing = new Map(this.share.listDevices().map((device) => [device, this.share.listDeviceFiles(device)] as const));
    }
    const me = readDeviceId(this.sqlite);
    const appliedNames = new Map<string, Set<string>>();
    const appliedHashes = new Map<string, Set<string>>();
    for (const row of this.sqlite.prepare('SELECT device, name, hash FROM sync_segments').all() as { device: string; name: string; hash: string }[]) {
      let names = appliedNames.get(row.device);
      if (!names) appliedNames.set(row.device, (names = new Set()));
      names.add(row.name);
      let hashes = appliedHashes.get(row.device);
      if (!hashes) appliedHashes.set(row.device, (hashes = new Set()));
      hashes.add(row.hash);
    }
    const peers = this.peers();
    // Candidates per device, in sequence order: segments (and differing copies) not applied yet.
    const queues = new Map<string, { file: DeviceFile & { seq: number }; segment?: Segment }[]>();
    for (const [device, files] of listing) {
      // What we published is in our store already (a bootstrap re-applies it from the share itself).
      if (device === me) continue;
      const present = new Set(files.map((f) => f.name));
      const applied = appliedNames.get(device) ?? new Set<string>();
      const covered = peers.get(device)?.snapshotSeq ?? 0;
      const candidates: (DeviceFile & { seq: number })[] = [];
      for (const file of files) {
        if (file.kind !== 'segment' && file.kind !== 'copy') continue;
        if (file.seq <= covered || applied.has(file.name)) continue;
        if (file.kind === 'copy' && present.has(file.of) && this.sameBytes(device, file.name, file.of)) {
          this.share.remove(DEVICES_DIR, device, file.name);
          continue;
        }
        candidates.push(file);
      }
      if (candidates.length > 0)
        queues.set(
          device,
          candidates.sort((a, b) => a.seq - b.seq || a.name.localeCompare(b.name)).map((file) => ({ file })),
        );
    }
    const total = [...queues.values()].reduce((n, q) => n + q.length, 0);
    let done = 0;
    const vv = this.versionVector();
    for (const [device, peer] of peers) vv[device] = Math.max(vv[device] ?? 0, peer.appliedSeq);
    const blocked = new Set<string>();
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const [device, queue] of queues) {
        while (queue.length > 0 && !blocked.has(device)) {
          const next = queue[0]!;
          const appliedSeq = vv[device] ?? 0;
          // A fork (same seq as an applied one, from a cloned device) is read too; a gap is waited for.
          if (next.file.seq > appliedSeq + 1) break;
          if (!next.segment) {
            try {
              next.segment = decodeSegment(this.share.read(DEVICES_DIR, device, next.file.name));
              if (next.segment.header.device !== device || next.segment.header.seq !== next.file.seq) {
                throw new BadFileError('unknown-format', 'header does not match the file name');
              }
            } catch (error) {
              this.quarantine(`${DEVICES_DIR}/${device}/${next.file.name}`, error);
              blocked.add(device);
              break;
            }
          }
          // The same bytes under another name (a folder tool's copy, read while the original was
          // missing from the listing): already applied. Applying it again would bring back values
          // that later changes replaced, on this device only.
          if (appliedHashes.get(device)?.has(next.segment.hash)) {
            this.recordSeen(device, next.file.name, next.segment);
            if (next.file.kind === 'copy') this.share.remove(DEVICES_DIR, device, next.file.name);
            queue.shift();
            continue;
          }
          const deps = next.segment.header.deps;
          const unmet = Object.entries(deps).some(([d, seq]) => d !== device && (vv[d] ?? 0) < seq);
          if (unmet) break; // Waits for another device's segment; maybe later in this same round.
          const stats = this.applySegment(device, next.file.name, next.segment);
          // Two copies of one segment (two folder tools' names for it) may both be listed this round.
          let hashes = appliedHashes.get(device);
          if (!hashes) appliedHashes.set(device, (hashes = new Set()));
          hashes.add(next.segment.hash);
          summary.applied += stats.applied;
          summary.conflicts += stats.conflicts;
          summary.segmentsApplied++;
          summary.clockSkewMs = Math.max(summary.clockSkewMs, next.segment.header.wall - this.now());
          vv[device] = Math.max(appliedSeq, next.file.seq);
          queue.shift();
          progressed = true;
          progress({ phase: 'apply', done: ++done, total });
        }
      }
    }
    summary.waiting = [...queues.values()].reduce((n, q) => n + q.length, 0);
    this.clearStaleQuarantine(listing, vv);
  }

  /** Records an already-applied segment's other name, so it is not read again. */
  private recordSeen(device: string, name: string, segment: Segment): void {
    this.sqlite
      .prepare('INSERT OR IGNORE INTO sync_segments (device, name, seq, hash) VALUES (?, ?, ?, ?)')
      .run(device, name, segment.header.seq, segment.hash);
    this.sqlite.prepare('DELETE FROM sync_quarantine WHERE path = ?').run(`${DEVICES_DIR}/${device}/${name}`);
  }

  /** Quarantined files that are gone, or that a snapshot or applied segments made moot, leave the list. */
  private clearStaleQuarantine(listing: Map<string, DeviceFile[]>, vv: Record<string, number>): void {
    const snapshots = new Set(this.share.listSnapshots());
    for (const { path } of this.sqlite.prepare('SELECT path FROM sync_quarantine').all() as { path: string }[]) {
      const [dir, device, name] = path.split('/');
      let stale: boolean;
      if (dir === SNAPSHOTS_DIR) stale = !snapshots.has(device ?? '');
      else {
        const file = listing.get(device ?? '')?.find((f) => f.name === name);
        stale = !file || ('seq' in file && file.seq <= (vv[device ?? ''] ?? 0));
      }
      if (stale) this.sqlite.prepare('DELETE FROM sync_quarantine WHERE path = ?').run(path);
    }
  }

  private peers(): Map<string, { appliedSeq: number; snapshotSeq: number }> {
    const rows = this.sqlite.prepare('SELECT device, applied_seq AS appliedSeq, snapshot_seq AS snapshotSeq FROM sync_peers').all() as {
      device: string;
      appliedSeq: number;
      snapshotSeq: number;
    }[];
    return new Map(rows.map((r) => [r.device, r]));
  }

  /**
   * Starts from the newest snapshot instead of every segment when this device has never read the
   * share (a new laptop), or when segments it still needs were garbage-collected while it was away
   * (a retired device coming back).
   *
   * Nothing this device holds may be lost on the way, and nothing may be applied out of causal
   * order (the merge has no memory of replaced values, see merge.ts). So in one transaction: the
   * snapshot, then every segment this device had applied or published that the snapshot does not
   * cover (read back from the share, in causal order), then the local changes not yet published.
   * When any of those segments is missing or unreadable, the bootstrap waits for a later round.
   */
  private maybeBootstrap(listing: Map<string, DeviceFile[]>): boolean {
    const peers = this.peers();
    const me = readDeviceId(this.sqlite);
    const newest = newestSnapshot(this.share, this.sqlite, (name, error) => this.quarantine(`${SNAPSHOTS_DIR}/${name}`, error));
    if (!newest) return false;
    // Never read anything from the share (what it published itself is read back below).
    const fresh = peers.size === 0;
    // Otherwise only when the snapshot covers the next segment of some device that is gone from the
    // share (collected): reading segments cannot catch up any more. Our own folder never counts.
    const collected = Object.entries(newest.header.vv).some(([device, seq]) => {
      if (device === me) return false;
      const applied = peers.get(device)?.appliedSeq ?? 0;
      return seq > applied && !(listing.get(device) ?? []).some((f) => f.kind === 'segment' && f.seq === applied + 1);
    });
    if (!fresh && !collected) return false;
    const beyond = this.heldBeyond(newest.header.vv, listing);
    if (!beyond) return false;
    let snap: SnapshotFile;
    try {
      snap = readSnapshot(this.share, newest.name);
    } catch (error) {
      this.quarantine(`${SNAPSHOTS_DIR}/${newest.name}`, error);
      return false;
    }
    if (fresh && Object.keys(snap.header.vv).every((d) => d === me)) return false;
    this.sqlite
      .transaction(() => {
        const outbox = readOutbox(this.sqlite);
        // Indexing a million rows for search row by row would keep a new laptop waiting for minutes:
        // the indexes are rebuilt in the background afterwards (search scans meanwhile).
        deferSearchIndex(this.sqlite);
        for (const table of syncedTablesOf(this.sqlite).keys()) this.sqlite.prepare(`DELETE FROM ${table}`).run();
        this.sqlite.prepare('DELETE FROM sync_conflicts').run();
        // Loading a million rows is much faster without triggers and secondary indexes to keep up:
        // they are set aside and made again afterwards, in this same transaction (DDL is
        // transactional in SQLite, so a crash leaves them as they were).
        const tables = [...syncedTablesOf(this.sqlite).keys()];
        const aside = this.sqlite
          .prepare(
            `SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(', ')})`,
          )
          .all(...tables) as { type: string; name: string; sql: string }[];
        for (const item of aside) this.sqlite.exec(`DROP ${item.type === 'index' ? 'INDEX' : 'TRIGGER'} "${item.name}"`);
        loadSnapshot(this.sqlite, snap);
        for (const item of aside) this.sqlite.exec(item.sql);
        this.sqlite.prepare('DELETE FROM sync_peers').run();
        this.sqlite.prepare('DELETE FROM sync_segments WHERE device != ?').run(me);
        const insert = this.sqlite.prepare('INSERT INTO sync_peers (device, applied_seq, snapshot_seq, last_seen) VALUES (?, ?, ?, ?)');
        for (const [device, seq] of Object.entries(snap.header.vv)) if (device !== me) insert.run(device, seq, seq, this.now());
        for (const { device, name, segment } of beyond) this.applySegment(device, name, segment);
        this.applier.apply(outbox);
        let newest = '';
        for (const table of syncedTablesOf(this.sqlite).keys()) {
          const r = this.sqlite.prepare(`SELECT max(updated_at) AS u FROM ${table}`).get() as { u: string | null };
          if (r.u && r.u > newest) newest = r.u;
        }
        if (newest) {
          const clock = new HybridClock(me, readClockState(this.sqlite), this.now);
          clock.observe(encodeClock({ wall: Date.parse(newest), counter: 0, device: '' }));
          writeClockState(this.sqlite, clock.current);
        }
      })
      .immediate();
    return true;
  }

  /**
   * The segments this device applied or published that a snapshot covering `vv` lacks, read from
   * the share and put in causal order; undefined when one is missing or unreadable (then the
   * bootstrap waits). The set is closed under dependencies: this device only ever applied a
   * segment after its dependencies, and the snapshot's writer did the same.
   */
  private heldBeyond(vv: Record<string, number>, listing: Map<string, DeviceFile[]>): { device: string; name: string; segment: Segment }[] | undefined {
    const held = this.sqlite.prepare('SELECT device, name, seq, hash FROM sync_segments ORDER BY device, seq, name').all() as {
      device: string;
      name: string;
      seq: number;
      hash: string;
    }[];
    const queues = new Map<string, { device: string; name: string; segment: Segment }[]>();
    const seen = new Set<string>();
    for (const { device, name, seq, hash } of held) {
      // The same bytes under two names (a folder tool's copy) were applied once.
      if (seq <= (vv[device] ?? 0) || seen.has(`${device}\u0000${hash}`)) continue;
      seen.add(`${device}\u0000${hash}`);
      if (!(listing.get(device) ?? []).some((f) => f.name === name)) return undefined;
      let segment: Segment;
      try {
        segment = decodeSegment(this.share.read(DEVICES_DIR, device, name));
      } catch (error) {
        this.quarantine(`${DEVICES_DIR}/${device}/${name}`, error);
        return undefined;
      }
      let queue = queues.get(device);
      if (!queue) queues.set(device, (queue = []));
      queue.push({ device, name, segment });
    }
    const at: Record<string, number> = { ...vv };
    const ordered: { device: string; name: string; segment: Segment }[] = [];
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const queue of queues.values()) {
        while (queue.length > 0) {
          const { device, segment } = queue[0]!;
          if (Object.entries(segment.header.deps).some(([d, seq]) => d !== device && (at[d] ?? 0) < seq)) break;
          ordered.push(queue.shift()!);
          at[device] = Math.max(at[device] ?? 0, segment.header.seq);
          progressed = true;
        }
      }
    }
    return [...queues.values()].some((q) => q.length > 0) ? undefined : ordered;
  }

  private applySegment(device: string, name: string, segment: Segment) {
    return this.sqlite
      .transaction(() => {
        const stats = this.applier.apply(segment.records);
        let newest = '';
        for (const record of segment.records) if (record[4] > newest) newest = record[4];
        if (newest) {
          const clock = new HybridClock(readDeviceId(this.sqlite), readClockState(this.sqlite), this.now);
          clock.observe(newest);
          writeClockState(this.sqlite, clock.current);
        }
        // Our own segments come here only when a bootstrap reads them back: what we published is
        // counted by `published`, not as a peer.
        if (device !== readDeviceId(this.sqlite)) {
          this.sqlite
            .prepare(
              `INSERT INTO sync_peers (device, applied_seq, last_hash, last_wall, last_seen) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT(device) DO UPDATE SET applied_seq = max(applied_seq, excluded.applied_seq), last_hash = excluded.last_hash,
                 last_wall = max(coalesce(last_wall, 0), excluded.last_wall), last_seen = excluded.last_seen, retired = 0`,
            )
            .run(device, segment.header.seq, segment.hash, segment.header.wall, this.now());
        }
        this.sqlite
          .prepare('INSERT OR IGNORE INTO sync_segments (device, name, seq, hash) VALUES (?, ?, ?, ?)')
          .run(device, name, segment.header.seq, segment.hash);
        this.sqlite.prepare('DELETE FROM sync_quarantine WHERE path = ?').run(`${DEVICES_DIR}/${device}/${name}`);
        return stats;
      })
      .immediate();
  }

  private sameBytes(device: string, a: string, b: string): boolean {
    try {
      return this.share.read(DEVICES_DIR, device, a).equals(this.share.read(DEVICES_DIR, device, b));
    } catch {
      return false;
    }
  }

  private quarantine(path: string, error: unknown): void {
    const reason = error instanceof BadFileError ? `${error.reason}: ${error.message}` : `unreadable: ${(error as Error).message}`;
    const now = this.now();
    this.sqlite
      .prepare(
        `INSERT INTO sync_quarantine (path, reason, first_seen, last_tried, tries) VALUES (?, ?, ?, ?, 1)
         ON CONFLICT(path) DO UPDATE SET reason = excluded.reason, last_tried = excluded.last_tried, tries = tries + 1`,
      )
      .run(path, reason, now, now);
  }

  /**
   * Rewrites ack.json when what this device has applied changed, or when its `stable` mark can move
   * on by a while. `stable` (see Ack) is claimed only with an empty outbox, and the clock is moved
   * past it in the same transaction, so no change written afterwards can carry an earlier clock.
   */
  private writeAck(): boolean {
    const device = readDeviceId(this.sqlite);
    const now = this.now();
    const last = readMeta<{ vv?: Record<string, number>; stable?: number }>(this.sqlite, 'ackVector') ?? {};
    const vv = this.versionVector();
    const stableDue = last.stable === undefined || now - last.stable >= ACK_STABLE_STEP_MS;
    // An idle round with nothing new to say writes nothing, to the store or to the share.
    if (JSON.stringify(last.vv) === JSON.stringify(vv) && !stableDue) return false;
    const stable = stableDue
      ? this.sqlite
          .transaction(() => {
            if ((this.sqlite.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n > 0) return last.stable;
            const clock = new HybridClock(device, readClockState(this.sqlite), this.now);
            clock.observe(encodeClock({ wall: now, counter: 0, device: '' }));
            writeClockState(this.sqlite, clock.current);
            return now;
          })
          .immediate()
      : last.stable;
    if (JSON.stringify(last.vv) === JSON.stringify(vv) && stable === last.stable) return false;
    const ack = { device, appVersion: this.options.appVersion, wall: now, vv, ...(stable !== undefined ? { stable } : {}) };
    this.share.publish(JSON.stringify(ack, null, 2) + '\n', DEVICES_DIR, device, ACK_FILE);
    writeMeta(this.sqlite, 'ackVector', { vv, stable });
    return true;
  }
}

/** Records with local changes not yet published (a new account is one, not one per field). */
export function countPendingRecords(sqlite: Database.Database): number {
  return (sqlite.prepare('SELECT count(*) AS n FROM (SELECT DISTINCT tbl, row_id FROM sync_outbox)').get() as { n: number }).n;
}

/** Numeric compare of dotted versions (`0.10.0` > `0.9.3`); pre-release tags are ignored. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.+-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
