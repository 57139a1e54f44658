/**
 * Applies remote change records to the store, inside the caller's transaction. Records are
 * grouped by row so a row is read once and written once; known values are skipped, so applying
 * anything twice is harmless. Changes for tables or fields this version does not know go to
 * `sync_pending` and are replayed after an upgrade (replayPending). A purge removes its row and
 * the row's id is remembered: changes that arrive for it afterwards go to `sync_orphans`.
 * Many new rows of a searched table (a laptop back after a week) are left to the search indexes'
 * catch-up after the round (engine.ts, afterRound), as an import's are: search scans them meanwhile.
 */
import type Database from 'better-sqlite3';
import { conflicts, orphans, pending, purged } from '../store/bookkeeping';
import { DEFER_SEARCH_ROWS, deferSearchIndexOfNewRows, isSearchedTable } from '../store/search-index';
import { insertRow, rowsOf, syncedTablesOf, updateRow, type SyncedTableInfo } from '../store/synced-tables';
import { CREATED, PURGE, clockOfField, dropPurgedRow, isoOfClock, newestClock, toRecord, type FieldClocks, type SqlValue } from './changes';
import { mergeField, mergeReplacedField, type FieldState, type Versioned } from './merge';
import type { Clock } from './hlc';
import type { ChangeRecord } from './segment';

export interface ApplyStats {
  /** Field changes that changed something here. */
  applied: number;
  /** Fields that gained a conflict (a concurrent losing value) in this batch. */
  conflicts: number;
  /** Changes kept for a table or column this version does not know. */
  pending: number;
  /** Changes for records emptied from the bin, kept aside in sync_orphans. */
  orphaned: number;
}

/** What is already here of the rows a batch touches, per table: read with a few queries, not a few per row. */
interface Present {
  purged: Set<string>;
  rows: Map<string, Record<string, SqlValue>>;
  /** Rows with open conflicts. */
  conflicted: Set<string>;
}

/** One row while its group of changes is applied. */
interface RowInProgress {
  table: string;
  rowId: string;
  /** The row as it is here, if it is. */
  row: Record<string, SqlValue> | undefined;
  clocks: FieldClocks;
  hasConflicts: boolean;
  /** Fields merged so far in this group, or looked up (undefined: nothing here to merge with). */
  states: Map<string, FieldState | undefined>;
  /**
   * Fields whose first value arrived in this group with nothing here to merge it with (most of
   * them): mergeField would make a state of that change alone, so its value is kept as it came,
   * spared a JSON round trip; it becomes a state only if another change to the field follows.
   */
  firsts: Map<string, ChangeRecord>;
}

/** Where the purge of a row is in its group, or -1. */
function purgeIn(group: ChangeRecord[]): number {
  for (let i = 0; i < group.length; i++) if (group[i]![2] === PURGE) return i;
  return -1;
}

/** Whether a change known here replaced the value with this clock of a field (round.ts, forks of a cloned laptop). */
export type ReplacedLookup = (table: string, row: string, field: string, clock: Clock) => boolean;

export class ChangeApplier {
  /** Set for the duration of one apply(). */
  private replaced: ReplacedLookup | undefined;

  constructor(private readonly sqlite: Database.Database) {}

  /** `replaced`, when given, is asked about a change that is not a head here (see mergeReplacedField). */
  apply(records: ChangeRecord[], replaced?: ReplacedLookup): ApplyStats {
    this.replaced = replaced;
    try {
      return this.applyAll(records);
    } finally {
      this.replaced = undefined;
    }
  }

