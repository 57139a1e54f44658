/**
 * What the parts of one sync round share (engine.ts runs them in order): the store, the share,
 * the options, the acks read at the start, and what the round found so far. And the few steps
 * every part takes: applying a segment, quarantining a file, this device's version vector.
 */
import type Database from 'better-sqlite3';
import { outbox, peers, published, quarantine, segments } from '../store/bookkeeping';
import { readMeta } from '../store/meta';
import type { ChangeApplier, ReplacedLookup } from './apply';
import { readClockState, writeClockState } from './changes';
import { readDeviceId } from '../store/meta';
import { HybridClock, deviceOf } from './hlc';
import type { Ack, MaintenancePolicy } from './maintenance';
import { BadFileError, decodeSegment, type ChangeRecord, type Segment } from './segment';
import { DEVICES_DIR, type Share } from './share';
import type { StuckList } from './stuck';

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
  /**
   * The file of the thread that reads a snapshot while the round stores it (snapshot-thread.ts,
   * bundled as out/electron/snapshot-worker.cjs). Absent: the round reads it on its own thread.
   */
  snapshotThread?: string;
}

export interface RoundContext {
  sqlite: Database.Database;
  share: Share;
  options: SyncOptions;
  now: () => number;
  applier: ChangeApplier;
  /** Every device's ack.json, read once at the start of the round. */
  acks: Map<string, Ack>;
  stuck: StuckList;
  /** Share paths of other devices' segments found damaged this round: named in our ack so their writers republish them. */
  damaged: Set<string>;
}

/** What this device published last: the number and hash the next segment follows. */
export interface Published {
  seq: number;
  hash: string | null;
}

export const publishedMark = (sqlite: Database.Database): Published => readMeta<Published>(sqlite, 'published') ?? { seq: 0, hash: null };

/** What this device has: every peer's applied sequence, and its own published one. */
export function versionVector(sqlite: Database.Database): Record<string, number> {
  const vv: Record<string, number> = {};
  for (const peer of peers.all(sqlite)) if (peer.appliedSeq > 0) vv[peer.device] = peer.appliedSeq;
  const own = publishedMark(sqlite).seq;
  if (own > 0) vv[readDeviceId(sqlite)] = own;
  return vv;
}

export function quarantineFile(rc: RoundContext, path: string, error: unknown): void {
  const reason = error instanceof BadFileError ? `${error.reason}: ${error.message}` : `unreadable: ${(error as Error).message}`;
  quarantine.add(rc.sqlite, path, reason, rc.now());
}

/**
 * The records of a fork that its sibling (the other segment with this number from a cloned
 * device) carried too: both copies published what they held unpublished when the disk was copied.
 * Applied once already, and maybe replaced since, so applied again they would come back as
 * conflicts on this device only (the merge has no memory of replaced values): they are skipped.
 */
function withoutSiblingRecords(rc: RoundContext, device: string, segment: Segment): ChangeRecord[] {
  const siblings = segments.siblings(rc.sqlite, device, segment.header.seq, segment.hash);
  if (siblings.length === 0) return segment.records;
  const key = (r: ChangeRecord) => JSON.stringify(r.slice(0, 5));
  const seen = new Set<string>();
  for (const name of siblings) {
    try {
      for (const record of decodeSegment(rc.share.read(DEVICES_DIR, device, name), rc.share.keys).records) seen.add(key(record));
    } catch {
      /* collected or unreadable: nothing to compare with */
    }
  }
  return segment.records.filter((r) => !seen.has(key(r)));
}

/**
 * Under an id this device left (a cloned laptop, own-folder.ts), the other copy publishes changes
 * this store made itself and still holds unpublished (both copies held them when the disk was
 * copied): the same change, same clock and value. They are in this store already, maybe replaced
 * since by later edits here; applied again they would come back as conflicts (the merge has no
 * memory of replaced values). So they are skipped, and leave our outbox: published from there.
 */
function withoutHeldRecords(rc: RoundContext, device: string, segment: Segment): Segment {
  if (!readMeta<string[]>(rc.sqlite, 'succeeds')?.includes(device)) return segment;
  const records = segment.records.filter(([table, row, field, value, clock]) => !outbox.drop(rc.sqlite, table, row, field, clock, JSON.stringify(value)));
  return records.length === segment.records.length ? segment : { ...segment, records };
}

/**
 * Ids written by two machines at once (a cloned laptop, before either copy noticed): ids with
 * forks (two segments with one number), and ids a device says it left. Only their changes can
 * share a clock with another value. Kept for the round; a fork met while applying is added.
 */
