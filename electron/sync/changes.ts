/**
 * The one write path for synced tables. Each changed field gets a fresh hybrid-logical-clock
 * stamp, the row and its field clocks are updated, and the change is appended to the outbox —
 * all in one SQLite transaction, together with the clock state. A crash leaves either all of
 * it or none of it.
 */
import type Database from 'better-sqlite3';
import { BIN_RETENTION_DAYS, binExpiresAfter } from '../../shared/sync';
import { tableReferences } from '../../shared/kinds';
import { conflicts, orphans, outbox, purged, type StoredChange } from '../store/bookkeeping';
import { metaGeneration, readDeviceId, readMeta, writeMeta } from '../store/meta';
import { prepared } from '../store/prepared';
import type { syncedTables } from '../store/schema';
import { newId } from '../store/ids';
import { deleteRow, insertRows, rowOf, syncedTablesOf, updateRow, type SqlValue } from '../store/synced-tables';
import { HybridClock, wallOf, type Clock, type HlcState } from './hlc';
import type { ChangeRecord } from './segment';

export type { SqlValue, StoredChange };
// TODO(issue 10): services/sync.ts still imports these from here; it moves to the store modules once split.
export type { SyncedTableInfo } from '../store/synced-tables';
export type SyncedTableName = keyof typeof syncedTables;
export type FieldClocks = Record<string, Clock>;

/** The pseudo-field of the record that creates a row; also the key of the row's creation clock. */
export const CREATED = '*';

/** The pseudo-field of the record that empties a row from the bin for good, on every device. */
export const PURGE = '-';

/** When a record in the bin stops being restorable: its newest change plus the retention period. */
export const binExpiryOf = (clocks: FieldClocks): number => binExpiresAfter(wallOf(newestClock(clocks)));

/** A change to a record that has been in the bin past the retention period: refused, nothing written. */
export class BinExpiredError extends Error {
  constructor(
    readonly table: string,
    readonly id: string,
  ) {
    super(`${table}/${id} has been in the bin for more than ${BIN_RETENTION_DAYS} days and can no longer be changed or restored`);
  }
}

/**
 * Removes a purged row here: the row and its conflict records go, its id is remembered (the
 * smallest purge clock, so every device remembers the same one). `seen` is the newest change the
 * purging device had of the row. Kept in sync_orphans for the user: values here that are newer (a
 * change it never saw, from a laptop that was away), and every value of a record that is not in
 * the bin here (restored meanwhile). A part of a record (a person's history, an account's level
 * history: `part` references in schema.ts) is never in the bin itself: it goes with its record, and
 * counts as restored only when that record is out of the bin here.
 */
export function dropPurgedRow(sqlite: Database.Database, table: string, id: string, clock: Clock, seen: string | null): void {
  const row = rowOf(sqlite, table, id);
  if (row) {
    const clocks = JSON.parse(String(row.sync_clocks)) as FieldClocks;
    const restored = isRestored(sqlite, table, row);
    for (const field of syncedTablesOf(sqlite).get(table)?.fields ?? []) {
      const at = clockOfField(clocks, field) ?? '';
      if (restored || (seen !== null && at > seen))
        orphans.keep(sqlite, { tbl: table, row_id: id, field, clock: at, value: JSON.stringify(row[field] ?? null), supersedes: '[]' });
    }
  }
  deleteRow(sqlite, table, id);
  conflicts.clearRecord(sqlite, table, id);
  purged.remember(sqlite, table, id, clock);
}

/**
 * Whether a row met by its purge is out of the bin here: the row itself, or for a part, the record
 * it belongs to (still here when the purge names parts first, as purge.ts writes it; a purge written
 * record-first by an earlier version finds the record gone: in the bin as far as the part goes).
 */
function isRestored(sqlite: Database.Database, table: string, row: Record<string, SqlValue>): boolean {
  const part = tableReferences.find((r) => r.part && r.table === table);
  if (!part) return row.deleted_at === null;
  const owner = rowOf(sqlite, part.target, String(row[part.column] ?? ''));
  return owner !== undefined && owner.deleted_at === null;
}

export const clockOfField = (clocks: FieldClocks, field: string): Clock | undefined => clocks[field] ?? clocks[CREATED];

export const isoOfClock = (clock: Clock): string => new Date(wallOf(clock)).toISOString();

/** The newest clock among a row's fields: `updated_at` is derived from it on every device alike. */
export function newestClock(clocks: FieldClocks): Clock {
  let newest = '';
  for (const clock of Object.values(clocks)) if (clock > newest) newest = clock;
  return newest;
}

/** The last reading of each connection's device id and clock state (ChangeLog.nextClock). */
const clockReadings = new WeakMap<Database.Database, { dataVersion: number; generation: number; clock: HybridClock; physicalNow: () => number }>();

