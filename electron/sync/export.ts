/**
 * The canonical export: every synced row, every open conflict and the ids of records emptied from
 * the bin for good, in a fixed order with fixed key order, so two devices holding the same data
 * produce byte-identical files. Nothing local (this device's id, its clock state, the export time)
 * is in it. Private tables, their conflicts and their purged ids are left out unless asked for.
 */
import type Database from 'better-sqlite3';
import { PRIVATE_TABLES } from '../../shared/kinds';
import { conflicts as conflictRows, purged } from '../store/bookkeeping';
import { canonicalRows, syncedTablesOf } from '../store/synced-tables';

export interface ExportOptions {
  /** Tables holding private data (personal notes about people) are left out unless asked for. */
  includePrivate?: boolean;
}

export function exportCanonical(sqlite: Database.Database, options: ExportOptions = {}): string {
  const tables: Record<string, unknown[]> = {};
  for (const info of [...syncedTablesOf(sqlite).values()].sort((a, b) => a.name.localeCompare(b.name))) {
    if (PRIVATE_TABLES.has(info.name) && !options.includePrivate) continue;
    tables[info.name] = canonicalRows(sqlite, info.name);
  }
  const visible = (row: { tbl: string }) => !PRIVATE_TABLES.has(row.tbl) || options.includePrivate;
  const conflicts = conflictRows.all(sqlite).filter(visible);
  const lines = ['{', `"format": "rapport-export",`, `"version": 1,`, '"tables": {'];
  const names = Object.keys(tables);
  names.forEach((name, i) => {
    const rows = tables[name]!;
    lines.push(`${JSON.stringify(name)}: [`);
    rows.forEach((row, j) => lines.push(JSON.stringify(row) + (j < rows.length - 1 ? ',' : '')));
    lines.push(']' + (i < names.length - 1 ? ',' : ''));
  });
  lines.push('},', '"conflicts": [');
  conflicts.forEach((row, j) => lines.push(JSON.stringify(row) + (j < conflicts.length - 1 ? ',' : '')));
  lines.push('],', '"purged": [');
  const shown = purged.all(sqlite).filter(visible);
  shown.forEach((row, j) => lines.push(JSON.stringify(row) + (j < shown.length - 1 ? ',' : '')));
  lines.push(']', '}');
  return lines.join('\n') + '\n';
}
