/**
 * Sync's bookkeeping tables (schema.ts, "Local bookkeeping"), behind named functions: the outbox,
 * what was applied from whom (peers, segments), the bytes of our own segments, quarantined files,
 * conflict values, changes kept for unknown columns (pending) or for purged records (orphans), and
 * the ids of purged records. Statements are prepared once per connection (prepared.ts).
 */
import type Database from 'better-sqlite3';
import { insertValues, prepared } from './prepared';

type Db = Database.Database;

/** A change as the outbox, sync_pending and sync_orphans keep it: value and supersedes as JSON text. */
export interface StoredChange {
  tbl: string;
  row_id: string;
  field: string;
  value: string;
  clock: string;
  supersedes: string;
}

export interface StoredValue {
  clock: string;
  value: string;
}

// ---- The outbox: local changes not yet published ----

/**
 * The `field` of an outbox row that holds one write's fields together (a record created, several
 * fields changed at once): `value` is a JSON object of each field's value, `supersedes` one of each
 * field's replaced clocks, all under the row's one clock. A record added is one outbox row, not
 * one per field: a 100,000-person import wrote 1.2 million rows. Read back, it is the changes it
 * stands for, in its fields' order (expand): segments and everything else see one change per field.
 */
export const FIELDS = '';

/** The changes an outbox row stands for: itself, or each field of a write kept together. */
export function expand(row: StoredChange): StoredChange[] {
  if (row.field !== FIELDS) return [row];
  const values = JSON.parse(row.value) as Record<string, unknown>;
  const supersedes = JSON.parse(row.supersedes) as Record<string, string[] | undefined>;
  return Object.entries(values).map(([field, value]) => ({
    tbl: row.tbl,
    row_id: row.row_id,
    field,
    value: JSON.stringify(value),
    clock: row.clock,
    supersedes: JSON.stringify(supersedes[field] ?? []),
  }));
}

const pendingCache = new WeakMap<Db, { first: number; last: number; count: number }>();

