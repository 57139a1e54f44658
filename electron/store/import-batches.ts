/**
 * Import batches (issue 13) as this device keeps them for undo (schema.ts `import_batches`,
 * `import_batch_rows`), and the one write outside the change log: withdrawing a batch whose
 * changes have not left the device. That puts each row back exactly as it was (created rows
 * deleted, changed rows restored with their clocks) and drops the batch's own outbox entries, so
 * nothing of it was ever published and the canonical export is as before the import. The caller
 * checks first that it may (`withdrawable`), in the same IMMEDIATE transaction.
 */
import type Database from 'better-sqlite3';
import { ident, prepared, insertValues } from './prepared';
import { readMeta } from './meta';
import { deleteRow, insertRow, rowOf, syncedTablesOf, type Row } from './synced-tables';

type Db = Database.Database;

export interface BatchRow {
  id: string;
  at: string;
  kind: string;
  fileName: string;
  created: number;
  updated: number;
  state: 'running' | 'done' | 'undone';
  startSeq: number;
  published: string | null;
}

export interface BatchRecord {
  tbl: string;
  rowId: string;
  before: string | null;
  after: string | null;
}

const publishMark = (sqlite: Db): string => JSON.stringify(readMeta(sqlite, 'published') ?? null);
const lastSeq = (sqlite: Db): number => (prepared(sqlite, 'SELECT coalesce(max(seq), 0) AS m FROM sync_outbox').get() as { m: number }).m;

export const importBatches = {
  begin(sqlite: Db, batch: { id: string; at: string; kind: string; fileName: string }): void {
    prepared(sqlite, 'INSERT INTO import_batches (id, at, kind, file_name, state, start_seq, published) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      batch.id,
      batch.at,
      batch.kind,
      batch.fileName,
      'running',
      lastSeq(sqlite),
      publishMark(sqlite),
    );
  },
  /** Notes a row before the batch first writes it (its whole row, or null when the batch creates it). */
  note(sqlite: Db, batchId: string, table: string, id: string, before: Row | null): void {
    prepared(sqlite, 'INSERT OR IGNORE INTO import_batch_rows (batch_id, tbl, row_id, before) VALUES (?, ?, ?, ?)').run(
      batchId,
      table,
      id,
      before === null ? null : JSON.stringify(before),
    );
  },
  /** Notes rows the batch creates together (nothing to put back: undo removes them). */
  noteNew(sqlite: Db, batchId: string, table: string, ids: readonly string[]): void {
    insertValues(
      sqlite,
      'INSERT OR IGNORE INTO import_batch_rows (batch_id, tbl, row_id, before)',
      ids.map((id) => [batchId, table, id, null]),
    );
  },
  /** The batch ended: its counts, and each row's clocks now (what "changed since" is measured against). */
  finish(sqlite: Db, batchId: string, created: number, updated: number): void {
    for (const table of prepared(sqlite, 'SELECT DISTINCT tbl FROM import_batch_rows WHERE batch_id = ?').pluck(true).all(batchId) as string[]) {
      if (!syncedTablesOf(sqlite).has(table)) continue;
      prepared(
        sqlite,
        `UPDATE import_batch_rows SET after = (SELECT t.sync_clocks FROM ${ident(table)} t WHERE t.id = import_batch_rows.row_id) WHERE batch_id = ? AND tbl = ?`,
      ).run(batchId, table);
    }
    prepared(sqlite, "UPDATE import_batches SET state = 'done', created = ?, updated = ? WHERE id = ?").run(created, updated, batchId);
  },
  get(sqlite: Db, id: string): BatchRow | undefined {
    return prepared(
      sqlite,
      'SELECT id, at, kind, file_name AS fileName, created, updated, state, start_seq AS startSeq, published FROM import_batches WHERE id = ?',
    ).get(id) as BatchRow | undefined;
  },
  list(sqlite: Db, limit = 50): BatchRow[] {
    return prepared(
      sqlite,
      "SELECT id, at, kind, file_name AS fileName, created, updated, state, start_seq AS startSeq, published FROM import_batches WHERE state != 'running' ORDER BY at DESC, id DESC LIMIT ?",
    ).all(limit) as BatchRow[];
  },
  records(sqlite: Db, batchId: string): BatchRecord[] {
    return prepared(sqlite, 'SELECT tbl, row_id AS rowId, before, after FROM import_batch_rows WHERE batch_id = ? ORDER BY rowid').all(
      batchId,
    ) as BatchRecord[];
  },
  /** A batch undone before it ended (a cancelled import): nothing of it is left to show. */
  forget(sqlite: Db, batchId: string): void {
    prepared(sqlite, 'DELETE FROM import_batch_rows WHERE batch_id = ?').run(batchId);
    prepared(sqlite, 'DELETE FROM import_batches WHERE id = ?').run(batchId);
  },
  markUndone(sqlite: Db, batchId: string): void {
    prepared(sqlite, "UPDATE import_batches SET state = 'undone' WHERE id = ?").run(batchId);
  },
  /**
   * Whether the batch can be withdrawn exactly: nothing was published since it began (the publish
   * mark is the same, no publish is half-way), no other local change came after it, and none of
   * its rows changed since it ended (by sync or by hand).
   */
  withdrawable(sqlite: Db, batch: BatchRow): boolean {
    if (batch.published !== publishMark(sqlite) || readMeta(sqlite, 'publishIntent') !== undefined) return false;
    const foreign = prepared(
      sqlite,
      `SELECT 1 FROM sync_outbox o WHERE o.seq > ? AND NOT EXISTS (SELECT 1 FROM import_batch_rows r WHERE r.batch_id = ? AND r.tbl = o.tbl AND r.row_id = o.row_id) LIMIT 1`,
    ).get(batch.startSeq, batch.id);
    if (foreign) return false;
    for (const record of importBatches.records(sqlite, batch.id)) {
      const row = rowOf(sqlite, record.tbl, record.rowId);
      if ((row?.sync_clocks ?? null) !== record.after) return false;
    }
    return true;
  },
  /** Puts every row of the batch back as it was and drops the batch's outbox entries. */
  withdraw(sqlite: Db, batch: BatchRow): { removed: number; restored: number } {
    let removed = 0;
    let restored = 0;
    for (const record of importBatches.records(sqlite, batch.id).reverse()) {
      deleteRow(sqlite, record.tbl, record.rowId);
      if (record.before === null) removed++;
      else {
        const { id, ...values } = JSON.parse(record.before) as Row;
        insertRow(sqlite, record.tbl, String(id), values);
        restored++;
      }
    }
    prepared(
      sqlite,
      'DELETE FROM sync_outbox WHERE seq > ? AND EXISTS (SELECT 1 FROM import_batch_rows r WHERE r.batch_id = ? AND r.tbl = sync_outbox.tbl AND r.row_id = sync_outbox.row_id)',
    ).run(batch.startSeq, batch.id);
    return { removed, restored };
  },
};
