/**
 * This device as a reader: every other device's new segments, applied in causal order (causal.ts),
 * with a folder tool's duplicates and damaged files dealt with, and a word for every device it
 * could not go on with (stuck.ts).
 */
import type { SyncSummary } from '../../shared/sync';
import { peers as peerRows, quarantine, segments } from '../store/bookkeeping';
import { readDeviceId } from '../store/meta';
import { bootstrapIfNeeded } from './bootstrap';
import { shortHash, unmetDependency, type Dependency } from './causal';
import { BadFileError, decodeSegment, type Segment, type SegmentHeader } from './segment';
import { DEVICES_DIR, SNAPSHOTS_DIR, classifyDeviceFile, type DeviceFile } from './share';
import { applySegment, deviceLabel, quarantineFile, versionVector, type RoundContext, type SyncProgress } from './round';

type SegmentFile = DeviceFile & { seq: number };

/**
 * One segment number of one device as the share lists it: the writer's file and any folder tools'
 * copies of it (one name: the same bytes, see pull()). Forks (a cloned device) have other names.
 */
interface Candidate {
  seq: number;
  /** The writer's name of the segment (a copy's `of`). */
  name: string;
  /** The writer's file first, then the copies. */
  files: SegmentFile[];
  /** The first of `files` that could be read. */
  read?: { file: SegmentFile; segment: Segment };
}

/** What this device has applied, by device: names (and the writer's name of each copy), hashes. */
class Applied {
  readonly names = new Map<string, Set<string>>();
  readonly hashes = new Map<string, Set<string>>();
  readonly short = new Map<string, Set<string>>();
  /** `device/name` of every file recorded as applied or seen. */
  readonly recorded = new Set<string>();