export const outbox = {
  append(sqlite: Db, change: StoredChange): void {
    prepared(sqlite, 'INSERT INTO sync_outbox (tbl, row_id, field, value, clock, supersedes) VALUES (?, ?, ?, ?, ?, ?)').run(
      change.tbl,
      change.row_id,
      change.field,
      change.value,
      change.clock,
      change.supersedes,
    );
  },
  /**
   * One write of several fields of a record, under one clock, as one row (FIELDS): `values` and
   * `supersedes` by field, in the order they are to be read back.
   */
  appendFields(sqlite: Db, tbl: string, rowId: string, clock: string, values: Record<string, unknown>, supersedes: Record<string, string[]>): void {
    outbox.append(sqlite, { tbl, row_id: rowId, field: FIELDS, value: JSON.stringify(values), clock, supersedes: JSON.stringify(supersedes) });
  },
  /** Records created together (ChangeLog.insertMany): one FIELDS row each, as appendFields writes it, in one statement per block. */
  appendCreations(sqlite: Db, tbl: string, created: readonly { rowId: string; clock: string; values: Record<string, unknown> }[]): void {
    insertValues(
      sqlite,
      'INSERT INTO sync_outbox (tbl, row_id, field, value, clock, supersedes)',
      created.map((c) => [tbl, c.rowId, FIELDS, JSON.stringify(c.values), c.clock, '{}']),
    );
  },
  /** The changes up to `upTo`, oldest first, one per field. */
  upTo(sqlite: Db, upTo: number): StoredChange[] {
    return (
      prepared(sqlite, 'SELECT tbl, row_id, field, value, clock, supersedes FROM sync_outbox WHERE seq <= ? ORDER BY seq').all(upTo) as StoredChange[]
    ).flatMap(expand);
  },
  /** The sequence of the newest local change, or null when there is none to publish. */
  lastSeq(sqlite: Db): number | null {
    return (prepared(sqlite, 'SELECT max(seq) AS m FROM sync_outbox').get() as { m: number | null }).m;
  },
  isEmpty(sqlite: Db): boolean {
    return prepared(sqlite, 'SELECT 1 FROM sync_outbox LIMIT 1').get() === undefined;
  },
  /**
   * Records (not fields) with changes to publish: a new account is one. The status asks after
   * every edit, and counting distinct records over a large outbox (2.3 M rows after the biggest
   * sample data) took seconds; so the records counted are kept per connection, in a temporary
   * table SQLite fills itself from the rows newer than the last count (reading them into
   * JavaScript cost 9 µs a row: 11 s of a 100,000-row import). Rows leave the outbox from its start
   * (a publish), which moves its first sequence: the count then starts over. (A cloned laptop's
   * rotation drops single rows without moving it; the count is then high until the next publish,
   * never low.)
   */
  pendingRecords(sqlite: Db): number {
    const { lo, hi } = prepared(sqlite, 'SELECT min(seq) AS lo, max(seq) AS hi FROM sync_outbox').get() as { lo: number | null; hi: number | null };
    // Inside a caller's transaction the table's rows could be rolled back under the count: counted afresh.
    if (sqlite.inTransaction) return (prepared(sqlite, 'SELECT count(*) AS n FROM (SELECT DISTINCT tbl, row_id FROM sync_outbox)').get() as { n: number }).n;
    let cached = pendingCache.get(sqlite);
    if (lo === null || hi === null) {
      if (cached) prepared(sqlite, 'DELETE FROM temp.pending_records').run();
      pendingCache.delete(sqlite);
      return 0;
    }
    if (!cached)
      sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS pending_records (tbl TEXT NOT NULL, row_id TEXT NOT NULL, PRIMARY KEY (tbl, row_id)) WITHOUT ROWID');
    if (!cached || cached.first !== lo || hi < cached.last) {
      prepared(sqlite, 'DELETE FROM temp.pending_records').run();
      cached = { first: lo, last: lo - 1, count: 0 };
    }
    if (hi > cached.last) {
      cached.count += prepared(sqlite, 'INSERT OR IGNORE INTO temp.pending_records (tbl, row_id) SELECT tbl, row_id FROM sync_outbox WHERE seq > ?').run(
        cached.last,
      ).changes;
      cached.last = hi;
    }
    pendingCache.set(sqlite, cached);
    return cached.count;
  },
  holdsRecord(sqlite: Db, table: string, id: string): boolean {
    return prepared(sqlite, 'SELECT 1 FROM sync_outbox WHERE tbl = ? AND row_id = ? LIMIT 1').get(table, id) !== undefined;
  },
  removeUpTo(sqlite: Db, seq: number): void {
    prepared(sqlite, 'DELETE FROM sync_outbox WHERE seq <= ?').run(seq);
  },
  /** Drops one change (the same write, published by the other copy of a cloned laptop); whether it was here. */
  drop(sqlite: Db, table: string, id: string, field: string, clock: string, valueJson: string): boolean {
    let dropped =
      prepared(sqlite, 'DELETE FROM sync_outbox WHERE tbl = ? AND row_id = ? AND field = ? AND clock = ? AND value = ?').run(table, id, field, clock, valueJson)
        .changes > 0;
    // The field may be one of a write kept together: it leaves that row, which goes when it holds none.
    const together = prepared(sqlite, 'SELECT seq, value, supersedes FROM sync_outbox WHERE tbl = ? AND row_id = ? AND field = ? AND clock = ?').all(
      table,
      id,
      FIELDS,
      clock,
    ) as { seq: number; value: string; supersedes: string }[];
    for (const row of together) {
      const values = JSON.parse(row.value) as Record<string, unknown>;
      if (!(field in values) || JSON.stringify(values[field]) !== valueJson) continue;
      delete values[field];
      const supersedes = JSON.parse(row.supersedes) as Record<string, unknown>;
      delete supersedes[field];
      if (Object.keys(values).length === 0) prepared(sqlite, 'DELETE FROM sync_outbox WHERE seq = ?').run(row.seq);
      else prepared(sqlite, 'UPDATE sync_outbox SET value = ?, supersedes = ? WHERE seq = ?').run(JSON.stringify(values), JSON.stringify(supersedes), row.seq);
      dropped = true;
    }
    return dropped;
  },
};

// ---- Segments applied or published here ----

export interface SegmentRow {
  device: string;
  name: string;
  seq: number;
  hash: string;
}