export class ChangeLog {
  constructor(
    private readonly sqlite: Database.Database,
    private readonly physicalNow: () => number = Date.now,
  ) {}

  /** Creates a row; every given field (and `created_at`) is one change. Returns the row id. */
  insert(table: SyncedTableName, values: Record<string, SqlValue>, id: string = newId()): string {
    this.insertMany(table, [{ values, id }]);
    return id;
  }

  /**
   * Creates rows as insert creates each (a clock each, in order), written together: the rows and
   * their outbox records in a statement per block of rows, the clock state once (an import's group
   * of new records). Returns the ids.
   */
  insertMany(table: SyncedTableName, rows: readonly { values: Record<string, SqlValue>; id?: string }[]): string[] {
    if (rows.length === 0) return [];
    return this.inTransaction(() => {
      const clocks = this.nextClocks(rows.length);
      const written: { id: string; values: Record<string, SqlValue> }[] = [];
      const created: { rowId: string; clock: Clock; values: Record<string, SqlValue> }[] = [];
      rows.forEach(({ values, id = newId() }, i) => {
        const clock = clocks[i]!;
        const row: Record<string, SqlValue> = { ...values, created_at: isoOfClock(clock) };
        this.checkFields(table, row);
        written.push({ id, values: { ...row, updated_at: isoOfClock(clock), sync_clocks: JSON.stringify({ [CREATED]: clock }) } });
        // The creation record comes first: it sets the row's `*` clock on every device, the clock
        // of every field that no change has touched since. One outbox row for all of them.
        const changed: Record<string, SqlValue> = { [CREATED]: null };
        for (const field of Object.keys(row)) changed[field] = row[field] ?? null;
        created.push({ rowId: id, clock, values: changed });
      });
      insertRows(this.sqlite, table, written);
      outbox.appendCreations(this.sqlite, table, created);
      return written.map((w) => w.id);
    });
  }

  /**
   * Changes fields of an existing row. Fields whose value is already the given one are left
   * alone (no clock, no outbox entry). Returns false when the row does not exist.
   */
  update(table: SyncedTableName, id: string, patch: Record<string, SqlValue>): boolean {
    return this.inTransaction(() => {
      this.checkFields(table, patch);
      const current = rowOf(this.sqlite, table, id);
      if (!current) return false;
      const changed = Object.keys(patch).filter((f) => current[f] !== patch[f]);
      if (changed.length === 0) return true;
      const clock = this.nextClock();
      const clocks = JSON.parse(String(current.sync_clocks)) as FieldClocks;
      this.refuseExpired(table, id, current, clocks, clock);
      const values: Record<string, SqlValue> = {};
      const supersedes: Record<string, Clock[]> = {};
      for (const field of changed) {
        const previous = clockOfField(clocks, field);
        clocks[field] = clock;
        values[field] = patch[field] ?? null;
        supersedes[field] = previous ? [previous] : [];
      }
      // One outbox row for the write, as many changes as fields when read back.
      outbox.appendFields(this.sqlite, table, id, clock, values, supersedes);
      updateRow(this.sqlite, table, id, {
        ...Object.fromEntries(changed.map((f) => [f, patch[f] ?? null])),
        updated_at: isoOfClock(newestClock(clocks)),
        sync_clocks: JSON.stringify(clocks),
      });
      return true;
    });
  }

  /**
   * Settles a conflict: the chosen value (the current one, or a losing one restored) is written as
   * a new change that replaces every value the field holds, so the conflict closes on every device.
   * Returns false when the field has no such value (already settled elsewhere).
   */
  resolve(table: SyncedTableName | string, id: string, field: string, keep: Clock, keepValue?: SqlValue): boolean {
    // `table` and `field` come from the caller: only names of this store's synced tables reach SQL.
    if (!syncedTablesOf(this.sqlite).get(table)?.fieldSet.has(field)) return false;
    return this.inTransaction(() => {
      const current = rowOf(this.sqlite, table, id);
      if (!current) return false;
      const clocks = JSON.parse(String(current.sync_clocks)) as FieldClocks;
      const losers = conflicts.of(this.sqlite, table, id, field);
      const heads = [{ clock: clockOfField(clocks, field) ?? '', value: JSON.stringify(current[field] ?? null) }, ...losers];
      // Two heads share a clock only after a clone (both copies stamped with one clock state): the value tells them apart.
      const chosen = heads.find((h) => h.clock === keep && (keepValue === undefined || h.value === JSON.stringify(keepValue)));
      if (!chosen) return false;
      const clock = this.nextClock();
      this.refuseExpired(table, id, current, clocks, clock);
      const value = JSON.parse(chosen.value) as SqlValue;
      clocks[field] = clock;
      this.record(table, id, field, value, clock, [...new Set(heads.map((h) => h.clock))]);
      conflicts.clearField(this.sqlite, table, id, field);
      updateRow(this.sqlite, table, id, { [field]: value, updated_at: isoOfClock(newestClock(clocks)), sync_clocks: JSON.stringify(clocks) });
      return true;
    });
  }

