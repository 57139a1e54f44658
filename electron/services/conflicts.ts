/**
 * What sync kept for the user to look at: concurrent edits of one field (conflicts) and changes
 * that arrived for records already emptied from the bin (orphans). Split from the scheduler
 * (sync.ts): these are read models of the store, the scheduler is rounds and their status.
 */
import type Database from 'better-sqlite3';
import type { Conflict, OrphanedChange } from '../../shared/sync';
import { conflicts, orphans } from '../store/bookkeeping';
import { rowOf, syncedTablesOf } from '../store/synced-tables';
import { clockOfField, isoOfClock, type FieldClocks } from '../sync/changes';
import { decodeClock, wallOf } from '../sync/hlc';

/**
 * How many fields have a conflict to settle, for the status bar, which asks after every change:
 * one COUNT while there is none; the list (a query per conflicting row) only when there are some.
 */
export function countConflicts(sqlite: Database.Database): number {
  // One COUNT when there are none (nearly always); otherwise the list, which leaves out equal values.
  return conflicts.openFields(sqlite) === 0 ? 0 : listConflicts(sqlite).length;
}

/** Every field with a conflict: the value in use and the others kept, with where each came from. */
export function listConflicts(sqlite: Database.Database): Conflict[] {
  const groups = new Map<string, ReturnType<typeof conflicts.all>>();
  for (const value of conflicts.all(sqlite)) {
    const key = `${value.tbl}\u0000${value.row_id}\u0000${value.field}`;
    const group = groups.get(key);
    if (group) group.push(value);
    else groups.set(key, [value]);
  }
  const side = (value: unknown, clock: string) => ({ value, clock, device: decodeClock(clock).device, at: new Date(wallOf(clock)).toISOString() });
  const synced = syncedTablesOf(sqlite);
  const result: Conflict[] = [];
  for (const group of groups.values()) {
    const { tbl, row_id, field } = group[0]!;
    // Defensive: a value whose record or table this version does not hold has nothing to settle.
    if (!synced.has(tbl)) continue;
    const row = rowOf(sqlite, tbl, row_id);
    if (!row) continue;
    const clocks = JSON.parse(String(row.sync_clocks)) as FieldClocks;
    // Two laptops that wrote the same value at once (both closed the same alert) disagree on nothing:
    // their other head stays for the merge, but there is nothing for the user to settle.
    const current = JSON.stringify(row[field] ?? null);
    const others = group.filter((g) => g.value !== current);
    if (others.length === 0) continue;
    result.push({
      table: tbl,
      rowId: row_id,
      field,
      recordLabel: typeof row.name === 'string' && row.name ? row.name : row_id,
      current: side(row[field] ?? null, clockOfField(clocks, field) ?? ''),
      others: others.map((g) => side(JSON.parse(g.value), g.clock)),
    });
  }
  return result;
}

/**
 * Changes kept aside in sync_orphans because their record had been emptied from the bin: shown
 * to the user (private notes too: they are this user's own, in their own app) to copy from.
 */
export function listOrphans(sqlite: Database.Database): OrphanedChange[] {
  return orphans.all(sqlite).map((r) => {
    // A value kept from a row whose field had no clock of its own carries an empty one.
    const known = r.clock !== '' && !Number.isNaN(wallOf(r.clock));
    return {
      table: r.tbl,
      rowId: r.row_id,
      field: r.field,
      value: r.value,
      clock: r.clock,
      at: known ? isoOfClock(r.clock) : null,
      device: known ? decodeClock(r.clock).device || null : null,
    };
  });
}
