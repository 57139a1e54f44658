/**
 * Starting from a snapshot (snapshot.ts) instead of every segment: a new laptop, or one back after
 * segments it still needed were collected. One transaction, nothing this device holds lost.
 */
import { conflicts, peers as peerRows, quarantine, segments } from '../store/bookkeeping';
import { readDeviceId, writeMeta } from '../store/meta';
import { deferSearchIndex } from '../store/search-index';
import { setAsideIndexes } from '../store/synced-tables';
import { readOutbox } from './changes';
import { syncedTablesOf } from '../store/synced-tables';
import { orderCausally } from './causal';
import { BadFileError, decodeSegment, type Segment } from './segment';
import { DEVICES_DIR, SNAPSHOTS_DIR, type DeviceFile } from './share';
import { clockPastSnapshot, loadSnapshot, newestSnapshot, openSnapshot, readSnapshot, SNAPSHOT_TRIES, type SnapshotFile } from './snapshot';
import { applySegment, deviceLabel, quarantineFile, type RoundContext } from './round';

interface Held {
  device: string;
  name: string;
  segment: Segment;
}

/**
 * Starts from the newest snapshot when this device has never read the share (a new laptop), or
 * when segments it still needs were garbage-collected while it was away (a retired device coming
 * back). Returns whether it did.
 *
 * Nothing this device holds may be lost on the way, and nothing may be applied out of causal
 * order (the merge has no memory of replaced values, see merge.ts). So in one transaction: the
 * snapshot, then every segment this device had applied or published that the snapshot does not
 * cover (read back from the share, in causal order), then the local changes not yet published.
 * When any of those segments is missing or unreadable, the bootstrap waits for a later round,
 * and says so.
 */
export function bootstrapIfNeeded(rc: RoundContext, listing: Map<string, DeviceFile[]>): boolean {
  // A snapshot gone while it loads was replaced by a newer one (its writer keeps the newest, and
  // may have collected what the old one covered): chosen again, in this round.
  for (let attempt = 1; ; attempt++) {
    const done = bootstrapFromNewest(rc, listing);
    if (done !== 'vanished') return done;
    if (attempt === SNAPSHOT_TRIES) return false;
  }
}

function bootstrapFromNewest(rc: RoundContext, listing: Map<string, DeviceFile[]>): boolean | 'vanished' {
  const { sqlite, share } = rc;
  const peers = new Map(peerRows.all(sqlite).map((p) => [p.device, p]));
  const me = readDeviceId(sqlite);
  const newest = newestSnapshot(share, sqlite, (name, error) => quarantineFile(rc, `${SNAPSHOTS_DIR}/${name}`, error), { headersOnly: true });
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
  const beyond = heldBeyond(rc, newest.header.vv, listing);
  if (!Array.isArray(beyond)) {
    const { device, seq, path } = beyond;
    const params = { device: deviceLabel(device, rc.acks.get(device)), seq };
    if (path) rc.stuck.add('waiting_unreadable', `${device}:${seq}`, { ...params, path }, { afterARound: true });
    else rc.stuck.add('waiting_missing', `${device}:${seq}`, params, { afterARound: true });
    return false;
  }
  // Verified while it loads (openSnapshot): a file that turns out cut short or altered rolls the
  // load back and is quarantined; a later round starts from another snapshot, or from this one once whole.
  const snap: SnapshotFile = openSnapshot(share, newest.name, newest.header, rc.options.snapshotThread);
  if (fresh && Object.keys(snap.header.vv).every((d) => d === me)) return false;
  // Everything the load writes can be had again from the share, and the store as it was stays
  // whole until the load commits: it commits without waiting for the disk (a second of fsync at a
  // million rows), and so does the rest of the round. The round acknowledges nothing, and its
  // caller makes it durable (engine.ts, round; store/open.ts, settleWal). A power cut before that
  // leaves the store as it was before the load, to start from the snapshot again.
  const synchronous = sqlite.pragma('synchronous', { simple: true }) as number;
  sqlite.pragma('synchronous = NORMAL');
  try {
    load(rc, snap, beyond);
  } catch (error) {
    sqlite.pragma(`synchronous = ${synchronous}`);
    // Gone from the share between choosing it and reading it (its writer collected it once a newer
    // one was there): chosen again.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'vanished';
    // Any other failure of a file not verified yet (its lines not what they claim to be): verified
    // in a pass of its own to tell a bad file from a failure of ours, which is not swallowed.
    let bad = error instanceof BadFileError ? error : undefined;
    if (!bad && !newest.verified) {
      try {
        readSnapshot(share, newest.name);
      } catch (verifying) {
        if (verifying instanceof BadFileError) bad = verifying;
      }
    }
    if (!bad) throw error;
    quarantineFile(rc, `${SNAPSHOTS_DIR}/${newest.name}`, bad);
    return false;
  }
  return true;
}

