/**
 * Undo of a whole import batch. While nothing of the batch has left this device (no publish since
 * it began, no other change after it, none of its rows touched since), it is withdrawn exactly:
 * the store, and so its canonical export, is as it was before the import, and no peer ever hears
 * of it (store/import-batches.ts). Otherwise the reverse is written as ordinary synced changes:
 * records the import added go to the bin, fields it changed get their earlier values back, except
 * fields changed again since (kept, and counted).
 */
import { accountsOfRows, dropStaleHealth } from '../../store/health';
import { importBatches, type BatchRow } from '../../store/import-batches';
import { rowOf, type Row } from '../../store/synced-tables';
import type { ImportUndoResult } from '../../../shared/import/schemas';
import { areaKinds, tableReferences } from '../../../shared/kinds';
import type { SyncedTableName } from '../../sync/changes';
import { CallFailure, type ServiceContext } from '../context';
import { refreshAccounts } from '../health';

/** The tables whose records an undo counts: the kind imported and the accounts it added. */
const counted = (batch: BatchRow, table: string): boolean => table === 'accounts' || table === areaKinds[batch.kind as keyof typeof areaKinds]?.table;

/** Tables that are a part of another record (history rows): they follow their record, never binned alone. */
const PART_TABLES = new Set(tableReferences.filter((r) => r.part).map((r) => r.table));

export function undoBatch(ctx: ServiceContext, batchId: string, options: { forget?: boolean } = {}): ImportUndoResult {
  const { sqlite } = ctx.store;
  const batch = importBatches.get(sqlite, batchId);
  if (!batch) throw new CallFailure('not_found');
  if (batch.state === 'undone') throw new CallFailure('conflict', {}, 'import_undone');
  const result = ctx.changes.inTransaction(() => {
    let outcome: ImportUndoResult;
    if (importBatches.withdrawable(sqlite, batch)) {
      const touched = accountsOfRows(
        sqlite,
        importBatches.records(sqlite, batchId).map((r) => [r.tbl, r.rowId] as const),
      );
      // Counted as the user knows them: the records imported (and accounts added), not history rows or the alerts that followed.
      const records = importBatches.records(sqlite, batchId).filter((r) => counted(batch, r.tbl));
      importBatches.withdraw(sqlite, batch);
      const removed = records.filter((r) => r.before === null).length;
      outcome = { batchId, exact: true, removed, restored: records.length - removed, kept: 0 };
      // Health follows: the accounts gone lose theirs, the others are computed again (a written
      // reverse is followed by the dispatcher, as every write is).
      dropStaleHealth(sqlite);
      const live = touched.filter((id) => rowOf(sqlite, 'accounts', id)?.deleted_at === null);
      if (live.length > 0) refreshAccounts({ sqlite, changes: ctx.changes, now: ctx.now, t: ctx.t }, live);
    } else outcome = { batchId, exact: false, ...compensate(ctx, batch) };
    importBatches.markUndone(sqlite, batchId);
    if (options.forget) importBatches.forget(sqlite, batchId);
    return outcome;
  });
  return result;
}

function compensate(ctx: ServiceContext, batch: BatchRow): Omit<ImportUndoResult, 'batchId' | 'exact'> {
  const { sqlite } = ctx.store;
  let removed = 0;
  let restored = 0;
  let kept = 0;
  for (const record of importBatches.records(sqlite, batch.id).reverse()) {
    const current = rowOf(sqlite, record.tbl, record.rowId);
    if (!current) continue; // emptied from the bin since
    const table = record.tbl as SyncedTableName;
    if (record.before === null) {
      if (PART_TABLES.has(record.tbl)) continue;
      if (current.deleted_at === null) ctx.changes.update(table, record.rowId, { deleted_at: ctx.now() });
      if (counted(batch, record.tbl)) removed++;
      continue;
    }
    const before = JSON.parse(record.before) as Row;
    const clocksAfter = JSON.parse(record.after ?? '{}') as Record<string, string>;
    const clocksNow = JSON.parse(String(current.sync_clocks)) as Record<string, string>;
    const patch: Row = {};
    for (const [field, value] of Object.entries(before)) {
      if (field === 'id' || field === 'sync_clocks' || field === 'updated_at' || field === 'created_at') continue;
      if (current[field] === value) continue;
      // Changed again since the import (here or by sync): the newer value stays.
      if ((clocksNow[field] ?? clocksNow['*']) !== (clocksAfter[field] ?? clocksAfter['*'])) {
        kept++;
        continue;
      }
      patch[field] = value ?? null;
    }
    if (Object.keys(patch).length > 0) {
      ctx.changes.update(table, record.rowId, patch);
      if (counted(batch, record.tbl)) restored++;
    }
  }
  return { removed, restored, kept };
}
