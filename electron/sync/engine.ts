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
import type { SyncSummary } from '../../shared/sync';
import { ChangeApplier } from './apply';
import { readClockState, readDeviceId, readOutbox, syncedTablesOf, writeClockState } from './changes';
import { HybridClock, encodeClock } from './hlc';
import { loadSnapshot, newestSnapshot, readSnapshot, type SnapshotFile } from './snapshot';
import { maintain, readAcks, type Ack, type MaintenancePolicy } from './maintenance';
import { deferSearchIndex } from '../store/search-index';
import { BadFileError, decodeSegment, encodeSegment, type ChangeRecord, type Segment, type SegmentHeader } from './segment';
import { StuckList } from './stuck';
import {
  ACK_FILE,
  DEVICES_DIR,
  FORMAT_FILE,
  SNAPSHOTS_DIR,
  SHARE_FORMAT,
  SHARE_FORMAT_VERSION,
  Share,
  newNonce,
  segmentName,
  classifyDeviceFile,
  type DeviceFile,
  type ShareFormat,
} from './share';
import { newDeviceId } from '../store/ids';
import { deleteMeta, readMeta, writeMeta } from '../store/meta';

export type { SyncSummary };

export interface SyncProgress {
  phase: 'publish' | 'scan' | 'apply' | 'index' | 'done';
  done: number;
  total: number;
}

export interface SyncOptions {
  appVersion: string;
  schemaVersion: number;
  now?: () => number;
  onProgress?: (progress: SyncProgress) => void;
  /** Write a snapshot in this round even below the policy's threshold. */
  forceSnapshot?: boolean;
  policy?: MaintenancePolicy;
  /** How other devices name this one when they wait for it (the computer's name); its id otherwise. */
  deviceName?: string;
}

/**
 * The lowest app version that writes share format 1. The format file names this, not the version
 * of whoever created the share: a newer app making a new share must not lock older ones out.
 * Raised only when a change of the format needs every writer to understand it.
 */
export const MIN_WRITER_VERSION = '0.1.0';

/** How far `stable` must move before ack.json is rewritten for it alone (the bin counts in days). */
const ACK_STABLE_STEP_MS = 6 * 60 * 60 * 1000;

/** The format file's exact text: every device writes the same bytes for the same format. */
export const formatFileText = (format: ShareFormat): string =>
  JSON.stringify({ format: format.format, version: format.version, minAppVersion: format.minAppVersion }, null, 2) + '\n';

/** What publish() is about to write: recorded first, so a cut-short publish ends the same way. */
interface PublishIntent {
  device: string;
  seq: number;
  name: string;
  prev: string | null;
  wall: number;
  deps: Record<string, number>;
  depHashes?: Record<string, string[]>;
  outboxMax: number;
}

interface Published {
  seq: number;
  hash: string | null;
}

/** The format as this device last read it on one share: proof the share had one, if it goes missing. */
interface KnownFormat {
  root: string;
  format: ShareFormat;
}

type FormatState =
  | { ok: true; readOnly: boolean; recreated?: boolean }
  | { ok: false; code: 'format_not_delivered' | 'format_unreadable' | 'format_unsupported'; version?: number };

/**
 * One segment number of one device as the share lists it: the writer's file and any folder tools'
 * copies of it (one name: the same bytes, see pull()). Forks (a cloned device) have other names.
 */
interface Candidate {
  seq: number;
  /** The writer's name of the segment (a copy's `of`). */
  name: string;
  /** The writer's file first, then the copies. */
  files: (DeviceFile & { seq: number })[];
  /** The first of `files` that could be read. */
  read?: { file: DeviceFile & { seq: number }; segment: Segment };
}