export const segments = {
  all(sqlite: Db): SegmentRow[] {
    return prepared(sqlite, 'SELECT device, name, seq, hash FROM sync_segments ORDER BY device, seq, name').all() as SegmentRow[];
  },
  namesOf(sqlite: Db, device: string): Set<string> {
    return new Set(prepared(sqlite, 'SELECT name FROM sync_segments WHERE device = ?').pluck(true).all(device) as string[]);
  },
  hashOf(sqlite: Db, device: string, name: string): string | undefined {
    return prepared(sqlite, 'SELECT hash FROM sync_segments WHERE device = ? AND name = ?').pluck(true).get(device, name) as string | undefined;
  },
  hashesAt(sqlite: Db, device: string, seq: number): string[] {
    return prepared(sqlite, 'SELECT hash FROM sync_segments WHERE device = ? AND seq = ?').pluck(true).all(device, seq) as string[];
  },
  /** Other segments with this number from this device: a fork's sibling (a cloned laptop). */
  siblings(sqlite: Db, device: string, seq: number, hash: string): string[] {
    return prepared(sqlite, 'SELECT name FROM sync_segments WHERE device = ? AND seq = ? AND hash != ?').pluck(true).all(device, seq, hash) as string[];
  },
  /** Devices with two segments of one number applied or published here: the two copies of a cloned laptop. */
  forkedDevices(sqlite: Db): string[] {
    return prepared(sqlite, 'SELECT DISTINCT device FROM sync_segments GROUP BY device, seq HAVING count(DISTINCT hash) > 1').pluck(true).all() as string[];
  },
  record(sqlite: Db, row: SegmentRow): void {
    prepared(sqlite, 'INSERT OR IGNORE INTO sync_segments (device, name, seq, hash) VALUES (?, ?, ?, ?)').run(row.device, row.name, row.seq, row.hash);
  },
  /** After a bootstrap: what others published is in the snapshot, known by number only. */
  forgetAllBut(sqlite: Db, device: string): void {
    prepared(sqlite, 'DELETE FROM sync_segments WHERE device != ?').run(device);
  },
};

// ---- The bytes of our own segments, until they are collected ----

export const published = {
  record(sqlite: Db, device: string, name: string, seq: number, bytes: Buffer): void {
    prepared(sqlite, 'INSERT OR IGNORE INTO sync_published (device, name, seq, bytes) VALUES (?, ?, ?, ?)').run(device, name, seq, bytes);
  },
  bytesOf(sqlite: Db, device: string, name: string): Buffer | undefined {
    return prepared(sqlite, 'SELECT bytes FROM sync_published WHERE device = ? AND name = ?').pluck(true).get(device, name) as Buffer | undefined;
  },
  /** The bytes published again under the same name (sealed on a share's upgrade to encryption). */
  replace(sqlite: Db, device: string, name: string, bytes: Buffer): void {
    prepared(sqlite, 'UPDATE sync_published SET bytes = ? WHERE device = ? AND name = ?').run(bytes, device, name);
  },
  sizes(sqlite: Db): { device: string; name: string; size: number }[] {
    return prepared(sqlite, 'SELECT device, name, length(bytes) AS size FROM sync_published').all() as { device: string; name: string; size: number }[];
  },
  forgetUpTo(sqlite: Db, device: string, seq: number): void {
    prepared(sqlite, 'DELETE FROM sync_published WHERE device = ? AND seq <= ?').run(device, seq);
  },
};

// ---- Peers: what was applied from each other device ----

export interface PeerRow {
  device: string;
  appliedSeq: number;
  snapshotSeq: number;
  lastWall: number | null;
  retired: boolean;
}

export const peers = {
  all(sqlite: Db): PeerRow[] {
    return (
      prepared(sqlite, 'SELECT device, applied_seq AS appliedSeq, snapshot_seq AS snapshotSeq, last_wall AS lastWall, retired FROM sync_peers').all() as (Omit<
        PeerRow,
        'retired'
      > & { retired: number })[]
    ).map((p) => ({ ...p, retired: p.retired === 1 }));
  },
  /** A segment of `device` was applied: its number, hash and writer's clock, and when we heard. */
  applied(sqlite: Db, device: string, seq: number, hash: string, wall: number, seen: number): void {
    prepared(
      sqlite,
      `INSERT INTO sync_peers (device, applied_seq, last_hash, last_wall, last_seen) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(device) DO UPDATE SET applied_seq = max(applied_seq, excluded.applied_seq), last_hash = excluded.last_hash,
         last_wall = max(coalesce(last_wall, 0), excluded.last_wall), last_seen = excluded.last_seen, retired = 0`,
    ).run(device, seq, hash, wall, seen);
  },
  /** The id we left (a clone): what we published under it counts as applied. */
  atLeast(sqlite: Db, device: string, seq: number): void {
    prepared(
      sqlite,
      'INSERT INTO sync_peers (device, applied_seq) VALUES (?, ?) ON CONFLICT(device) DO UPDATE SET applied_seq = max(applied_seq, excluded.applied_seq)',
    ).run(device, seq);
  },
  /** After a bootstrap: exactly what the snapshot covers. */
  reset(sqlite: Db, vv: Record<string, number>, except: string, seen: number): void {
    prepared(sqlite, 'DELETE FROM sync_peers').run();
    const insert = prepared(sqlite, 'INSERT INTO sync_peers (device, applied_seq, snapshot_seq, last_seen) VALUES (?, ?, ?, ?)');
    for (const [device, seq] of Object.entries(vv)) if (device !== except) insert.run(device, seq, seq, seen);
  },
  setRetired(sqlite: Db, device: string, retired: boolean): void {
    prepared(sqlite, 'UPDATE sync_peers SET retired = ? WHERE device = ?').run(retired ? 1 : 0, device);
  },
  /** How far the newest clock of a device still counted runs ahead of when we read it (ms). */
  aheadMs(sqlite: Db): number | null {
    return (prepared(sqlite, 'SELECT max(last_wall - last_seen) AS ahead FROM sync_peers WHERE retired = 0').get() as { ahead: number | null }).ahead;
  },
};

