/**
 * The one write path for synced tables. Each changed field gets a fresh hybrid-logical-clock
 * stamp, the row and its field clocks are updated, and the change is appended to the outbox —
 * all in one SQLite transaction, together with the clock state. A crash leaves either all of
 * it or none of it.
 */
import type Database from 'better-sqlite3';
import { BIN_RETENTION_DAYS, binExpiresAfter } from '../../shared/sync';
import { readMeta, writeMeta } from '../store/meta';
import { references, type syncedTables } from '../store/schema';
import { newId } from '../store/ids';
import { HybridClock, wallOf, type Clock, type HlcState } from './hlc';
import type { ChangeRecord } from './segment';

export type SqlValue = string | number | null;
export type SyncedTableName = keyof typeof syncedTables;
export type FieldClocks = Record<string, Clock>;

/** Columns that are bookkeeping, not fields: never carried by a change. */
const NOT_FIELDS = new Set(['id', 'updated_at', 'sync_clocks']);

export interface SyncedTableInfo {
  name: string;
  /** SQL names of the synced fields (everything but id, updated_at and sync_clocks). */
  fields: string[];
}

const infoCache = new WeakMap<Database.Database, ReadonlyMap<string, SyncedTableInfo>>();

/**
 * The synced tables of this store and their fields, read from the database itself: every table
 * with a `sync_clocks` column. Reading the live schema (not the code's) is what lets a store
 * migrated by a newer version, or a test standing in for one, know the newer columns.
 */
export function syncedTablesOf(sqlite: Database.Database): ReadonlyMap<string, SyncedTableInfo> {
  let info = infoCache.get(sqlite);
  if (!info) {
    const tables = sqlite
      .prepare(
        "SELECT m.name AS name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'sync_clocks') ORDER BY m.name",
      )
      .all() as { name: string }[];
    info = new Map(
      tables.map(({ name }) => {
        const columns = (sqlite.prepare('SELECT name FROM pragma_table_info(?)').all(name) as { name: string }[]).map((c) => c.name);
        return [name, { name, fields: columns.filter((c) => !NOT_FIELDS.has(c)) }];
      }),
    );
    infoCache.set(sqlite, info);
  }
  return info;
}

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
  const row = sqlite.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, SqlValue> | undefined;
  if (row) {
    const clocks = JSON.parse(String(row.sync_clocks)) as FieldClocks;
    const restored = isRestored(sqlite, table, row);
    const keep = sqlite.prepare('INSERT OR IGNORE INTO sync_orphans (tbl, row_id, field, clock, value, supersedes) VALUES (?, ?, ?, ?, ?, ?)');
    for (const field of syncedTablesOf(sqlite).get(table)?.fields ?? []) {
      const at = clockOfField(clocks, field) ?? '';
      if (restored || (seen !== null && at > seen)) keep.run(table, id, field, at, JSON.stringify(row[field] ?? null), '[]');
    }
  }
  sqlite.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id);
  sqlite.prepare('DELETE FROM sync_conflicts WHERE tbl = ? AND row_id = ?').run(table, id);
  sqlite
    .prepare('INSERT INTO sync_purged (tbl, row_id, clock) VALUES (?, ?, ?) ON CONFLICT(tbl, row_id) DO UPDATE SET clock = min(clock, excluded.clock)')
    .run(table, id, clock);
}

/**
 * Whether a row met by its purge is out of the bin here: the row itself, or for a part, the record
 * it belongs to (still here when the purge names parts first, as purge.ts writes it; a purge written
 * record-first by an earlier version finds the record gone: in the bin as far as the part goes).
 */