  note(device: string, name: string, hash: string): void {
    add(this.names, device, name);
    add(this.names, device, writerNameOf(name));
    add(this.hashes, device, hash);
    add(this.short, device, shortHash(hash));
  }
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/** The writer's name of a segment file: a folder tool's copy stands for the file it copies. */
function writerNameOf(name: string): string {
  const file = classifyDeviceFile(name);
  return file?.kind === 'copy' ? file.of : name;
}

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
export function pull(rc: RoundContext, summary: SyncSummary, progress: (p: SyncProgress) => void): void {
  const { sqlite, share } = rc;
  let listing = new Map(share.listDevices().map((device) => [device, share.listDeviceFiles(device)] as const));
  if (bootstrapIfNeeded(rc, listing)) {
    summary.bootstrapped = true;
    listing = new Map(share.listDevices().map((device) => [device, share.listDeviceFiles(device)] as const));
  }
  const me = readDeviceId(sqlite);
  const applied = new Applied();
  for (const row of segments.all(sqlite)) {
    applied.note(row.device, row.name, row.hash);
    applied.recorded.add(`${row.device}/${row.name}`);
  }
  const peers = new Map(peerRows.all(sqlite).map((p) => [p.device, p]));
  const queues = new Map<string, Candidate[]>();
  for (const [device, files] of listing) {
    // What we published is in our store already (a bootstrap re-applies it from the share itself).
    if (device === me) continue;
    const names = applied.names.get(device) ?? new Set<string>();
    const covered = peers.get(device)?.snapshotSeq ?? 0;
    const groups = new Map<string, Candidate>();
    for (const file of files) {
      if (file.kind !== 'segment' && file.kind !== 'copy') continue;
      // A copy is looked at again while it is there: a folder tool may reuse its name for another copy.
      if (applied.recorded.has(`${device}/${file.name}`) && file.kind !== 'copy') continue;
      if (file.seq <= covered) {
        // In the snapshot this device started from. A folder tool's copy of such a segment holds
        // nothing else (one name, one content), and nobody else will ever clear it.
        if (file.kind === 'copy') share.remove(DEVICES_DIR, device, file.name);
        continue;
      }
      const name = file.kind === 'copy' ? file.of : file.name;
      if (names.has(name)) {
        settleDuplicate(rc, device, file, applied.hashes.get(device) ?? new Set(), (candidate) => groups.set(candidate.name, candidate));
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
  const vv = versionVector(sqlite);
  for (const [device, peer] of peers) vv[device] = Math.max(vv[device] ?? 0, peer.appliedSeq);
  const waitsFor = (header: SegmentHeader) =>
    unmetDependency(
      header,
      vv,
      (d) => applied.short.get(d),
      (d) => peers.get(d)?.snapshotSeq ?? 0,
    );
  const blocked = new Map<string, string>();
  const batch = new Batch(sqlite);
  try {
    applyReady();
    batch.commit();
  } catch (error) {
    batch.rollback();
    throw error;
  }
  summary.waiting = [...queues.values()].reduce((n, q) => n + q.length, 0);
  noteWaiting(rc, queues, blocked, vv, waitsFor);
  clearStaleQuarantine(rc, listing, peers);

  function applyReady(): void {
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const [device, queue] of queues) {
        while (queue.length > 0 && !blocked.has(device)) {
          const next = queue[0]!;
          const appliedSeq = vv[device] ?? 0;
          // A fork (same seq as an applied one, from a cloned device) is read too; a gap is waited for.
          if (next.seq > appliedSeq + 1) break;
          if (!next.read && !readCandidate(rc, device, next, blocked)) break;
          const { file, segment } = next.read!;
          // The same bytes under another name (a folder tool's copy, read while the original was
          // missing from the listing): already applied. Applying it again would bring back values
          // that later changes replaced, on this device only.
          if (applied.hashes.get(device)?.has(segment.hash)) {
            recordSeen(rc, device, file.name, segment);
            if (file.kind === 'copy' && copyMayGo(rc, device, file.of, segment.hash)) share.remove(DEVICES_DIR, device, file.name);
            applied.note(device, file.name, segment.hash);
            queue.shift();
            continue;
          }
          if (waitsFor(segment.header)) break; // Waits for another device's segment; maybe later in this same round.
          batch.begin();
          const stats = applySegment(rc, device, file.name, segment);
          batch.applied(segment.records.length);
          // Two copies of one segment (two folder tools' names for it) may both be listed this round.
          applied.note(device, file.name, segment.hash);
          for (const other of next.files) if (other !== file) settleDuplicate(rc, device, other, applied.hashes.get(device)!, () => undefined);
          summary.applied += stats.applied;
          summary.conflicts += stats.conflicts;
          summary.segmentsApplied++;
          summary.clockSkewMs = Math.max(summary.clockSkewMs, segment.header.wall - rc.now());
          vv[device] = Math.max(appliedSeq, next.seq);
          queue.shift();
          progressed = true;
          progress({ phase: 'apply', done: ++done, total });
        }
      }
    }
  }
}

/**
 * Segments applied one after another share a transaction, committed every half second or so of
 * work (and at the end): each segment is still applied with its vector and clock all or nothing
 * (a savepoint within it, round.ts applySegment), and a round killed midway keeps what the
 * committed part applied. A commit flushes the log to disk (synchronous = FULL); a few hundred
 * small segments (a laptop back after a week) no longer pay one each.
 */
class Batch {
  private open = false;
  private started = 0;
  private records = 0;

  constructor(private readonly sqlite: RoundContext['sqlite']) {}

  begin(): void {
    if (this.open) return;
    this.sqlite.exec('BEGIN IMMEDIATE');
    this.open = true;
    this.started = performance.now();
    this.records = 0;
  }

  applied(records: number): void {
    this.records += records;
    if (this.records >= BATCH_RECORDS || performance.now() - this.started >= BATCH_MS) this.commit();
  }

  commit(): void {
    if (!this.open) return;
    this.open = false;
    this.sqlite.exec('COMMIT');
  }

  rollback(): void {
    if (!this.open) return;
    this.open = false;
    if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
  }
}

const BATCH_MS = 500;
const BATCH_RECORDS = 100_000;

/**
 * Reads the first readable file of a candidate (the writer's, else a copy). When none can be
 * read, the writer's file (or the copy, when that is all there is) is quarantined with its
 * reason and the device's later segments wait for it.
 */
function readCandidate(rc: RoundContext, device: string, candidate: Candidate, blocked: Map<string, string>): boolean {
  let first: { path: string; error: unknown } | undefined;
  for (const file of candidate.files) {
    const path = `${DEVICES_DIR}/${device}/${file.name}`;
    try {
      const segment = decodeSegment(rc.share.read(DEVICES_DIR, device, file.name), rc.share.keys);
      if (segment.header.device !== device || segment.header.seq !== file.seq) throw new BadFileError('unknown-format', 'header does not match the file name');
      candidate.read = { file, segment };
      return true;
    } catch (error) {
      // Gone since the folder was listed (its writer collected it, a folder tool moved it): nothing
      // is damaged. The round goes on as if it had not been listed: the device waits, and a later
      // round starts from a snapshot if the segment was collected.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      first ??= { path, error };
    }
  }
  if (first) {
    quarantineFile(rc, first.path, first.error);
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
function settleDuplicate(rc: RoundContext, device: string, file: SegmentFile, appliedHashes: ReadonlySet<string>, fork: (c: Candidate) => void): void {
  const path = `${DEVICES_DIR}/${device}/${file.name}`;
  let segment: Segment;
  try {
    segment = decodeSegment(rc.share.read(DEVICES_DIR, device, file.name), rc.share.keys);
  } catch (error) {
    // Gone since the folder was listed (collected by its writer, a copy removed): nothing to settle.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    if (file.kind === 'copy') rc.share.remove(DEVICES_DIR, device, file.name);
    else rc.damaged.add(path);
    quarantine.clear(rc.sqlite, path);
    return;
  }
  if (appliedHashes.has(segment.hash)) {
    recordSeen(rc, device, file.name, segment);
    // While the writer's own file is damaged, a good copy is all a later reader has.
    if (file.kind === 'copy' && copyMayGo(rc, device, file.of, segment.hash)) rc.share.remove(DEVICES_DIR, device, file.name);
    return;
  }
  fork({ seq: file.seq, name: file.name, files: [file], read: { file, segment } });
}

/**
 * Whether a copy of an applied segment may go: yes when the writer's file is there with the same
 * content, or gone (collected by its writer, or missing from a listing for a moment: it comes
 * back); no while the writer's file is there but damaged, the copy being the one good carrier.
 */
function copyMayGo(rc: RoundContext, device: string, name: string, hash: string): boolean {
  if (!rc.share.exists(DEVICES_DIR, device, name)) return true;
  try {
    return decodeSegment(rc.share.read(DEVICES_DIR, device, name), rc.share.keys).hash === hash;
  } catch {
    return false;
  }
}

/** Records an already-applied segment's other name, so it is not read again. */
function recordSeen(rc: RoundContext, device: string, name: string, segment: Segment): void {
  segments.record(rc.sqlite, { device, name, seq: segment.header.seq, hash: segment.hash });
  quarantine.clear(rc.sqlite, `${DEVICES_DIR}/${device}/${name}`);
}

/**
 * Says why each device with segments left could not go on: the next one missing, unreadable,
 * or waiting for another device's. A device whose ack says it published more than this one has
 * applied, with nothing of it listed, is waiting too (its files have not arrived). Reported from
 * the second round on (StuckList): a file on its way is normal.
 */
function noteWaiting(
  rc: RoundContext,
  queues: Map<string, Candidate[]>,
  blocked: Map<string, string>,
  vv: Record<string, number>,
  waitsFor: (header: SegmentHeader) => Dependency | undefined,
): void {
  const me = readDeviceId(rc.sqlite);
  const label = (device: string) => deviceLabel(device, rc.acks.get(device));
  const waiting = new Set<string>();
  for (const [device, queue] of queues) {
    const next = queue[0];
    if (!next) continue;
    waiting.add(device);
    const applied = vv[device] ?? 0;
    const path = blocked.get(device);
    if (path) {
      rc.stuck.add('waiting_unreadable', `${device}:${next.seq}`, { device: label(device), seq: next.seq, path }, { afterARound: true });
    } else if (next.seq > applied + 1) {
      rc.stuck.add('waiting_missing', `${device}:${applied + 1}`, { device: label(device), seq: applied + 1 }, { afterARound: true });
    } else {
      const on = next.read ? waitsFor(next.read.segment.header) : undefined;
      rc.stuck.add(
        'waiting_dependency',
        `${device}:${next.seq}`,
        { device: label(device), seq: next.seq, onDevice: label(on?.device ?? ''), onSeq: on?.seq ?? 0 },
        { afterARound: true },
      );
    }
  }
  for (const [device, ack] of rc.acks) {
    if (device === me || waiting.has(device)) continue;
    const published = ack.vv[device] ?? 0;
    const applied = vv[device] ?? 0;
    if (published > applied) rc.stuck.add('waiting_missing', `${device}:${applied + 1}`, { device: label(device), seq: applied + 1 }, { afterARound: true });
  }
}

/**
 * Quarantined files that are gone, or that no round will read again (covered by the snapshot
 * this device started from), leave the list. A file is never cleared for having a number at
 * or below what was applied: a fork of a cloned device has such a number and is still needed.
 */
function clearStaleQuarantine(rc: RoundContext, listing: Map<string, DeviceFile[]>, peers: Map<string, { snapshotSeq: number }>): void {
  const snapshots = new Set(rc.share.listSnapshots());
  for (const { path } of quarantine.all(rc.sqlite)) {
    const [dir, device = '', name] = path.split('/');
    let stale: boolean;
    if (dir === SNAPSHOTS_DIR) stale = !snapshots.has(device);
    else {
      const file = listing.get(device)?.find((f) => f.name === name);
      stale = !file || ('seq' in file && file.seq <= (peers.get(device)?.snapshotSeq ?? 0));
    }
    if (stale) quarantine.clear(rc.sqlite, path);
  }
}