// ---- Files on the share that could not be read ----

export interface QuarantineRow {
  path: string;
  reason: string;
  tries: number;
}

export const quarantine = {
  all(sqlite: Db): QuarantineRow[] {
    return prepared(sqlite, 'SELECT path, reason, tries FROM sync_quarantine ORDER BY path').all() as QuarantineRow[];
  },
  add(sqlite: Db, path: string, reason: string, now: number): void {
    prepared(
      sqlite,
      `INSERT INTO sync_quarantine (path, reason, first_seen, last_tried, tries) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT(path) DO UPDATE SET reason = excluded.reason, last_tried = excluded.last_tried, tries = tries + 1`,
    ).run(path, reason, now, now);
  },
  clear(sqlite: Db, path: string): void {
    prepared(sqlite, 'DELETE FROM sync_quarantine WHERE path = ?').run(path);
  },
};

// ---- Losing values of concurrent edits ----

export const conflicts = {
  of(sqlite: Db, table: string, id: string, field: string): StoredValue[] {
    return prepared(sqlite, 'SELECT clock, value FROM sync_conflicts WHERE tbl = ? AND row_id = ? AND field = ?').all(table, id, field) as StoredValue[];
  },
  add(sqlite: Db, table: string, id: string, field: string, loser: StoredValue): void {
    prepared(sqlite, 'INSERT OR IGNORE INTO sync_conflicts (tbl, row_id, field, clock, value) VALUES (?, ?, ?, ?, ?)').run(
      table,
      id,
      field,
      loser.clock,
      loser.value,
    );
  },
  clearField(sqlite: Db, table: string, id: string, field: string): void {
    prepared(sqlite, 'DELETE FROM sync_conflicts WHERE tbl = ? AND row_id = ? AND field = ?').run(table, id, field);
  },
  clearRecord(sqlite: Db, table: string, id: string): void {
    prepared(sqlite, 'DELETE FROM sync_conflicts WHERE tbl = ? AND row_id = ?').run(table, id);
  },
  clearAll(sqlite: Db): void {
    prepared(sqlite, 'DELETE FROM sync_conflicts').run();
  },
  /** Rows with at least one conflict, by table. */
  rows(sqlite: Db): Map<string, Set<string>> {
    const byTable = new Map<string, Set<string>>();
    for (const { tbl, rowId } of prepared(sqlite, 'SELECT DISTINCT tbl, row_id AS rowId FROM sync_conflicts').all() as { tbl: string; rowId: string }[]) {
      let ids = byTable.get(tbl);
      if (!ids) byTable.set(tbl, (ids = new Set()));
      ids.add(rowId);
    }
    return byTable;
  },
  /** Which of these rows of a table have a conflict. */
  rowsAmong(sqlite: Db, table: string, ids: string[]): Set<string> {
    return new Set(
      prepared(sqlite, 'SELECT DISTINCT row_id FROM sync_conflicts WHERE tbl = ? AND row_id IN (SELECT value FROM json_each(?))')
        .pluck(true)
        .all(table, JSON.stringify(ids)) as string[],
    );
  },
  /** Every conflict value, in a fixed order (exports, snapshots, the Conflicts view). */
  all(sqlite: Db): (StoredValue & { tbl: string; row_id: string; field: string })[] {
    return prepared(sqlite, 'SELECT tbl, row_id, field, clock, value FROM sync_conflicts ORDER BY tbl, row_id, field, clock, value').all() as (StoredValue & {
      tbl: string;
      row_id: string;
      field: string;
    })[];
  },
  /** The same as value lists (a snapshot's lines), read one at a time. */
  eachValues(sqlite: Db): Iterable<string[]> {
    return prepared(sqlite, 'SELECT tbl, row_id, field, clock, value FROM sync_conflicts ORDER BY tbl, row_id, field, clock, value')
      .raw(true)
      .iterate() as Iterable<string[]>;
  },
  /** Fields with a conflict to settle (what the status bar counts). */
  openFields(sqlite: Db): number {
    return (prepared(sqlite, 'SELECT count(*) AS n FROM (SELECT DISTINCT tbl, row_id, field FROM sync_conflicts)').get() as { n: number }).n;
  },
};

