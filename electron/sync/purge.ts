/**
 * Emptying the bin for good (brief SYNC.md point 7: a tombstone is purged only when every active
 * device has acknowledged it). Deleting is a tombstone, restorable from the bin; a purge removes the
 * record itself, and it is a synced change that every device applies alike (changes.ts PURGE).
 *
 * What makes it safe, not just tidy:
 * - A record in the bin can be restored or edited for BIN_RETENTION_DAYS after its last change.
 *   After that, ChangeLog refuses any change to it, judged by the clock the change would carry.
 * - Phase 1 (here, at most once a day): the records past that date that nothing outside the bin
 *   still names are noted with this device's version vector.
 * - Phase 2: the purge is written only once every active device's acknowledgement shows (a) it
 *   has applied everything this device had at phase 1, tombstones included, and (b) its clock had
 *   passed the expiry with nothing left unpublished (`stable` in ack.json), and this device has
 *   applied everything that acknowledgement says it published. From then on no active device can
 *   write a change to those records that this device has not already seen: any change it still
 *   could write would carry a clock past the expiry, which ChangeLog refuses.
 * - A device retired for silence (or one whose folder has not reached this device) is not
 *   counted. If it comes back with a change for a purged record, the change is kept in
 *   sync_orphans (apply.ts), never applied to a record that is gone and never silently dropped.
 *
 * A record's parts (references with `part` in schema.ts: a person's history and private notes, an
 * account's level history) are purged with it.
 */
import type Database from 'better-sqlite3';
import { deleteMeta, readMeta, writeMeta } from '../store/meta';
import { tableReferences as references } from '../../shared/kinds';
import { outbox } from '../store/bookkeeping';
import { binnedRows, namedBy, rowOf, rowsNaming, syncedTablesOf } from '../store/synced-tables';
import { DAY_MS, binExpiresAfter } from '../../shared/sync';
import { ChangeLog, newestClock, type FieldClocks } from './changes';
import { wallOf } from './hlc';
import type { Ack } from './maintenance';
import { dominates } from './snapshot';

const CANDIDATES = 'binCandidates';
const CHECKED_AT = 'binCheckedAt';
/** Records noted per phase 1: a bounded batch; the rest follow on later days. */
const BATCH = 2000;

/** A record (first) and its parts, each with its newest clock at phase 1. */
type Entry = [table: string, id: string, newest: string];
interface Candidates {
  vv: Record<string, number>;
  expiry: number;
  groups: Entry[][];
}

export interface BinContext {
  now: number;
  vv: Record<string, number>;
  me: string;
  acks: Map<string, Ack>;
  active: Set<string>;
}

/** Runs the phase that is due; returns how many records (parts included) were purged. */
export function emptyBin(sqlite: Database.Database, changes: ChangeLog, ctx: BinContext): number {
  // Like garbage collection: a device that knows no other waits (a second laptop may be about to appear).
  if (ctx.active.size <= 1) return 0;
  const noted = readMeta<Candidates>(sqlite, CANDIDATES);
  if (!noted) {
    const checkedAt = readMeta<number>(sqlite, CHECKED_AT) ?? 0;
    if (ctx.now - checkedAt < DAY_MS) return 0;
    const candidates = findExpired(sqlite, ctx.now);
    sqlite.transaction(() => {
      writeMeta(sqlite, CHECKED_AT, ctx.now);
      if (candidates.groups.length > 0) writeMeta(sqlite, CANDIDATES, { ...candidates, vv: ctx.vv });
    })();
    return 0;
  }
  for (const device of ctx.active) {
    if (device === ctx.me) continue;
    const ack = ctx.acks.get(device);
    if (!ack || !dominates(ack.vv, noted.vv) || (ack.stable ?? 0) <= noted.expiry || (ctx.vv[device] ?? 0) < (ack.vv[device] ?? 0)) return 0;
  }
  let purged = 0;
  sqlite
    .transaction(() => {
      // Named by a row outside the bin since phase 1 (a change that came in from another laptop).
      const named = namedOutsideBin(
        sqlite,
        noted.groups.map((g) => g[0]!),
      );
      for (const group of noted.groups) {
        // Restored, edited or already purged since phase 1: left alone (a later phase 1 looks again).
        if (!group.every(([table, id, newest], i) => unchanged(sqlite, table, id, newest, i === 0))) continue;
        if (named.has(`${group[0]![0]}\u0000${group[0]![1]}`)) continue;
        // Parts first: a device that meets the purge then still has the record, and knows whether it was restored there.
        for (const [table, id] of [...group].reverse()) changes.purge(table, id);
        purged += group.length;
      }
      deleteMeta(sqlite, CANDIDATES);
    })
    .immediate();
  return purged;
}

/** Records in the bin past the retention period whose parts are quiet too, and that nothing live names. */
function findExpired(sqlite: Database.Database, now: number): Omit<Candidates, 'vv'> {
  const tables = syncedTablesOf(sqlite);
  const groups: Entry[][] = [];
  let expiry = 0;
  for (const info of tables.values()) {
    if (!info.fieldSet.has('deleted_at')) continue;
    const parts = references.filter((r) => r.part && r.target === info.name && tables.has(r.table));
    const binned = binnedRows(sqlite, info.name);
    const found: Entry[][] = [];
    for (const [id, clocks] of binned) {
      const group: Entry[] = [[info.name, id, newestClock(JSON.parse(clocks) as FieldClocks)]];
      for (const part of parts) {
        for (const row of rowsNaming(sqlite, part.table, part.column, id)) {
          group.push([part.table, row.id, newestClock(JSON.parse(row.sync_clocks) as FieldClocks)]);
        }
      }
      const lastChange = Math.max(...group.map(([, , newest]) => wallOf(newest)));
      const expires = binExpiresAfter(lastChange);
      if (expires >= now || group.some(([table, rowId]) => outbox.holdsRecord(sqlite, table, rowId))) continue;
      found.push(group);
      expiry = Math.max(expiry, expires);
      if (groups.length + found.length >= BATCH) break;
    }
    const named = namedOutsideBin(
      sqlite,
      found.map((g) => g[0]!),
    );
    groups.push(...found.filter((g) => !named.has(`${g[0]![0]}\u0000${g[0]![1]}`)));
    if (groups.length >= BATCH) break;
  }
  return { expiry, groups };
}

/** Which of these records a row outside the bin still names (parts do not count: they go along). */
function namedOutsideBin(sqlite: Database.Database, records: Entry[]): Set<string> {
  const named = new Set<string>();
  const tables = syncedTablesOf(sqlite);
  const byTable = new Map<string, string[]>();
  for (const [table, id] of records) byTable.set(table, [...(byTable.get(table) ?? []), id]);
  for (const [target, ids] of byTable) {
    for (const ref of references.filter((r) => r.target === target && !r.part && tables.has(r.table))) {
      for (const id of namedBy(sqlite, ref.table, ref.column, !!ref.many, ids)) named.add(`${target}\u0000${id}`);
    }
  }
  return named;
}

function unchanged(sqlite: Database.Database, table: string, id: string, newest: string, mustBeBinned: boolean): boolean {
  const row = rowOf(sqlite, table, id);
  if (!row || (mustBeBinned && row.deleted_at === null)) return false;
  return newestClock(JSON.parse(String(row.sync_clocks)) as FieldClocks) === newest;
}
