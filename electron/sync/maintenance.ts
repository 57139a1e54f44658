/**
 * Keeping the share and the stores bounded: snapshots, retirement of silent devices, two-phase
 * garbage collection of segments a snapshot covers, and emptying the bin for good (purge.ts).
 * Every rule needs the acknowledgement files (devices/<id>/ack.json) of every active device, so
 * nothing a device has not applied is ever taken away from it.
 */
import { contentBytes } from './seal';
import type Database from 'better-sqlite3';
import { DAY_MS } from '../../shared/sync';
import { outbox, peers, published, segments } from '../store/bookkeeping';
import { readDeviceId } from '../store/meta';
import { ChangeLog } from './changes';
import { deleteMeta, readMeta, writeMeta } from '../store/meta';
import { emptyBin } from './purge';
import { cachedSnapshotHeaders, dominates, newestSnapshot, writeSnapshot, type SnapshotHeader } from './snapshot';
import { ACK_FILE, DEVICES_DIR, SNAPSHOTS_DIR, Share, type ShareFormat } from './share';

export interface Ack {
  device: string;
  appVersion: string;
  wall: number;
  vv: Record<string, number>;
  /**
   * Every change this device wrote with a clock up to here is published (in its segments up to
   * vv[device]), and every change it writes from now on carries a later clock. Missing while its
   * outbox was never empty at an acknowledgement.
   */
  stable?: number;
  /** The share format this device read: lets a device recreate a lost format file exactly (engine.ts, checkFormat). */
  format?: ShareFormat;
  /** Ids this device wrote as before it found a clone of itself and took a new one. */
  succeeds?: string[];
  /** Share paths of segments this device could not read: their writers publish them again. */
  damaged?: string[];
  /** The computer's name, so others can say whose files they wait for. */
  host?: string;
}

export interface MaintenancePolicy {
  /** A device with no sign of life for this long is retired: it no longer holds back GC. */
  retireAfterDays: number;
  /** Write a snapshot once this many segments were applied beyond the newest one. */
  snapshotEverySegments: number;
  /** Between marking segments for collection and deleting them (lets late readers finish). */
  gcGraceMs: number;
}

export const DEFAULT_POLICY: MaintenancePolicy = {
  retireAfterDays: 30,
  snapshotEverySegments: 500,
  gcGraceMs: 60 * 60 * 1000,
};

export function readAcks(share: Share): Map<string, Ack> {
  const acks = new Map<string, Ack>();
  for (const device of share.listDevices()) {
    try {
      // Sealed on an encrypted share (it names the computer and what it holds); one in clear there is not trusted.
      const ack = JSON.parse(contentBytes(share.keys, share.read(DEVICES_DIR, device, ACK_FILE)).toString('utf8')) as Ack;
      if (ack.device === device && ack.vv && typeof ack.wall === 'number') acks.set(device, ack);
    } catch {
      /* no ack yet, or one still being delivered: that device simply has not acknowledged */
    }
  }
  return acks;
}

/** Devices that count for GC and purge: heard from (ack or segment) within the retirement window. */
export function activeDevices(
  sqlite: Database.Database,
  acks: Map<string, Ack>,
  now: number,
  policy: MaintenancePolicy,
  removed: readonly string[] = [],
): Set<string> {
  const me = readDeviceId(sqlite);
  const lastSign = new Map<string, number>();
  for (const [device, ack] of acks) lastSign.set(device, ack.wall);
  const retired = new Map<string, boolean>();
  for (const peer of peers.all(sqlite)) {
    lastSign.set(peer.device, Math.max(lastSign.get(peer.device) ?? 0, peer.lastWall ?? 0));
    retired.set(peer.device, peer.retired);
  }
  const active = new Set<string>([me]);
  const succeeded = succeededIds(acks);
  for (const [device, wall] of lastSign) {
    if (device === me) continue;
    // A device removed from the workspace (workspace.ts) writes nothing more: retired at once.
    const isActive = now - wall < policy.retireAfterDays * DAY_MS && !succeeded.has(device) && !removed.includes(device);
    // Written only when it changes: an idle round over hundreds of devices writes nothing.
    if (retired.has(device) && retired.get(device) !== !isActive) peers.setRetired(sqlite, device, !isActive);
    if (isActive) active.add(device);
  }
  return active;
}

/**
 * Ids nobody writes as any more: a cloned laptop whose copies both took new ids. Such an id is
 * retired as soon as at least two devices say they succeed it (one copy alone may have left while
 * the other kept the id) and each of them holds everything its last ack acknowledged, instead of
 * holding back clean-up and the bin for the retirement period. Should a copy still write as it
 * after all, it is treated like any retired device coming back (it starts again from a snapshot).
 */
export function succeededIds(acks: Map<string, Ack>): Set<string> {
  const successors = new Map<string, Ack[]>();
  for (const ack of acks.values()) for (const old of ack.succeeds ?? []) successors.set(old, [...(successors.get(old) ?? []), ack]);
  const done = new Set<string>();
  for (const [old, list] of successors) {
    const last = acks.get(old);
    if (list.length >= 2 && (!last || list.every((s) => dominates(s.vv, last.vv)))) done.add(old);
  }
  return done;
}

export interface MaintenanceReport {
  snapshotWritten?: string;
  segmentsCollected: number;
  retired: string[];
  /** Records emptied from the bin for good in this round. */
  purged: number;
}

