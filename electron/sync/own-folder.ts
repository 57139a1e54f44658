/**
 * This device as a writer, in its own folder on the share (one writer per path): publishing the
 * outbox as the next segment, noticing another machine writing with our id (a clone), and
 * publishing again a segment of ours that is damaged on the share.
 */
import { newDeviceId } from '../store/ids';
import { outbox, peers, published as publishedBytes, quarantine, segments } from '../store/bookkeeping';
import { deleteMeta, readMeta, setDeviceId, writeMeta } from '../store/meta';
import { readOutbox } from './changes';
import { readDeviceId } from '../store/meta';
import { shortHash } from './causal';
import { decodeSegment, encodeSegment, type Segment } from './segment';
import { DEVICES_DIR, newNonce, segmentName } from './share';
import { publishedMark, versionVector, type Published, type RoundContext } from './round';

/** Segments of an id we left that carry changes this store holds unpublished: applied before we publish again. */
interface Awaited {
  device: string;
  seq: number;
  hash: string;
}

const AWAITED = 'awaitBeforePublish';

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

const intentOf = (rc: RoundContext): PublishIntent | null => readMeta<PublishIntent>(rc.sqlite, 'publishIntent') ?? null;

/**
 * Looks at our own folder for segments we have no record of publishing (nor intend to publish:
 * see publish()). Such a file means another machine writes with our id (a restored backup, a
 * cloned disk): we take a new id so the two stop writing into one folder; both sides' segments
 * stay and are applied. Returns the id we left, if we did.
 */
export function reconcileOwnFolder(rc: RoundContext): string | undefined {
  const { sqlite, share } = rc;
  const device = readDeviceId(sqlite);
  const mine = segments.namesOf(sqlite, device);
  const intended = intentOf(rc)?.name;
  const files = share.listDeviceFiles(device);
  // A folder tool's copy of one of our own segments (it saw the file written twice: a republish)
  // holds nothing new when it is the same bytes or cannot be read: only we may clear it here.
  for (const copy of files) {
    if (copy.kind !== 'copy' || !mine.has(copy.of)) continue;
    let same = false;
    try {
      const bytes = share.read(DEVICES_DIR, device, copy.name);
      // Our bytes, or (when they differ: sealed since, or cut short) the same segment when read.
      same =
        publishedBytes.bytesOf(sqlite, device, copy.of)?.equals(bytes) || decodeSegment(bytes, share.keys).hash === segments.hashOf(sqlite, device, copy.of);
    } catch {
      same = true; // cut short or damaged
    }
    if (same) share.remove(DEVICES_DIR, device, copy.name);
  }
  const strangers = files.filter((f) => f.kind === 'segment' && !mine.has(f.name) && f.name !== intended);
  // Only a readable file proves a clone; one still arriving is looked at again next round.
  const proofs = strangers.flatMap((file): Segment[] => {
    try {
      const segment = decodeSegment(share.read(DEVICES_DIR, device, file.name), share.keys);
      return segment.header.device === device ? [segment] : [];
    } catch {
      return [];
    }
  });
  if (proofs.length === 0) return undefined;
  // A publish of ours cut short (its file may be on the share, complete or not, and read by
  // others already): finished first, under the id it was begun with, as any other round would.
  // Dropped instead, its file would be a segment of the old id that nobody can mend, and its
  // changes would be published twice.
  const intent = intentOf(rc);
  if (intent && intent.device === device) writeIntended(rc, intent);
  const fresh = newDeviceId();
  const publishedSeq = publishedMark(sqlite).seq;
  sqlite
    .transaction(() => {
      setDeviceId(sqlite, fresh);
      deleteMeta(sqlite, 'published', 'publishIntent');
      // Changes both copies held unpublished when the disk was copied (a backup restored after the
      // laptop went on syncing): the other copy has published them under the old id. Published
      // again from here they would reach others after what replaced them, and come back as
      // conflicts (the merge has no memory of replaced values). So they stay in the outbox until
      // those segments are applied here, which drops them there (round.ts, applySegment), and
      // nothing is published under the new id before: its next segment then depends on them, and
      // every reader applies them before the changes of ours that replaced them.
      const awaited = [...(readMeta<Awaited[]>(sqlite, AWAITED) ?? []), ...proofs.map((p) => ({ device, seq: p.header.seq, hash: p.hash }))];
      writeMeta(sqlite, AWAITED, awaited);
      // Said in our ack from now on: once every copy that left the old id holds what it
      // acknowledged, the old id stops holding back clean-up (maintenance.ts, activeDevices).
      writeMeta(sqlite, 'succeeds', [...new Set([...(readMeta<string[]>(sqlite, 'succeeds') ?? []), device])]);
      // The old id becomes a peer: what we published under it is known here (sync_segments), and
      // the clone's files there, forks included, are read like any other device's.
      peers.atLeast(sqlite, device, publishedSeq);
    })
    .immediate();
  return device;
}

/**
 * Publishes the outbox as the next segment. The segment's name and header are recorded before
 * the file is written, so a publish cut short at any point (before the rename, after it, or
 * with the file missing from a listing for a while) is finished next round under the same name
 * with the same bytes: never two different segments with one number from one device.
 */