  /**
   * Empties a record from the bin for good: a change every device applies alike (see
   * electron/sync/purge.ts for when it is safe to write one). It carries the newest change of the
   * record this device has, so a device holding a newer one keeps it aside (dropPurgedRow).
   */
  purge(table: string, id: string): void {
    this.inTransaction(() => {
      const row = rowOf(this.sqlite, table, id);
      const seen = row ? newestClock(JSON.parse(String(row.sync_clocks)) as FieldClocks) : null;
      const clock = this.nextClock();
      this.record(table, id, PURGE, seen, clock, []);
      dropPurgedRow(this.sqlite, table, id, clock, seen);
    });
  }

  /**
   * No change once a record has been in the bin past the retention period, measured by the clock
   * the change would carry: a purge relies on no laptop writing to such a record any more.
   */
  private refuseExpired(table: string, id: string, row: Record<string, SqlValue>, clocks: FieldClocks, clock: Clock): void {
    if (row.deleted_at !== null && row.deleted_at !== undefined && wallOf(clock) > binExpiryOf(clocks)) throw new BinExpiredError(table, id);
  }

  /** Runs `fn` in an IMMEDIATE transaction (or inside the caller's), so the clock read-modify-write is never raced. */
  inTransaction<T>(fn: () => T): T {
    if (this.sqlite.inTransaction) return fn();
    return this.sqlite.transaction(fn).immediate();
  }

  private record(table: string, id: string, field: string, value: SqlValue, clock: Clock, supersedes: Clock[]): void {
    outbox.append(this.sqlite, { tbl: table, row_id: id, field, value: JSON.stringify(value), clock, supersedes: JSON.stringify(supersedes) });
  }

  /**
   * Advances the persisted clock and writes it back, in the caller's transaction: safe with several
   * processes on one store. The device id and clock state are read again whenever local_meta may
   * have changed under the last reading (another connection committed, or this one wrote it, as
   * sync does when it rotates the id after finding a clone); else the last reading stands, which
   * saves two reads per record written (an import writes 100,000).
   */
  private nextClock(): Clock {
    return this.nextClocks(1)[0]!;
  }

  /** `count` clocks in a row, the state written back once. */
  private nextClocks(count: number): Clock[] {
    const dataVersion = prepared(this.sqlite, 'PRAGMA data_version').pluck(true).get() as number;
    let known = clockReadings.get(this.sqlite);
    if (!known || known.dataVersion !== dataVersion || known.generation !== metaGeneration(this.sqlite))
      known = {
        dataVersion,
        generation: -1,
        clock: new HybridClock(readDeviceId(this.sqlite), readClockState(this.sqlite), this.physicalNow),
        physicalNow: this.physicalNow,
      };
    // Another change log on this connection (a test's, with its own time): same state, its time.
    else if (known.physicalNow !== this.physicalNow)
      known = { ...known, clock: new HybridClock(known.clock.device, known.clock.current, this.physicalNow), physicalNow: this.physicalNow };
    const stamps: Clock[] = [];
    for (let i = 0; i < count; i++) stamps.push(known.clock.tick());
    writeClockState(this.sqlite, known.clock.current);
    // Rolled back with the caller's transaction, the state kept here is ahead of the stored one: a
    // clock never goes back, so that only skips stamps.
    known.generation = metaGeneration(this.sqlite);
    clockReadings.set(this.sqlite, known);
    return stamps;
  }

  private checkFields(table: SyncedTableName, values: Record<string, SqlValue>): void {
    const info = syncedTablesOf(this.sqlite).get(table);
    for (const field of Object.keys(values)) {
      if (!info?.fieldSet.has(field)) throw new Error(`${table}.${field} is not a synced field`);
    }
  }
}

/** The local changes up to `upTo` (all when omitted), oldest first, as segment records. */
export function readOutbox(sqlite: Database.Database, upTo = Number.MAX_SAFE_INTEGER): ChangeRecord[] {
  return outbox.upTo(sqlite, upTo).map(toRecord);
}

export const toRecord = (r: StoredChange): ChangeRecord => [
  r.tbl,
  r.row_id,
  r.field,
  JSON.parse(r.value) as SqlValue,
  r.clock,
  JSON.parse(r.supersedes) as Clock[],
];

export function readClockState(sqlite: Database.Database): HlcState {
  return readMeta<HlcState>(sqlite, 'hlc') ?? { wall: 0, counter: 0 };
}

export function writeClockState(sqlite: Database.Database, state: HlcState): void {
  writeMeta(sqlite, 'hlc', state);
}