export function maintain(
  sqlite: Database.Database,
  share: Share,
  ctx: {
    now: number;
    vv: Record<string, number>;
    acks: Map<string, Ack>;
    schema: number;
    appVersion: string;
    forceSnapshot?: boolean;
    reseal?: boolean;
    /** Devices removed from the workspace of an encrypted share: they hold back neither clean-up nor purges. */
    removed?: readonly string[];
    policy?: MaintenancePolicy;
  },
): MaintenanceReport {
  const policy = ctx.policy ?? DEFAULT_POLICY;
  const me = readDeviceId(sqlite);
  const report: MaintenanceReport = { segmentsCollected: 0, retired: [], purged: 0 };
  const acks = ctx.acks;
  const active = sqlite.transaction(() => activeDevices(sqlite, acks, ctx.now, policy, ctx.removed)).immediate();
  report.retired = peers
    .all(sqlite)
    .filter((p) => p.retired)
    .map((p) => p.device);
  // A device whose folder is there but whose ack is not (yet) has acknowledged nothing: it holds GC back.
  for (const device of share.listDevices()) if (!acks.has(device) && !report.retired.includes(device)) active.add(device);

  // Snapshot: only from a state that is fully published, so the snapshot is exactly its vector.
  // Written inside a read transaction: a consistent state without holding the write lock, so the
  // app's own edits go on while a large snapshot is written.
  let newest = newestSnapshot(share, sqlite, () => undefined);
  const behind = cover(ctx.vv) - (newest ? cover(newest.header.vv) : 0);
  // reseal: the share was upgraded or its key rotated: the snapshot is written again under the newest key.
  const reseal = ctx.reseal === true && cover(ctx.vv) > 0;
  if ((behind > 0 && (ctx.forceSnapshot || behind >= policy.snapshotEverySegments)) || reseal) {
    const written = sqlite
      .transaction(() => {
        return outbox.isEmpty(sqlite)
          ? writeSnapshot(sqlite, share, { schema: ctx.schema, appVersion: ctx.appVersion, device: me, wall: ctx.now, vv: ctx.vv })
          : undefined;
      })
      .deferred();
    if (written) {
      report.snapshotWritten = written;
      newest = newestSnapshot(share, sqlite, () => undefined);
    }
  }
  sqlite.transaction(() => collect(sqlite, share, { ...ctx, policy, me, acks, active, newest, report })).immediate();
  report.purged = emptyBin(sqlite, new ChangeLog(sqlite, () => ctx.now), { now: ctx.now, vv: ctx.vv, me, acks, active });
  return report;
}

const cover = (vv: Record<string, number>) => Object.values(vv).reduce((a, b) => a + b, 0);

/** Garbage collection of our own segments and snapshots. */
function collect(
  sqlite: Database.Database,
  share: Share,
  ctx: {
    now: number;
    vv: Record<string, number>;
    policy: MaintenancePolicy;
    me: string;
    acks: Map<string, Ack>;
    active: Set<string>;
    newest: { name: string; header: SnapshotHeader } | null;
    report: MaintenanceReport;
  },
): void {
  const { policy, me, acks, active, newest, report } = ctx;
  // Stale temporary files of ours (a publish cut short by a crash) go after an hour.
  for (const name of share.listTemporary(DEVICES_DIR, me)) {
    if (name.startsWith('.tmp-') && ctx.now - share.modifiedAt(DEVICES_DIR, me, name) > 60 * 60 * 1000) share.remove(DEVICES_DIR, me, name);
  }
  for (const name of share.listTemporary(SNAPSHOTS_DIR)) {
    if (name.startsWith('.tmp-') && name.endsWith(`-snapshot-${me}`) && ctx.now - share.modifiedAt(SNAPSHOTS_DIR, name) > 60 * 60 * 1000) {
      share.remove(SNAPSHOTS_DIR, name);
    }
  }

  // Everyone active has applied at least `floor[d]` of device d.
  const floor = (device: string): number => Math.min(...[...active].map((d) => (d === me ? (ctx.vv[device] ?? 0) : (acks.get(d)?.vv[device] ?? 0))));

  // Two-phase GC of our own segments (one writer per path: only we delete in our folder). A device
  // that knows no other never collects: a second laptop may be about to appear, and its first
  // read needs those segments (or a snapshot it can start from without losing its own).
  if (newest && active.size > 1) {
    const upTo = Math.min(newest.header.vv[me] ?? 0, floor(me));
    const marked = readMeta<{ upTo: number; at: number; snapshot: string }>(sqlite, 'gcIntent');
    if (marked && ctx.now - marked.at >= policy.gcGraceMs && share.listSnapshots().includes(marked.snapshot)) {
      // Only what we wrote: a clone's fork that arrived since this round looked for strangers is not ours to delete.
      const ours = segments.namesOf(sqlite, me);
      for (const file of share.listDeviceFiles(me)) {
        const writerName = file.kind === 'copy' ? file.of : file.name;
        if ((file.kind === 'segment' || file.kind === 'copy') && file.seq <= marked.upTo && ours.has(writerName)) {
          share.remove(DEVICES_DIR, me, file.name);
          report.segmentsCollected++;
        }
      }
      published.forgetUpTo(sqlite, me, marked.upTo);
      deleteMeta(sqlite, 'gcIntent');
    } else if (!marked && upTo > 0 && share.listDeviceFiles(me).some((f) => f.kind === 'segment' && f.seq <= upTo)) {
      writeMeta(sqlite, 'gcIntent', { upTo, at: ctx.now, snapshot: newest.name });
    }
    // Our own older snapshots go once a newer one exists (headers come from the verified cache).
    for (const [name, header] of cachedSnapshotHeaders(sqlite)) {
      if (name !== newest.name && header.device === me && dominates(newest.header.vv, header.vv)) share.remove(SNAPSHOTS_DIR, name);
    }
  }
}