function isRestored(sqlite: Database.Database, table: string, row: Record<string, SqlValue>): boolean {
  const part = references.find((r) => r.part && r.table === table);
  if (!part) return row.deleted_at === null;
  const owner = sqlite.prepare(`SELECT deleted_at FROM ${part.target} WHERE id = ?`).get(row[part.column]) as { deleted_at: string | null } | undefined;
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

export class ChangeLog {
  constructor(
    private readonly sqlite: Database.Database,
    private readonly physicalNow: () => number = Date.now,
  ) {}

  /** Creates a row; every given field (and `created_at`) is one change. Returns the row id. */
  insert(table: SyncedTableName, values: Record<string, SqlValue>, id: string = newId()): string {
    this.inTransaction(() => {
      const clock = this.nextClock();
      const row: Record<string, SqlValue> = { ...values, created_at: isoOfClock(clock) };
      const clocks: FieldClocks = { [CREATED]: clock };
      this.checkFields(table, row);
      const cols = Object.keys(row);
      this.sqlite
        .prepare(`INSERT INTO ${table} (id, ${cols.join(', ')}, updated_at, sync_clocks) VALUES (?, ${cols.map(() => '?').join(', ')}, ?, ?)`)
        .run(id, ...cols.map((c) => row[c] ?? null), isoOfClock(clock), JSON.stringify(clocks));
      // The creation record comes first: it sets the row's `*` clock on every device, the clock
      // of every field that no change has touched since.
      this.record(table, id, CREATED, null, clock, []);
      for (const field of cols) this.record(table, id, field, row[field] ?? null, clock, []);
    });
    return id;
  }

  /**
   * Changes fields of an existing row. Fields whose value is already the given one are left
   * alone (no clock, no outbox entry). Returns false when the row does not exist.
   */
  update(table: SyncedTableName, id: string, patch: Record<string, SqlValue>): boolean {
    return this.inTransaction(() => {
      this.checkFields(table, patch);
      const current = this.sqlite.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, SqlValue> | undefined;
      if (!current) return false;
      const changed = Object.keys(patch).filter((f) => current[f] !== patch[f]);
      if (changed.length === 0) return true;
      const clock = this.nextClock();
      const clocks = JSON.parse(String(current.sync_clocks)) as FieldClocks;
      this.refuseExpired(table, id, current, clocks, clock);
      for (const field of changed) {
        const previous = clockOfField(clocks, field);
        clocks[field] = clock;
        this.record(table, id, field, patch[field] ?? null, clock, previous ? [previous] : []);
      }
      const sets = changed.map((f) => `${f} = ?`).join(', ');
      this.sqlite
        .prepare(`UPDATE ${table} SET ${sets}, updated_at = ?, sync_clocks = ? WHERE id = ?`)
        .run(...changed.map((f) => patch[f] ?? null), isoOfClock(newestClock(clocks)), JSON.stringify(clocks), id);
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
    if (!syncedTablesOf(this.sqlite).get(table)?.fields.includes(field)) return false;
    return this.inTransaction(() => {
      const current = this.sqlite.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, SqlValue> | undefined;
      if (!current) return false;
      const clocks = JSON.parse(String(current.sync_clocks)) as FieldClocks;
      const losers = this.sqlite.prepare('SELECT clock, value FROM sync_conflicts WHERE tbl = ? AND row_id = ? AND field = ?').all(table, id, field) as {
        clock: Clock;
        value: string;
      }[];
      const heads = [{ clock: clockOfField(clocks, field) ?? '', value: JSON.stringify(current[field] ?? null) }, ...losers];
      // Two heads share a clock only after a clone (both copies stamped with one clock state): the value tells them apart.
      const chosen = heads.find((h) => h.clock === keep && (keepValue === undefined || h.value === JSON.stringify(keepValue)));
      if (!chosen) return false;
      const clock = this.nextClock();
      this.refuseExpired(table, id, current, clocks, clock);
      const value = JSON.parse(chosen.value) as SqlValue;
      clocks[field] = clock;
      this.record(table, id, field, value, clock, [...new Set(heads.map((h) => h.clock))]);
      this.sqlite.prepare('DELETE FROM sync_conflicts WHERE tbl = ? AND row_id = ? AND field = ?').run(table, id, field);
      this.sqlite
        .prepare(`UPDATE ${table} SET ${field} = ?, updated_at = ?, sync_clocks = ? WHERE id = ?`)
        .run(value, isoOfClock(newestClock(clocks)), JSON.stringify(clocks), id);
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
      const row = this.sqlite.prepare(`SELECT sync_clocks FROM ${table} WHERE id = ?`).get(id) as { sync_clocks: string } | undefined;
      const seen = row ? newestClock(JSON.parse(row.sync_clocks) as FieldClocks) : null;
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
    this.sqlite
      .prepare('INSERT INTO sync_outbox (tbl, row_id, field, value, clock, supersedes) VALUES (?, ?, ?, ?, ?, ?)')
      .run(table, id, field, JSON.stringify(value), clock, JSON.stringify(supersedes));
  }

  /** Reads, advances and writes back the persisted clock: safe with several processes on one store. */
  private nextClock(): Clock {
    // The device id is read each time: sync rotates it when it finds a clone of this device.
    const clock = new HybridClock(readDeviceId(this.sqlite), readClockState(this.sqlite), this.physicalNow);
    const stamp = clock.tick();
    writeClockState(this.sqlite, clock.current);
    return stamp;
  }

  private checkFields(table: SyncedTableName, values: Record<string, SqlValue>): void {
    const info = syncedTablesOf(this.sqlite).get(table);
    for (const field of Object.keys(values)) {
      if (!info?.fields.includes(field)) throw new Error(`${table}.${field} is not a synced field`);
    }
  }
}

/** A change as the outbox and sync_pending keep it: value and supersedes as JSON text. */
export interface StoredChange {
  tbl: string;
  row_id: string;
  field: string;
  value: string;
  clock: string;
  supersedes: string;
}

/** The local changes up to `upTo` (all when omitted), oldest first, as segment records. */
export function readOutbox(sqlite: Database.Database, upTo = Number.MAX_SAFE_INTEGER): ChangeRecord[] {
  const rows = sqlite.prepare('SELECT tbl, row_id, field, value, clock, supersedes FROM sync_outbox WHERE seq <= ? ORDER BY seq').all(upTo) as StoredChange[];
  return rows.map(toRecord);
}

export const toRecord = (r: StoredChange): ChangeRecord => [
  r.tbl,
  r.row_id,
  r.field,
  JSON.parse(r.value) as SqlValue,
  r.clock,
  JSON.parse(r.supersedes) as Clock[],
];

export function readDeviceId(sqlite: Database.Database): string {
  return (sqlite.prepare("SELECT value FROM local_meta WHERE key = 'deviceId'").get() as { value: string }).value;
}

export function readClockState(sqlite: Database.Database): HlcState {
  return readMeta<HlcState>(sqlite, 'hlc') ?? { wall: 0, counter: 0 };
}

export function writeClockState(sqlite: Database.Database, state: HlcState): void {
  writeMeta(sqlite, 'hlc', state);
}