  private applyAll(records: ChangeRecord[]): ApplyStats {
    const stats: ApplyStats = { applied: 0, conflicts: 0, pending: 0, orphaned: 0 };
    const tables = syncedTablesOf(this.sqlite);
    // Rows are applied in the order they first appear: a purge looks at other rows (a part's record).
    const groups: ChangeRecord[][] = [];
    const byRow = new Map<string, Map<string, ChangeRecord[]>>();
    for (const record of records) {
      let rows = byRow.get(record[0]);
      if (!rows) byRow.set(record[0], (rows = new Map()));
      const group = rows.get(record[1]);
      if (group) group.push(record);
      else {
        const fresh = [record];
        rows.set(record[1], fresh);
        groups.push(fresh);
      }
    }
    // Read up front: each row is touched by its own group only (a purge drops just its own row).
    const present = this.present(byRow);
    this.deferSearchOfMany(byRow, present);
    for (const group of groups) {
      const table = group[0]![0];
      const rowId = group[0]![1];
      const here = present.get(table);
      if (here?.purged.has(rowId)) {
        this.orphan(group, stats);
        continue;
      }
      const row = here?.rows.get(rowId);
      const hasConflicts = here?.conflicted.has(rowId) ?? false;
      // A purge ends the row: what came before it in this batch is applied, what came after is kept aside.
      const cut = here ? purgeIn(group) : -1;
      if (cut < 0) {
        this.applyRow(group, tables.get(table), row, hasConflicts, stats);
        continue;
      }
      if (cut > 0) this.applyRow(group.slice(0, cut), tables.get(table), row, hasConflicts, stats);
      const purge = group[cut]!;
      dropPurgedRow(this.sqlite, table, rowId, purge[4], typeof purge[3] === 'string' ? purge[3] : null);
      stats.applied++;
      this.orphan(group.slice(cut + 1), stats);
    }
    return stats;
  }

  /** The purged ids, the rows already here and those with conflicts, among those a batch names, for the tables this version knows. */
  private present(byRow: Map<string, Map<string, ChangeRecord[]>>): Map<string, Present> {
    const present = new Map<string, Present>();
    for (const [table, rows] of byRow) {
      if (!syncedTablesOf(this.sqlite).has(table)) continue;
      const ids = [...rows.keys()];
      present.set(table, {
        purged: purged.among(this.sqlite, table, ids),
        rows: new Map(rowsOf(this.sqlite, table, ids).map((r) => [String(r.id), r])),
        conflicted: conflicts.rowsAmong(this.sqlite, table, ids),
      });
    }
    return present;
  }

  private deferSearchOfMany(byRow: Map<string, Map<string, ChangeRecord[]>>, present: Map<string, Present>): void {
    for (const [table, rows] of byRow) {
      const here = present.get(table);
      if (!here || !isSearchedTable(table) || rows.size < DEFER_SEARCH_ROWS) continue;
      let fresh = 0;
      for (const id of rows.keys()) if (!here.rows.has(id) && !here.purged.has(id)) fresh++;
      if (fresh >= DEFER_SEARCH_ROWS) deferSearchIndexOfNewRows(this.sqlite, [table]);
    }
  }

  private orphan(group: ChangeRecord[], stats: ApplyStats): void {
    for (const [table, rowId, field, value, clock, supersedes] of group) {
      if (field === PURGE) {
        // Purged already (another device purged it too): every device remembers the smallest clock.
        dropPurgedRow(this.sqlite, table, rowId, clock, null);
        continue;
      }
      orphans.keep(this.sqlite, { tbl: table, row_id: rowId, field, clock, value: JSON.stringify(value), supersedes: JSON.stringify(supersedes) });
      stats.orphaned++;
    }
  }

  /** Re-applies kept changes whose table and field this version now knows, in clock order. */
  replayPending(): ApplyStats {
    const rows = pending.all(this.sqlite);
    const known = rows.filter((r) => this.isKnown(r.tbl, r.field));
    if (known.length === 0) return { applied: 0, conflicts: 0, pending: rows.length, orphaned: 0 };
    for (const r of known) pending.release(this.sqlite, r);
    return this.apply(known.map(toRecord));
  }

  private isKnown(table: string, field: string): boolean {
    const info = syncedTablesOf(this.sqlite).get(table);
    return !!info && (field === CREATED || field === PURGE || info.fieldSet.has(field));
  }