// ---- Changes kept: for columns this version does not know, for records emptied from the bin ----
// Keyed by value too, as conflicts are: two values under one clock (a cloned laptop's two copies
// stamp alike) are two changes, and neither is dropped.

export const pending = {
  all(sqlite: Db): StoredChange[] {
    return prepared(sqlite, 'SELECT tbl, row_id, field, value, clock, supersedes FROM sync_pending ORDER BY clock, value').all() as StoredChange[];
  },
  /** As value lists in a fixed order (a snapshot's lines), read one at a time. */
  eachValues(sqlite: Db): Iterable<string[]> {
    return prepared(sqlite, 'SELECT tbl, row_id, field, value, clock, supersedes FROM sync_pending ORDER BY tbl, row_id, field, clock, value')
      .raw(true)
      .iterate() as Iterable<string[]>;
  },
  keep(sqlite: Db, change: StoredChange): void {
    prepared(sqlite, 'INSERT OR IGNORE INTO sync_pending (tbl, row_id, field, value, clock, supersedes) VALUES (?, ?, ?, ?, ?, ?)').run(
      change.tbl,
      change.row_id,
      change.field,
      change.value,
      change.clock,
      change.supersedes,
    );
  },
  release(sqlite: Db, change: Pick<StoredChange, 'tbl' | 'row_id' | 'field' | 'clock' | 'value'>): void {
    prepared(sqlite, 'DELETE FROM sync_pending WHERE tbl = ? AND row_id = ? AND field = ? AND clock = ? AND value = ?').run(
      change.tbl,
      change.row_id,
      change.field,
      change.clock,
      change.value,
    );
  },
};

export const orphans = {
  keep(sqlite: Db, change: StoredChange): void {
    prepared(sqlite, 'INSERT OR IGNORE INTO sync_orphans (tbl, row_id, field, clock, value, supersedes) VALUES (?, ?, ?, ?, ?, ?)').run(
      change.tbl,
      change.row_id,
      change.field,
      change.clock,
      change.value,
      change.supersedes,
    );
  },
  all(sqlite: Db): (StoredValue & { tbl: string; row_id: string; field: string })[] {
    return prepared(sqlite, 'SELECT tbl, row_id, field, clock, value FROM sync_orphans ORDER BY tbl, row_id, field, clock, value').all() as (StoredValue & {
      tbl: string;
      row_id: string;
      field: string;
    })[];
  },
  /** Forgets what was kept of one record (a per-person erase: no old value may stay behind). */
  forgetRecord(sqlite: Db, table: string, id: string): void {
    prepared(sqlite, 'DELETE FROM sync_orphans WHERE tbl = ? AND row_id = ?').run(table, id);
  },
};

// ---- Records emptied from the bin for good ----

export const purged = {
  /** Remembers a purged id with the smallest purge clock, so every device remembers the same one. */
  remember(sqlite: Db, table: string, id: string, clock: string): void {
    prepared(
      sqlite,
      'INSERT INTO sync_purged (tbl, row_id, clock) VALUES (?, ?, ?) ON CONFLICT(tbl, row_id) DO UPDATE SET clock = min(clock, excluded.clock)',
    ).run(table, id, clock);
  },
  /** Which of these ids of a table were purged. */
  among(sqlite: Db, table: string, ids: string[]): Set<string> {
    return new Set(
      prepared(sqlite, 'SELECT row_id FROM sync_purged WHERE tbl = ? AND row_id IN (SELECT value FROM json_each(?))')
        .pluck(true)
        .all(table, JSON.stringify(ids)) as string[],
    );
  },
  all(sqlite: Db): { tbl: string; row_id: string; clock: string }[] {
    return prepared(sqlite, 'SELECT tbl, row_id, clock FROM sync_purged ORDER BY tbl, row_id').all() as { tbl: string; row_id: string; clock: string }[];
  },
  eachValues(sqlite: Db): Iterable<string[]> {
    return prepared(sqlite, 'SELECT tbl, row_id, clock FROM sync_purged ORDER BY tbl, row_id').raw(true).iterate() as Iterable<string[]>;
  },
};
