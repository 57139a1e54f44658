/**
 * Applies remote change records to the store, inside the caller's transaction. Records are
 * grouped by row so a row is read once and written once; known values are skipped, so applying
 * anything twice is harmless. Changes for tables or fields this version does not know go to
 * `sync_pending` and are replayed after an upgrade (replayPending). A purge removes its row and
 * the row's id is remembered: changes that arrive for it afterwards go to `sync_orphans`.
 */
import type Database from 'better-sqlite3';
import {
  CREATED,
  PURGE,
  clockOfField,
  dropPurgedRow,
  isoOfClock,
  newestClock,
  syncedTablesOf,
  toRecord,
  type FieldClocks,
  type SqlValue,
  type StoredChange,
} from './changes';
import { mergeField, type FieldChange, type FieldState, type Versioned } from './merge';
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

export class ChangeApplier {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly sqlite: Database.Database) {}

  apply(records: ChangeRecord[]): ApplyStats {
    const stats: ApplyStats = { applied: 0, conflicts: 0, pending: 0, orphaned: 0 };
    const conflicted = new Set(
      (this.stmt('SELECT DISTINCT tbl, row_id AS rowId FROM sync_conflicts').all() as { tbl: string; rowId: string }[]).map((r) => `${r.tbl}\u0000${r.rowId}`),
    );
    const groups = new Map<string, ChangeRecord[]>();
    for (const record of records) {
      const key = `${record[0]}\u0000${record[1]}`;
      const group = groups.get(key);
      if (group) group.push(record);
      else groups.set(key, [record]);
    }
    for (const [key, group] of groups) {
      const [table, rowId] = group[0]!;
      const known = syncedTablesOf(this.sqlite).has(table);
      if (known && this.stmt('SELECT 1 FROM sync_purged WHERE tbl = ? AND row_id = ?').get(table, rowId)) {
        this.orphan(group, stats);
        continue;
      }
      // A purge ends the row: what came before it in this batch is applied, what came after is kept aside.
      const cut = known ? group.findIndex((r) => r[2] === PURGE) : -1;
      if (cut < 0) {
        this.applyRow(group, conflicted.has(key), stats);
        continue;
      }
      if (cut > 0) this.applyRow(group.slice(0, cut), conflicted.has(key), stats);
      const purge = group[cut]!;
      dropPurgedRow(this.sqlite, table, rowId, purge[4], typeof purge[3] === 'string' ? purge[3] : null);
      stats.applied++;
      this.orphan(group.slice(cut + 1), stats);
    }
    return stats;
  }

  private orphan(group: ChangeRecord[], stats: ApplyStats): void {
    for (const [table, rowId, field, value, clock, supersedes] of group) {
      if (field === PURGE) {
        // Purged already (another device purged it too): every device remembers the smallest clock.
        dropPurgedRow(this.sqlite, table, rowId, clock, null);
        continue;
      }
      this.stmt('INSERT OR IGNORE INTO sync_orphans (tbl, row_id, field, clock, value, supersedes) VALUES (?, ?, ?, ?, ?, ?)').run(
        table,
        rowId,
        field,
        clock,
        JSON.stringify(value),
        JSON.stringify(supersedes),
      );
      stats.orphaned++;
    }
  }

  /** Re-applies kept changes whose table and field this version now knows, in clock order. */
  replayPending(): ApplyStats {
    const rows = this.stmt('SELECT tbl, row_id, field, value, clock, supersedes FROM sync_pending ORDER BY clock').all() as StoredChange[];
    const known = rows.filter((r) => this.isKnown(r.tbl, r.field));
    if (known.length === 0) return { applied: 0, conflicts: 0, pending: rows.length, orphaned: 0 };
    const del = this.stmt('DELETE FROM sync_pending WHERE tbl = ? AND row_id = ? AND field = ? AND clock = ?');
    for (const r of known) del.run(r.tbl, r.row_id, r.field, r.clock);
    return this.apply(known.map(toRecord));
  }

  private isKnown(table: string, field: string): boolean {
    const info = syncedTablesOf(this.sqlite).get(table);
    return !!info && (field === CREATED || field === PURGE || info.fields.includes(field));
  }

  private applyRow(group: ChangeRecord[], hasConflicts: boolean, stats: ApplyStats): void {
    const [table, rowId] = group[0]!;
    const info = syncedTablesOf(this.sqlite).get(table);
    const row = info ? (this.stmt(`SELECT * FROM ${table} WHERE id = ?`).get(rowId) as Record<string, SqlValue> | undefined) : undefined;
    const clocks: FieldClocks = row ? (JSON.parse(String(row.sync_clocks)) as FieldClocks) : {};
    const states = new Map<string, FieldState | undefined>();
    const touched = new Set<string>();
    const conflictsTouched = new Set<string>();

    const stateOf = (field: string): FieldState | undefined => {
      if (states.has(field)) return states.get(field);
      const clock = clockOfField(clocks, field);
      let state: FieldState | undefined;
      if (row && clock) {
        const losers = hasConflicts
          ? (this.stmt('SELECT value, clock FROM sync_conflicts WHERE tbl = ? AND row_id = ? AND field = ?').all(table, rowId, field) as Versioned[])
          : [];
        state = { winner: { value: JSON.stringify(row[field] ?? null), clock }, losers };
      }
      states.set(field, state);
      return state;
    };

    for (const [, , field, value, clock, supersedes] of group) {
      if (!info || (field !== CREATED && !info.fields.includes(field))) {
        this.stmt('INSERT OR IGNORE INTO sync_pending (tbl, row_id, field, value, clock, supersedes) VALUES (?, ?, ?, ?, ?, ?)').run(
          table,
          rowId,
          field,
          JSON.stringify(value),
          clock,
          JSON.stringify(supersedes),
        );
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
      const before = !clocks[field] && (supersedes.length === 0 || clock === clocks[CREATED]) && !states.has(field) ? undefined : stateOf(field);
      const change: FieldChange = { value: JSON.stringify(value), clock, supersedes };
      const after = mergeField(before, change);
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
      const state = states.get(field)!;
      values[field] = JSON.parse(state.winner.value) as SqlValue;
      if (state.winner.clock === clocks[CREATED]) delete clocks[field];
      else clocks[field] = state.winner.clock;
    }
    const cols = Object.keys(values);
    const updatedAt = isoOfClock(newestClock(clocks));
    if (row) {
      const sets = cols.map((c) => `${c} = ?`).join(', ');
      this.stmt(`UPDATE ${table} SET ${sets}${cols.length ? ', ' : ''}updated_at = ?, sync_clocks = ? WHERE id = ?`).run(
        ...cols.map((c) => values[c] ?? null),
        updatedAt,
        JSON.stringify(clocks),
        rowId,
      );
    } else {
      this.stmt(`INSERT INTO ${table} (id${cols.map((c) => `, ${c}`).join('')}, updated_at, sync_clocks) VALUES (?${', ?'.repeat(cols.length)}, ?, ?)`).run(
        rowId,
        ...cols.map((c) => values[c] ?? null),
        updatedAt,
        JSON.stringify(clocks),
      );
    }
    for (const field of conflictsTouched) {
      this.stmt('DELETE FROM sync_conflicts WHERE tbl = ? AND row_id = ? AND field = ?').run(table, rowId, field);
      for (const loser of states.get(field)!.losers) {
        this.stmt('INSERT INTO sync_conflicts (tbl, row_id, field, clock, value) VALUES (?, ?, ?, ?, ?)').run(table, rowId, field, loser.clock, loser.value);
      }
    }
  }

  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.sqlite.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