  private applyRow(
    group: ChangeRecord[],
    info: SyncedTableInfo | undefined,
    row: Record<string, SqlValue> | undefined,
    hasConflicts: boolean,
    stats: ApplyStats,
  ): void {
    const table = group[0]![0];
    const rowId = group[0]![1];
    const clocks: FieldClocks = row ? (JSON.parse(String(row.sync_clocks)) as FieldClocks) : {};
    const current: RowInProgress = { table, rowId, row, clocks, hasConflicts, states: new Map(), firsts: new Map() };
    const { states, firsts } = current;
    const touched = new Set<string>();
    const conflictsTouched = new Set<string>();

    for (const record of group) {
      const field = record[2];
      const value = record[3];
      const clock = record[4];
      const supersedes = record[5];
      if (!info || (field !== CREATED && !info.fieldSet.has(field))) {
        pending.keep(this.sqlite, { tbl: table, row_id: rowId, field, value: JSON.stringify(value), clock, supersedes: JSON.stringify(supersedes) });
        stats.pending++;
        continue;
      }
      if (field === CREATED) {
        // Only the first creation counts; a second (a cloned device reusing an id) keeps the smaller clock.
        if (!clocks[CREATED] || clock < clocks[CREATED]) {
          clocks[CREATED] = clock;
          touched.add(CREATED);
        }
        continue;
      }
      // A field no change has touched here since the row was made holds its creation value or its
      // column default (a column this version learned later). A change that replaces nothing is
      // then that field's first value — typically a kept change replayed after an upgrade — not a
      // rival of the default.
      const before =
        !clocks[field] && (supersedes.length === 0 || clock === clocks[CREATED]) && !states.has(field) && !firsts.has(field)
          ? undefined
          : this.stateOf(current, field);
      // (A record without a value, which no writer makes, goes the general way and fails below as it always did.)
      if (before === undefined && value !== undefined) {
        states.delete(field);
        firsts.set(field, record);
        touched.add(field);
        stats.applied++;
        continue;
      }
      const change = { value: JSON.stringify(value), clock, supersedes };
      const after =
        before && this.replaced && before.winner.clock !== clock && !before.losers.some((h) => h.clock === clock) && this.replaced(table, rowId, field, clock)
          ? mergeReplacedField(before, change)
          : mergeField(before, change);
      if (!after) continue;
      states.set(field, after);
      touched.add(field);
      stats.applied++;
      if ((before?.losers.length ?? 0) !== after.losers.length || after.losers.length > 0) conflictsTouched.add(field);
      if ((before?.losers.length ?? 0) === 0 && after.losers.length > 0) stats.conflicts++;
    }
    if (touched.size === 0 || !info) return;

    const values: Record<string, SqlValue> = {};
    for (const field of touched) {
      if (field === CREATED) continue;
      let value: SqlValue;
      let clock: Clock;
      const first = firsts.get(field);
      if (first) {
        value = first[3];
        clock = first[4];
      } else {
        const { winner } = states.get(field)!;
        value = JSON.parse(winner.value) as SqlValue;
        clock = winner.clock;
      }
      values[field] = value ?? null;
      if (clock === clocks[CREATED]) delete clocks[field];
      else clocks[field] = clock;
    }
    values.updated_at = isoOfClock(newestClock(clocks));
    values.sync_clocks = JSON.stringify(clocks);
    if (row) updateRow(this.sqlite, table, rowId, values);
    else insertRow(this.sqlite, table, rowId, values);
    for (const field of conflictsTouched) {
      conflicts.clearField(this.sqlite, table, rowId, field);
      for (const loser of states.get(field)!.losers) conflicts.add(this.sqlite, table, rowId, field, loser);
    }
  }

  /** What a field of the row holds before the next change: merged so far in this group, or as it is here. */
  private stateOf(current: RowInProgress, field: string): FieldState | undefined {
    const { states, firsts, row, clocks } = current;
    if (states.has(field)) return states.get(field);
    const first = firsts.get(field);
    let state: FieldState | undefined;
    if (first) {
      state = { winner: { value: JSON.stringify(first[3]), clock: first[4] }, losers: [] };
      firsts.delete(field);
    } else {
      const clock = clockOfField(clocks, field);
      if (row && clock) {
        const losers: Versioned[] = current.hasConflicts ? conflicts.of(this.sqlite, current.table, current.rowId, field) : [];
        state = { winner: { value: JSON.stringify(row[field] ?? null), clock }, losers };
      }
    }
    states.set(field, state);
    return state;
  }
}