interface Round {
  acks: Map<string, Ack>;
  stuck: StuckList;
  /** Share paths of other devices' segments found damaged this round: named in our ack so their writers republish them. */
  damaged: Set<string>;
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
    const ctx: Round = { acks: readAcks(this.share), stuck: new StuckList(this.sqlite, this.now()), damaged: new Set() };
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
      readOnly: false,
      stuck: [],
    };
    const format = this.checkFormat(ctx);
    if (!format.ok) {
      summary.readOnly = true;
      if (format.code === 'format_unsupported') {
        // Nothing of a newer format is read or written; local work is kept for after the update.
        ctx.stuck.add(format.code, '', { version: format.version ?? 0, pending: countPendingRecords(this.sqlite) });
        summary.pendingLocal = countPendingRecords(this.sqlite);
        summary.stuck = ctx.stuck.finish();
        return summary;
      }
      ctx.stuck.add(format.code, '', { file: FORMAT_FILE, pending: countPendingRecords(this.sqlite) });
    } else {
      summary.readOnly = format.readOnly;
      if (format.recreated) summary.formatRecreated = true;
    }
    const readOnly = summary.readOnly;
    this.sqlite.transaction(() => this.applier.replayPending()).immediate();

    progress({ phase: 'publish', done: 0, total: 1 });
    if (!readOnly) {
      const rotatedFrom = this.reconcileOwnFolder();
      if (rotatedFrom) summary.rotatedFrom = rotatedFrom;
      summary.deviceId = readDeviceId(this.sqlite);
      summary.published = this.publish();
      const republished = this.republishDamaged(ctx);
      if (republished > 0) summary.republished = republished;
    }
    summary.pendingLocal = countPendingRecords(this.sqlite);
    if (readOnly && format.ok) {
      const minAppVersion = this.share.readFormat()?.minAppVersion ?? '';
      ctx.stuck.add('read_only_app', minAppVersion, { appVersion: this.options.appVersion, minAppVersion, pending: summary.pendingLocal });
    }

    progress({ phase: 'scan', done: 0, total: 1 });
    this.pull(summary, progress, ctx);
    const quarantined = this.sqlite.prepare('SELECT path, reason, tries FROM sync_quarantine ORDER BY path').all() as {
      path: string;
      reason: string;
      tries: number;
    }[];
    summary.quarantined = quarantined.length;
    for (const q of quarantined) {
      ctx.stuck.add('quarantined', q.path, { path: q.path, reason: q.reason, tries: q.tries });
      if (q.path.startsWith(`${DEVICES_DIR}/`)) ctx.damaged.add(q.path);
    }
    if (!readOnly) {
      if (this.writeAck(ctx)) summary.acknowledged = true;
      const report = maintain(this.sqlite, this.share, {
        now: this.now(),
        vv: this.versionVector(),
        acks: ctx.acks,
        schema: this.options.schemaVersion,
        appVersion: this.options.appVersion,
        forceSnapshot: this.options.forceSnapshot,
        policy: this.options.policy,
      });
      summary.snapshotWritten = report.snapshotWritten;
      summary.segmentsCollected = report.segmentsCollected;
      if (report.purged > 0) summary.purged = report.purged;
    }
    summary.stuck = ctx.stuck.finish();
    progress({ phase: 'done', done: 1, total: 1 });
    return summary;
  }

  // ---- the share's format file ----

  /**
   * Reads the format file; creates it on a new share and recreates it on one that lost it.
   *
   * "Not delivered yet" and "lost" look alike (no file) and call for opposite answers: wait, or
   * write it again. The share provably had one when this device read it before (remembered per
   * share folder), or when another device's ack says which format it read (acks carry it), or
   * when acks of older versions are there (they only ever wrote format 1 from MIN_WRITER_VERSION).
   * Then the file is written again with exactly the text it had (formatFileText), never with a
   * lower minimum version than anyone recorded: a folder tool delivering the old one late finds
   * the same bytes. Device folders without any ack prove nothing yet: this device waits, read-only.
   */
  private checkFormat(ctx: Round): FormatState {
    const format = this.share.readFormat();
    if (format) {
      if (format.format !== SHARE_FORMAT || format.version > SHARE_FORMAT_VERSION) return { ok: false, code: 'format_unsupported', version: format.version };
      const known = readMeta<KnownFormat>(this.sqlite, 'shareFormat');
      if (!known || known.root !== this.share.root || formatFileText(known.format) !== formatFileText(format)) {
        writeMeta(this.sqlite, 'shareFormat', { root: this.share.root, format } satisfies KnownFormat);
      }
      return { ok: true, readOnly: compareVersions(this.options.appVersion, format.minAppVersion) < 0 };
    }
    // There but unreadable: still arriving, or damaged. Never overwritten: the complete one may ask for more.
    if (this.share.exists(FORMAT_FILE)) return { ok: false, code: 'format_unreadable' };
    const me = readDeviceId(this.sqlite);
    const ours: ShareFormat = { format: SHARE_FORMAT, version: SHARE_FORMAT_VERSION, minAppVersion: MIN_WRITER_VERSION };
    const recorded: ShareFormat[] = [];
    const remembered = readMeta<KnownFormat>(this.sqlite, 'shareFormat');
    if (remembered?.root === this.share.root) recorded.push(remembered.format);
    let olderAcks = false;
    for (const [device, ack] of ctx.acks) {
      if (device === me) continue;
      if (ack.format) recorded.push(ack.format);
      else olderAcks = true;
    }
    const others = this.share.listDevices().some((d) => d !== me);
    if (recorded.length === 0 && !olderAcks && others) return { ok: false, code: 'format_not_delivered' };
    const chosen = [...recorded, ...(recorded.length === 0 ? [ours] : [])].reduce((a, b) =>
      b.version > a.version || (b.version === a.version && compareVersions(b.minAppVersion, a.minAppVersion) > 0) ? b : a,
    );
    if (chosen.format !== SHARE_FORMAT || chosen.version > SHARE_FORMAT_VERSION) return { ok: false, code: 'format_unsupported', version: chosen.version };
    this.share.publish(formatFileText(chosen), FORMAT_FILE);
    writeMeta(this.sqlite, 'shareFormat', { root: this.share.root, format: chosen } satisfies KnownFormat);
    return { ok: true, readOnly: compareVersions(this.options.appVersion, chosen.minAppVersion) < 0, recreated: others || recorded.length > 0 };
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
    const files = this.share.listDeviceFiles(device);
    // A folder tool's copy of one of our own segments (it saw the file written twice: a republish)
    // holds nothing new when it is the same bytes or cannot be read: only we may clear it here.
    for (const copy of files) {
      if (copy.kind !== 'copy' || !mine.has(copy.of)) continue;
      let same = false;
      try {
        const bytes = this.share.read(DEVICES_DIR, device, copy.name);
        const ours = this.sqlite.prepare('SELECT bytes FROM sync_published WHERE device = ? AND name = ?').pluck().get(device, copy.of) as Buffer | undefined;
        same = ours ? bytes.equals(ours) : decodeSegment(bytes).hash === this.hashOfOwn(device, copy.of);
      } catch {
        same = true; // cut short or damaged
      }
      if (same) this.share.remove(DEVICES_DIR, device, copy.name);
    }
    const strangers = files.filter((f) => f.kind === 'segment' && !mine.has(f.name) && f.name !== intended);
    // Only a readable file proves a clone; one still arriving is looked at again next round.
    const proofs = strangers.flatMap((file) => {
      try {
        const segment = decodeSegment(this.share.read(DEVICES_DIR, device, file.name));
        return segment.header.device === device ? [segment] : [];
      } catch {
        return [];
      }
    });
    if (proofs.length === 0) return undefined;
    const fresh = newDeviceId();
    const publishedSeq = this.published().seq;
    this.sqlite
      .transaction(() => {
        this.sqlite.prepare("UPDATE local_meta SET value = ? WHERE key = 'deviceId'").run(fresh);
        deleteMeta(this.sqlite, 'published', 'publishIntent');
        // Changes both copies held unpublished when the disk was copied (a backup restored after the
        // laptop went on syncing): the other copy has published them under the old id. Published
        // again from here they would reach others after what replaced them, and come back as
        // conflicts (the merge has no memory of replaced values): they are read from there instead.
        // (The same change: same clock and same value. Both copies share one clock state, so a change
        // each made after the copy may carry the same clock with another value: that one is kept.)
        const drop = this.sqlite.prepare('DELETE FROM sync_outbox WHERE tbl = ? AND row_id = ? AND field = ? AND clock = ? AND value = ?');
        for (const segment of proofs)
          for (const [table, row, field, value, clock] of segment.records) drop.run(table, row, field, clock, JSON.stringify(value));
        // Said in our ack from now on: once every copy that left the old id holds what it
        // acknowledged, the old id stops holding back clean-up (maintenance.ts, activeDevices).
        writeMeta(this.sqlite, 'succeeds', [...new Set([...(readMeta<string[]>(this.sqlite, 'succeeds') ?? []), device])]);
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

  private hashOfOwn(device: string, name: string): string | undefined {
    return this.sqlite.prepare('SELECT hash FROM sync_segments WHERE device = ? AND name = ?').pluck().get(device, name) as string | undefined;
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
    const deps = this.versionVector();
    const intent: PublishIntent = { device, seq, name: segmentName(seq, newNonce()), prev: last.hash, wall: this.now(), deps, outboxMax };
    // Which segments those numbers are: a number could name two (both copies of a cloned laptop
    // wrote it), and neither this writer nor its readers can tell in advance. 16 hex digits of
    // each hash tell forks of one device apart and keep the header small with many devices.
    const hashes = this.sqlite.prepare('SELECT hash FROM sync_segments WHERE device = ? AND seq = ?').pluck();
    const depHashes: Record<string, string[]> = {};
    for (const [d, at] of Object.entries(deps)) {
      if (d === device) continue;
      const list = [...new Set((hashes.all(d, at) as string[]).map(shortHash))].sort();
      if (list.length > 0) depHashes[d] = list;
    }
    if (Object.keys(depHashes).length > 0) intent.depHashes = depHashes;
    writeMeta(this.sqlite, 'publishIntent', intent);
    return published + this.writeIntended(intent);
  }

  private writeIntended(intent: PublishIntent): number {
    const records = readOutbox(this.sqlite, intent.outboxMax);
    const { device, seq, prev, wall, deps, depHashes, outboxMax } = intent;
    const { bytes, hash } = encodeSegment(
      {
        schema: this.options.schemaVersion,
        appVersion: this.options.appVersion,
        device,
        seq,
        prev,
        wall,
        deps,
        ...(depHashes ? { depHashes } : {}),
        outboxMax,
      },
      records,
    );
    // Already there when the crash came after the rename: the same bytes, nothing to write again.
    if (!this.share.exists(DEVICES_DIR, device, intent.name)) this.share.publish(bytes, DEVICES_DIR, device, intent.name);
    this.recordPublished(device, intent.name, seq, hash, outboxMax, bytes);
    return records.length;
  }

  private recordPublished(device: string, name: string, seq: number, hash: string, outboxMax: number, bytes: Buffer): void {
    this.sqlite
      .transaction(() => {
        this.sqlite.prepare('DELETE FROM sync_outbox WHERE seq <= ?').run(outboxMax);
        writeMeta(this.sqlite, 'published', { seq, hash } satisfies Published);
        this.sqlite.prepare('INSERT OR IGNORE INTO sync_segments (device, name, seq, hash) VALUES (?, ?, ?, ?)').run(device, name, seq, hash);
        // Kept until the segment is collected: the outbox rows are gone, and a damaged copy on the share is mended with these bytes.
        this.sqlite.prepare('INSERT OR IGNORE INTO sync_published (device, name, seq, bytes) VALUES (?, ?, ?, ?)').run(device, name, seq, bytes);
        deleteMeta(this.sqlite, 'publishIntent');
      })
      .immediate();
  }

  /**
   * Heals what only the writer can (brief SYNC.md point 15): a segment of ours, under our id or
   * one we left, that another device found damaged on the share (its ack names it) or that we
   * could not read back ourselves. The same bytes are published again under the same name, so
   * every reader verifies them as the segment its chain expects. When the share's file is intact
   * (the damage was in a reader's folder-tool copy), writing it again gives the tools a new
   * version to deliver; that is done once per report, not on every round.
   */
  private republishDamaged(ctx: Round): number {
    const me = readDeviceId(this.sqlite);
    const reports = new Map<string, number>();
    for (const [device, ack] of ctx.acks) {
      if (device === me) continue;
      for (const path of ack.damaged ?? []) reports.set(path, Math.max(reports.get(path) ?? 0, ack.wall));
    }
    for (const { path } of this.sqlite.prepare('SELECT path FROM sync_quarantine').all() as { path: string }[]) reports.set(path, reports.get(path) ?? 0);
    // Our own files cut short where nobody has read them yet (readers that applied them never will):
    // a size check is cheap; other damage is reported by the first reader that meets it.
    for (const { device, name, size } of this.sqlite.prepare('SELECT device, name, length(bytes) AS size FROM sync_published').all() as {
      device: string;
      name: string;
      size: number;
    }[]) {
      const found = this.share.sizeOf(DEVICES_DIR, device, name);
      if (found !== null && found !== size) reports.set(`${DEVICES_DIR}/${device}/${name}`, reports.get(`${DEVICES_DIR}/${device}/${name}`) ?? 0);
    }
    const handled = readMeta<Record<string, number>>(this.sqlite, 'republished') ?? {};
    if (reports.size === 0 && Object.keys(handled).length === 0) return 0;
    const mine = this.sqlite.prepare('SELECT bytes FROM sync_published WHERE device = ? AND name = ?');
    const still: Record<string, number> = {};
    let republished = 0;
    for (const [path, reportedAt] of reports) {
      const [dir, device, name] = path.split('/');
      if (dir !== DEVICES_DIR || !device || !name) continue;
      const row = mine.get(device, name) as { bytes: Buffer } | undefined;
      if (!row) continue;
      still[path] = reportedAt;
      let state: 'intact' | 'damaged' | 'other' = 'damaged';
      try {
        const bytes = this.share.read(DEVICES_DIR, device, name);
        if (bytes.equals(row.bytes)) state = 'intact';
        // A valid segment with other bytes: the other copy of a cloned laptop, upgraded between its
        // two writes of one name. Not ours to overwrite.
        else if (decodeSegment(bytes)) state = 'other';
      } catch {
        /* missing, cut short or damaged: written again below */
      }
      if (state === 'other' || (state === 'intact' && handled[path] !== undefined && handled[path] >= reportedAt)) continue;
      this.share.publish(row.bytes, DEVICES_DIR, device, name);
      republished++;
    }
    if (JSON.stringify(still) !== JSON.stringify(handled)) writeMeta(this.sqlite, 'republished', still);
    return republished;
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

  /**
   * Reads every other device's new segments and applies them in causal order.
   *
   * A folder tool's copy of a segment carries the writer's name with something added, and one
   * name is only ever written with one content (publish() fixes the name and everything the bytes
   * depend on before writing). So the writer's file and its copies are one candidate: the first
   * of them that can be read is applied, and the others are duplicates: an identical or damaged
   * copy is removed, a damaged original is named in our ack for its writer to republish. Neither
   * ever blocks anything. Only when no file of a needed segment can be read is it quarantined,
   * and its device's later segments wait.
   */
  private pull(summary: SyncSummary, progress: (p: SyncProgress) => void, ctx: Round): void {
    let listing = new Map(this.share.listDevices().map((device) => [device, this.share.listDeviceFiles(device)] as const));
    if (this.maybeBootstrap(listing, ctx)) {
      summary.bootstrapped = true;
      listing = new Map(this.share.listDevices().map((device) => [device, this.share.listDeviceFiles(device)] as const));
    }
    const me = readDeviceId(this.sqlite);
    // Names applied (or recorded as seen), with the writer's name of each: a copy applied stands for its original.
    const appliedNames = new Map<string, Set<string>>();
    const appliedHashes = new Map<string, Set<string>>();
    const appliedShort = new Map<string, Set<string>>();
    const note = (device: string, name: string, hash: string) => {
      let names = appliedNames.get(device);
      if (!names) appliedNames.set(device, (names = new Set()));
      names.add(name);
      names.add(writerNameOf(name));
      let hashes = appliedHashes.get(device);
      if (!hashes) appliedHashes.set(device, (hashes = new Set()));
      hashes.add(hash);
      let short = appliedShort.get(device);
      if (!short) appliedShort.set(device, (short = new Set()));
      short.add(shortHash(hash));
    };
    const recorded = new Set<string>();
    for (const row of this.sqlite.prepare('SELECT device, name, hash FROM sync_segments').all() as { device: string; name: string; hash: string }[]) {
      note(row.device, row.name, row.hash);
      recorded.add(`${row.device}/${row.name}`);
    }
    const peers = this.peers();
    const queues = new Map<string, Candidate[]>();
    for (const [device, files] of listing) {
      // What we published is in our store already (a bootstrap re-applies it from the share itself).
      if (device === me) continue;
      const applied = appliedNames.get(device) ?? new Set<string>();
      const covered = peers.get(device)?.snapshotSeq ?? 0;
      const groups = new Map<string, Candidate>();
      for (const file of files) {
        if (file.kind !== 'segment' && file.kind !== 'copy') continue;
        // A copy is looked at again while it is there: a folder tool may reuse its name for another copy.
        if (recorded.has(`${device}/${file.name}`) && file.kind !== 'copy') continue;
        if (file.seq <= covered) {
          // In the snapshot this device started from. A folder tool's copy of such a segment holds
          // nothing else (one name, one content), and nobody else will ever clear it.
          if (file.kind === 'copy') this.share.remove(DEVICES_DIR, device, file.name);
          continue;
        }
        const name = file.kind === 'copy' ? file.of : file.name;
        if (applied.has(name)) {
          this.settleDuplicate(device, file, appliedHashes.get(device) ?? new Set(), ctx, (candidate) => groups.set(candidate.name, candidate));
          continue;
        }
        const group = groups.get(name) ?? { seq: file.seq, name, files: [] };
        group.files.push(file);
        groups.set(name, group);
      }
      for (const group of groups.values()) group.files.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'segment' ? -1 : 1));
      if (groups.size > 0)
        queues.set(
          device,
          [...groups.values()].sort((a, b) => a.seq - b.seq || a.name.localeCompare(b.name)),
        );
    }
    const total = [...queues.values()].reduce((n, q) => n + q.length, 0);
    let done = 0;
    const vv = this.versionVector();
    for (const [device, peer] of peers) vv[device] = Math.max(vv[device] ?? 0, peer.appliedSeq);
    const waitsFor = (header: SegmentHeader) =>
      unmetDependency(
        header,
        vv,
        (d) => appliedShort.get(d),
        (d) => peers.get(d)?.snapshotSeq ?? 0,
      );
    const blocked = new Map<string, string>();
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const [device, queue] of queues) {
        while (queue.length > 0 && !blocked.has(device)) {
          const next = queue[0]!;
          const appliedSeq = vv[device] ?? 0;
          // A fork (same seq as an applied one, from a cloned device) is read too; a gap is waited for.
          if (next.seq > appliedSeq + 1) break;
          if (!next.read && !this.readCandidate(device, next, blocked)) break;
          const { file, segment } = next.read!;
          // The same bytes under another name (a folder tool's copy, read while the original was
          // missing from the listing): already applied. Applying it again would bring back values
          // that later changes replaced, on this device only.
          if (appliedHashes.get(device)?.has(segment.hash)) {
            this.recordSeen(device, file.name, segment);
            if (file.kind === 'copy' && this.sameAsWriters(device, file.of, segment.hash)) this.share.remove(DEVICES_DIR, device, file.name);
            note(device, file.name, segment.hash);
            queue.shift();
            continue;
          }
          if (waitsFor(segment.header)) break; // Waits for another device's segment; maybe later in this same round.
          const stats = this.applySegment(device, file.name, segment);
          // Two copies of one segment (two folder tools' names for it) may both be listed this round.
          note(device, file.name, segment.hash);
          for (const other of next.files) if (other !== file) this.settleDuplicate(device, other, appliedHashes.get(device)!, ctx, () => undefined);
          summary.applied += stats.applied;
          summary.conflicts += stats.conflicts;
          summary.segmentsApplied++;
          summary.clockSkewMs = Math.max(summary.clockSkewMs, segment.header.wall - this.now());
          vv[device] = Math.max(appliedSeq, next.seq);
          queue.shift();
          progressed = true;
          progress({ phase: 'apply', done: ++done, total });
        }
      }
    }
    summary.waiting = [...queues.values()].reduce((n, q) => n + q.length, 0);
    this.noteWaiting(queues, blocked, vv, ctx, waitsFor);
    this.clearStaleQuarantine(listing, peers);
  }

  /**
   * Reads the first readable file of a candidate (the writer's, else a copy). When none can be
   * read, the writer's file (or the copy, when that is all there is) is quarantined with its
   * reason and the device's later segments wait for it.
   */
  private readCandidate(device: string, candidate: Candidate, blocked: Map<string, string>): boolean {
    let first: { path: string; error: unknown } | undefined;
    for (const file of candidate.files) {
      const path = `${DEVICES_DIR}/${device}/${file.name}`;
      try {
        const segment = decodeSegment(this.share.read(DEVICES_DIR, device, file.name));
        if (segment.header.device !== device || segment.header.seq !== file.seq)
          throw new BadFileError('unknown-format', 'header does not match the file name');
        candidate.read = { file, segment };
        return true;
      } catch (error) {
        first ??= { path, error };
      }
    }
    if (first) {
      this.quarantine(first.path, first.error);
      blocked.set(device, first.path);
    }
    return false;
  }

  /**
   * A file of a segment already applied under another of its names. An identical copy is recorded
   * and removed; a copy that cannot be read is removed too (its segment is applied: the copy holds
   * nothing else). The writer's own file is never removed here: when it cannot be read, it is
   * named in our ack so its writer publishes it again. A readable file with other bytes under the
   * same name (an app upgraded between the two writes of a cloned device) is applied like a fork.
   */
  private settleDuplicate(device: string, file: DeviceFile & { seq: number }, appliedHashes: Set<string>, ctx: Round, fork: (c: Candidate) => void): void {
    const path = `${DEVICES_DIR}/${device}/${file.name}`;
    let segment: Segment;
    try {
      segment = decodeSegment(this.share.read(DEVICES_DIR, device, file.name));
    } catch {
      if (file.kind === 'copy') this.share.remove(DEVICES_DIR, device, file.name);
      else ctx.damaged.add(path);
      this.sqlite.prepare('DELETE FROM sync_quarantine WHERE path = ?').run(path);
      return;
    }
    if (appliedHashes.has(segment.hash)) {
      this.recordSeen(device, file.name, segment);
      // While the writer's own file is damaged, a good copy is all a later reader has.
      if (file.kind === 'copy' && this.sameAsWriters(device, file.of, segment.hash)) this.share.remove(DEVICES_DIR, device, file.name);
      return;
    }
    fork({ seq: file.seq, name: file.name, files: [file], read: { file, segment } });
  }

  /**
   * Whether a copy of an applied segment may go: yes when the writer's file is there with the same
   * content, or gone (collected by its writer, or missing from a listing for a moment: it comes
   * back); no while the writer's file is there but damaged, the copy being the one good carrier.
   */
  private sameAsWriters(device: string, name: string, hash: string): boolean {
    if (!this.share.exists(DEVICES_DIR, device, name)) return true;
    try {
      return decodeSegment(this.share.read(DEVICES_DIR, device, name)).hash === hash;
    } catch {
      return false;
    }
  }

  /**
   * Says why each device with segments left could not go on: the next one missing, unreadable,
   * or waiting for another device's. A device whose ack says it published more than this one has
   * applied, with nothing of it listed, is waiting too (its files have not arrived). Reported from
   * the second round on (StuckList): a file on its way is normal.
   */
  private noteWaiting(
    queues: Map<string, Candidate[]>,
    blocked: Map<string, string>,
    vv: Record<string, number>,
    ctx: Round,
    waitsFor: (header: SegmentHeader) => { device: string; seq: number } | undefined,
  ): void {
    const me = readDeviceId(this.sqlite);
    const label = (device: string) => deviceLabel(device, ctx.acks.get(device));
    const waiting = new Set<string>();
    for (const [device, queue] of queues) {
      const next = queue[0];
      if (!next) continue;
      waiting.add(device);
      const applied = vv[device] ?? 0;
      const path = blocked.get(device);
      if (path) {
        ctx.stuck.add('waiting_unreadable', `${device}:${next.seq}`, { device: label(device), seq: next.seq, path }, { afterARound: true });
      } else if (next.seq > applied + 1) {
        ctx.stuck.add('waiting_missing', `${device}:${applied + 1}`, { device: label(device), seq: applied + 1 }, { afterARound: true });
      } else {
        const on = next.read ? waitsFor(next.read.segment.header) : undefined;
        const [onDevice, onSeq] = on ? [on.device, on.seq] : ['', 0];
        ctx.stuck.add(
          'waiting_dependency',
          `${device}:${next.seq}`,
          { device: label(device), seq: next.seq, onDevice: label(onDevice), onSeq },
          { afterARound: true },
        );
      }
    }
    for (const [device, ack] of ctx.acks) {
      if (device === me || waiting.has(device)) continue;
      const published = ack.vv[device] ?? 0;
      const applied = vv[device] ?? 0;
      if (published > applied) ctx.stuck.add('waiting_missing', `${device}:${applied + 1}`, { device: label(device), seq: applied + 1 }, { afterARound: true });
    }
  }

  /** Records an already-applied segment's other name, so it is not read again. */
  private recordSeen(device: string, name: string, segment: Segment): void {
    this.sqlite
      .prepare('INSERT OR IGNORE INTO sync_segments (device, name, seq, hash) VALUES (?, ?, ?, ?)')
      .run(device, name, segment.header.seq, segment.hash);
    this.sqlite.prepare('DELETE FROM sync_quarantine WHERE path = ?').run(`${DEVICES_DIR}/${device}/${name}`);
  }

  /**
   * Quarantined files that are gone, or that no round will read again (covered by the snapshot
   * this device started from), leave the list. A file is never cleared for having a number at
   * or below what was applied: a fork of a cloned device has such a number and is still needed.
   */
  private clearStaleQuarantine(listing: Map<string, DeviceFile[]>, peers: Map<string, { snapshotSeq: number }>): void {
    const snapshots = new Set(this.share.listSnapshots());
    for (const { path } of this.sqlite.prepare('SELECT path FROM sync_quarantine').all() as { path: string }[]) {
      const [dir, device = '', name] = path.split('/');
      let stale: boolean;
      if (dir === SNAPSHOTS_DIR) stale = !snapshots.has(device);
      else {
        const file = listing.get(device)?.find((f) => f.name === name);
        stale = !file || ('seq' in file && file.seq <= (peers.get(device)?.snapshotSeq ?? 0));
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
   * When any of those segments is missing or unreadable, the bootstrap waits for a later round,
   * and says so.
   */
  private maybeBootstrap(listing: Map<string, DeviceFile[]>, ctx: Round): boolean {
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
    if (!Array.isArray(beyond)) {
      const { device, seq, path } = beyond;
      const params = { device: deviceLabel(device, ctx.acks.get(device)), seq };
      if (path) ctx.stuck.add('waiting_unreadable', `${device}:${seq}`, { ...params, path }, { afterARound: true });
      else ctx.stuck.add('waiting_missing', `${device}:${seq}`, params, { afterARound: true });
      return false;
    }
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
   * the share and put in causal order; or the first one that is missing or unreadable (then the
   * bootstrap waits). The set is closed under dependencies: this device only ever applied a
   * segment after its dependencies, and the snapshot's writer did the same.
   */
  private heldBeyond(
    vv: Record<string, number>,
    listing: Map<string, DeviceFile[]>,
  ): { device: string; name: string; segment: Segment }[] | { device: string; seq: number; path?: string } {
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
      if (!(listing.get(device) ?? []).some((f) => f.name === name)) return { device, seq };
      const path = `${DEVICES_DIR}/${device}/${name}`;
      let segment: Segment;
      try {
        segment = decodeSegment(this.share.read(DEVICES_DIR, device, name));
      } catch (error) {
        this.quarantine(path, error);
        return { device, seq, path };
      }
      this.sqlite.prepare('DELETE FROM sync_quarantine WHERE path = ?').run(path);
      let queue = queues.get(device);
      if (!queue) queues.set(device, (queue = []));
      queue.push({ device, name, segment });
    }
    const at: Record<string, number> = { ...vv };
    const ordered: { device: string; name: string; segment: Segment }[] = [];
    const placed = new Map<string, Set<string>>();
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const queue of queues.values()) {
        while (queue.length > 0) {
          const { device, segment } = queue[0]!;
          if (
            unmetDependency(
              segment.header,
              at,
              (d) => placed.get(d),
              (d) => vv[d] ?? 0,
            )
          )
            break;
          ordered.push(queue.shift()!);
          at[device] = Math.max(at[device] ?? 0, segment.header.seq);
          let short = placed.get(device);
          if (!short) placed.set(device, (short = new Set()));
          short.add(shortHash(segment.hash));
          progressed = true;
        }
      }
    }
    const stalled = [...queues.values()].find((q) => q.length > 0)?.[0];
    return stalled ? { device: stalled.device, seq: stalled.segment.header.seq } : ordered;
  }

  /**
   * The records of a fork that its sibling (the other segment with this number from a cloned
   * device) carried too: both copies published what they held unpublished when the disk was copied.
   * Applied once already, and maybe replaced since, so applied again they would come back as
   * conflicts on this device only (the merge has no memory of replaced values): they are skipped.
   */
  private withoutSiblingRecords(device: string, segment: Segment): ChangeRecord[] {
    const siblings = this.sqlite
      .prepare('SELECT name FROM sync_segments WHERE device = ? AND seq = ? AND hash != ?')
      .all(device, segment.header.seq, segment.hash) as {
      name: string;
    }[];
    if (siblings.length === 0) return segment.records;
    const key = (r: ChangeRecord) => JSON.stringify(r.slice(0, 5));
    const seen = new Set<string>();
    for (const { name } of siblings) {
      try {
        for (const record of decodeSegment(this.share.read(DEVICES_DIR, device, name)).records) seen.add(key(record));
      } catch {
        /* collected or unreadable: nothing to compare with */
      }
    }
    return segment.records.filter((r) => !seen.has(key(r)));
  }

  private applySegment(device: string, name: string, segment: Segment) {
    return this.sqlite
      .transaction(() => {
        const stats = this.applier.apply(this.withoutSiblingRecords(device, segment));
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
   * Rewrites ack.json when what it says changed (what this device has applied, the files it found
   * damaged, the ids it took over from, the format it read), or when its `stable` mark can move on
   * by a while. `stable` (see Ack) is claimed only with an empty outbox, and the clock is moved
   * past it in the same transaction, so no change written afterwards can carry an earlier clock.
   */
  private writeAck(ctx: Round): boolean {
    const device = readDeviceId(this.sqlite);
    const now = this.now();
    const last = readMeta<{ says?: string; stable?: number }>(this.sqlite, 'ackVector') ?? {};
    const format = readMeta<KnownFormat>(this.sqlite, 'shareFormat');
    const succeeds = readMeta<string[]>(this.sqlite, 'succeeds');
    const says = {
      vv: this.versionVector(),
      ...(format?.root === this.share.root ? { format: format.format } : {}),
      ...(succeeds?.length ? { succeeds } : {}),
      ...(ctx.damaged.size > 0 ? { damaged: [...ctx.damaged].sort() } : {}),
      ...(this.options.deviceName ? { host: this.options.deviceName } : {}),
    };
    const saying = JSON.stringify(says);
    const stableDue = last.stable === undefined || now - last.stable >= ACK_STABLE_STEP_MS;
    // An idle round with nothing new to say writes nothing, to the store or to the share.
    if (last.says === saying && !stableDue) return false;
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
    if (last.says === saying && stable === last.stable) return false;
    const ack: Ack = { device, appVersion: this.options.appVersion, wall: now, ...says, ...(stable !== undefined ? { stable } : {}) };
    this.share.publish(JSON.stringify(ack, null, 2) + '\n', DEVICES_DIR, device, ACK_FILE);
    writeMeta(this.sqlite, 'ackVector', { says: saying, stable });
    return true;
  }
}

/** The writer's name of a segment file: a folder tool's copy stands for the file it copies. */
function writerNameOf(name: string): string {
  const file = classifyDeviceFile(name);
  return file?.kind === 'copy' ? file.of : name;
}

/** The start of a segment's hash that `depHashes` carries. */
const shortHash = (hash: string): string => hash.slice(0, 16);

/**
 * The first dependency of a segment not applied yet, if any: every device's number in `deps` (what its
 * writer had applied), and where the writer said which segments those were (`depHashes`), those
 * very segments: a fork of the same number does not count. `covered` is what a snapshot brought
 * (its segments are not known one by one); `applied` the short hashes applied of a device.
 */
export function unmetDependency(
  header: Pick<SegmentHeader, 'device' | 'deps' | 'depHashes'>,
  vv: Record<string, number>,
  applied: (device: string) => ReadonlySet<string> | undefined,
  covered: (device: string) => number,
): { device: string; seq: number } | undefined {
  for (const [d, seq] of Object.entries(header.deps)) {
    if (d === header.device) continue;
    if ((vv[d] ?? 0) < seq) return { device: d, seq };
    const wanted = header.depHashes?.[d];
    if (!wanted || seq <= covered(d)) continue;
    const have = applied(d);
    if (!wanted.every((h) => have?.has(h))) return { device: d, seq };
  }
  return undefined;
}

/** How a device is named to the user: its computer's name from its ack, and the start of its id. */
export function deviceLabel(device: string, ack: Ack | undefined): string {
  const id = device.slice(0, 8);
  return ack?.host ? `${ack.host} (${id})` : id;
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