export function publish(rc: RoundContext): number {
  const { sqlite } = rc;
  const device = readDeviceId(sqlite);
  let count = 0;
  const pending = intentOf(rc);
  if (pending && pending.device === device) count += writeIntended(rc, pending);
  else if (pending) deleteMeta(sqlite, 'publishIntent'); // made under an id we left
  const outboxMax = outbox.lastSeq(sqlite);
  if (outboxMax === null) return count;
  const awaited = readMeta<Awaited[]>(sqlite, AWAITED);
  if (awaited) {
    // Published after a segment of the other copy of a cloned laptop is applied here (reconcileOwnFolder).
    // (A snapshot this device started from since may cover one: known by number only then.)
    const covered = new Map(peers.all(sqlite).map((p) => [p.device, p.snapshotSeq]));
    if (awaited.some((a) => !segments.hashesAt(sqlite, a.device, a.seq).includes(a.hash) && (covered.get(a.device) ?? 0) < a.seq)) return count;
    deleteMeta(sqlite, AWAITED);
  }
  const last = publishedMark(sqlite);
  const seq = last.seq + 1;
  const deps = versionVector(sqlite);
  const intent: PublishIntent = { device, seq, name: segmentName(seq, newNonce()), prev: last.hash, wall: rc.now(), deps, outboxMax };
  // Which segments those numbers are: a number could name two (both copies of a cloned laptop
  // wrote it), and neither this writer nor its readers can tell in advance. 16 hex digits of
  // each hash tell forks of one device apart and keep the header small with many devices.
  const depHashes: Record<string, string[]> = {};
  for (const [d, at] of Object.entries(deps)) {
    if (d === device) continue;
    const list = [...new Set(segments.hashesAt(sqlite, d, at).map(shortHash))].sort();
    if (list.length > 0) depHashes[d] = list;
  }
  if (Object.keys(depHashes).length > 0) intent.depHashes = depHashes;
  writeMeta(sqlite, 'publishIntent', intent);
  return count + writeIntended(rc, intent);
}

function writeIntended(rc: RoundContext, intent: PublishIntent): number {
  const { sqlite, share, options } = rc;
  const records = readOutbox(sqlite, intent.outboxMax);
  const { device, seq, prev, wall, deps, depHashes, outboxMax } = intent;
  const { bytes, hash } = encodeSegment(
    { schema: options.schemaVersion, appVersion: options.appVersion, device, seq, prev, wall, deps, ...(depHashes ? { depHashes } : {}), outboxMax },
    records,
    share.keys,
  );
  // Already there when the crash came after the rename: the same bytes, nothing to write again.
  if (!share.exists(DEVICES_DIR, device, intent.name)) share.publish(bytes, DEVICES_DIR, device, intent.name);
  sqlite
    .transaction(() => {
      outbox.removeUpTo(sqlite, outboxMax);
      writeMeta(sqlite, 'published', { seq, hash } satisfies Published);
      segments.record(sqlite, { device, name: intent.name, seq, hash });
      // Kept until the segment is collected: the outbox rows are gone, and a damaged copy on the share is mended with these bytes.
      publishedBytes.record(sqlite, device, intent.name, seq, bytes);
      deleteMeta(sqlite, 'publishIntent');
    })
    .immediate();
  return records.length;
}

/**
 * Heals what only the writer can (brief SYNC.md point 15): a segment of ours, under our id or
 * one we left, that another device found damaged on the share (its ack names it) or that we
 * could not read back ourselves. The same bytes are published again under the same name, so
 * every reader verifies them as the segment its chain expects. When the share's file is intact
 * (the damage was in a reader's folder-tool copy), writing it again gives the tools a new
 * version to deliver; that is done once per report, not on every round.
 */
export function republishDamaged(rc: RoundContext): number {
  const { sqlite, share } = rc;
  const me = readDeviceId(sqlite);
  const reports = new Map<string, number>();
  for (const [device, ack] of rc.acks) {
    if (device === me) continue;
    for (const path of ack.damaged ?? []) reports.set(path, Math.max(reports.get(path) ?? 0, ack.wall));
  }
  for (const q of quarantine.all(sqlite)) reports.set(q.path, reports.get(q.path) ?? 0);
  // Our own files cut short where nobody has read them yet (readers that applied them never will):
  // a size check is cheap; other damage is reported by the first reader that meets it.
  for (const { device, name, size } of publishedBytes.sizes(sqlite)) {
    const found = share.sizeOf(DEVICES_DIR, device, name);
    const path = `${DEVICES_DIR}/${device}/${name}`;
    if (found !== null && found !== size) reports.set(path, reports.get(path) ?? 0);
  }
  const handled = readMeta<Record<string, number>>(sqlite, 'republished') ?? {};
  if (reports.size === 0 && Object.keys(handled).length === 0) return 0;
  const still: Record<string, number> = {};
  let count = 0;
  for (const [path, reportedAt] of reports) {
    const [dir, device, name] = path.split('/');
    if (dir !== DEVICES_DIR || !device || !name) continue;
    const bytes = publishedBytes.bytesOf(sqlite, device, name);
    if (!bytes) continue;
    still[path] = reportedAt;
    let state: 'intact' | 'damaged' | 'other' = 'damaged';
    try {
      const there = share.read(DEVICES_DIR, device, name);
      if (there.equals(bytes)) state = 'intact';
      // A valid segment with other bytes: the other copy of a cloned laptop, upgraded between its
      // two writes of one name. Not ours to overwrite.
      else if (decodeSegment(there, share.keys)) state = 'other';
    } catch {
      /* missing, cut short or damaged: written again below */
    }
    if (state === 'other' || (state === 'intact' && handled[path] !== undefined && handled[path] >= reportedAt)) continue;
    share.publish(bytes, DEVICES_DIR, device, name);
    count++;
  }
  if (JSON.stringify(still) !== JSON.stringify(handled)) writeMeta(sqlite, 'republished', still);
  return count;
}