/** The snapshot, then what this device holds beyond it, in one transaction (see bootstrapIfNeeded). */
function load(rc: RoundContext, snap: SnapshotFile, beyond: Held[]): void {
  const { sqlite } = rc;
  const me = readDeviceId(sqlite);
  sqlite
    .transaction(() => {
      const unpublished = readOutbox(sqlite);
      // Indexing a million rows for search row by row would keep a new laptop waiting for minutes:
      // the indexes are rebuilt in the background afterwards (search scans meanwhile).
      deferSearchIndex(sqlite);
      const tables = [...syncedTablesOf(sqlite).keys()];
      // Loading a million rows is much faster without triggers and secondary indexes to keep up:
      // they are set aside and made again afterwards, in this same transaction (DDL is
      // transactional in SQLite, so a crash leaves them as they were).
      const restore = setAsideIndexes(sqlite, tables, { empty: true });
      conflicts.clearAll(sqlite);
      loadSnapshot(sqlite, snap);
      restore();
      peerRows.reset(sqlite, snap.header.vv, me, rc.now());
      segments.forgetAllBut(sqlite, me);
      for (const { device, name, segment } of beyond) applySegment(rc, device, name, segment);
      rc.applier.apply(unpublished);
      clockPastSnapshot(sqlite, snap.header, tables, rc.now);
      // Read whole and verified by the load: its header is known from now on (snapshot.ts, newestSnapshot).
      writeMeta(sqlite, `snapshot:${snap.name}`, snap.header);
    })
    .immediate();
}

/**
 * The segments this device applied or published that a snapshot covering `vv` lacks, read from
 * the share and put in causal order; or the first one that is missing or unreadable (then the
 * bootstrap waits). The set is closed under dependencies: this device only ever applied a
 * segment after its dependencies, and the snapshot's writer did the same.
 */
function heldBeyond(rc: RoundContext, vv: Record<string, number>, listing: Map<string, DeviceFile[]>): Held[] | { device: string; seq: number; path?: string } {
  const queues = new Map<string, Held[]>();
  const seen = new Set<string>();
  for (const { device, name, seq, hash } of segments.all(rc.sqlite)) {
    // The same bytes under two names (a folder tool's copy) were applied once.
    if (seq <= (vv[device] ?? 0) || seen.has(`${device}\u0000${hash}`)) continue;
    seen.add(`${device}\u0000${hash}`);
    if (!(listing.get(device) ?? []).some((f) => f.name === name)) return { device, seq };
    const path = `${DEVICES_DIR}/${device}/${name}`;
    let segment: Segment;
    try {
      segment = decodeSegment(rc.share.read(DEVICES_DIR, device, name), rc.share.keys);
    } catch (error) {
      quarantineFile(rc, path, error);
      return { device, seq, path };
    }
    quarantine.clear(rc.sqlite, path);
    let queue = queues.get(device);
    if (!queue) queues.set(device, (queue = []));
    queue.push({ device, name, segment });
  }
  const { ordered, stalled } = orderCausally(
    queues.values(),
    vv,
    (item) => item.segment.header,
    (item) => item.segment.hash,
  );
  return stalled ? { device: stalled.device, seq: stalled.segment.header.seq } : ordered;
}