interface Forks {
  ids: Set<string>;
  /** `table\0row\0field\0clock` of every clock of a forked id that a change known here replaced; built when first needed. */
  replaced?: Set<string>;
  /** How many applied segments `replaced` was built from. */
  builtFrom: number;
}

const forksOf = new WeakMap<RoundContext, Forks>();

function forks(rc: RoundContext): Forks {
  let known = forksOf.get(rc);
  if (!known) {
    const ids = new Set(segments.forkedDevices(rc.sqlite));
    for (const id of readMeta<string[]>(rc.sqlite, 'succeeds') ?? []) ids.add(id);
    for (const ack of rc.acks.values()) for (const id of ack.succeeds ?? []) ids.add(id);
    forksOf.set(rc, (known = { ids, builtFrom: -1 }));
  }
  return known;
}

/**
 * For a segment of a forked id (or when any id is forked): whether a change known here replaced a
 * value with a given clock. Two copies of a cloned laptop may have written one field with one clock
 * and two values, and a change made after one of them replaces that clock: both values, wherever
 * the other arrives later (mergeReplacedField). What replaced it is found in the segments applied
 * or published here (read back from the share, or our kept bytes) and the outbox; only asked about
 * a change that is not a head, with a forked id's clock: rare, so read only then.
 */
function replacedLookup(rc: RoundContext, device: string, segment: Segment): ReplacedLookup | undefined {
  const known = forks(rc);
  if (segments.siblings(rc.sqlite, device, segment.header.seq, segment.hash).length > 0) known.ids.add(device);
  if (known.ids.size === 0) return undefined;
  return (table, row, field, clock) => {
    if (!known.ids.has(deviceOf(clock))) return false;
    const applied = segments.all(rc.sqlite);
    if (!known.replaced || known.builtFrom !== applied.length) {
      const replaced = new Set<string>();
      const note = (t: string, r: string, f: string, supersedes: readonly string[]) => {
        for (const c of supersedes) if (known.ids.has(deviceOf(c))) replaced.add(`${t}\u0000${r}\u0000${f}\u0000${c}`);
      };
      for (const { device: d, name } of applied) {
        let bytes = published.bytesOf(rc.sqlite, d, name);
        try {
          bytes ??= rc.share.read(DEVICES_DIR, d, name);
          for (const [t, r, f, , , supersedes] of decodeSegment(bytes, rc.share.keys).records) note(t, r, f, supersedes);
        } catch {
          /* collected or unreadable: what it replaced is known by what it left here */
        }
      }
      for (const c of outbox.upTo(rc.sqlite, Number.MAX_SAFE_INTEGER)) note(c.tbl, c.row_id, c.field, JSON.parse(c.supersedes) as string[]);
      known.replaced = replaced;
      known.builtFrom = applied.length;
    }
    return known.replaced.has(`${table}\u0000${row}\u0000${field}\u0000${clock}`);
  };
}

/** Applies a segment, advances the version vector and the clock, in one transaction. */
export function applySegment(rc: RoundContext, device: string, name: string, segment: Segment) {
  const apply = () => {
    const stats = rc.applier.apply(withoutSiblingRecords(rc, device, withoutHeldRecords(rc, device, segment)), replacedLookup(rc, device, segment));
    let newest = '';
    for (const record of segment.records) if (record[4] > newest) newest = record[4];
    if (newest) {
      const clock = new HybridClock(readDeviceId(rc.sqlite), readClockState(rc.sqlite), rc.now);
      clock.observe(newest);
      writeClockState(rc.sqlite, clock.current);
    }
    // Our own segments come here only when a bootstrap reads them back: what we published is
    // counted by `published`, not as a peer.
    if (device !== readDeviceId(rc.sqlite)) peers.applied(rc.sqlite, device, segment.header.seq, segment.hash, segment.header.wall, rc.now());
    segments.record(rc.sqlite, { device, name, seq: segment.header.seq, hash: segment.hash });
    quarantine.clear(rc.sqlite, `${DEVICES_DIR}/${device}/${name}`);
    return stats;
  };
  // Within a transaction the caller opened (a batch of segments in pull.ts, a bootstrap), that
  // transaction is the unit: a failure rolls all of it back. A savepoint per segment would copy
  // every page the segment changes to a side journal first, for nothing.
  return rc.sqlite.inTransaction ? apply() : rc.sqlite.transaction(apply).immediate();
}

/** How a device is named to the user: its computer's name from its ack, and the start of its id. */
export function deviceLabel(device: string, ack: Ack | undefined): string {
  const id = device.slice(0, 8);
  return ack?.host ? `${ack.host} (${id})` : id;
}
