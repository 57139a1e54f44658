/**
 * The drizzle schema of the local store. `migrations/` is generated from this file by drizzle-kit
 * (`npm run db:generate`); a released migration is never edited, only followed by a new one.
 *
 * Synced tables (the domain) share one shape, `syncedColumns`: a text id made on the device
 * (UUIDv7, never autoincrement), the LWW clock of every field in `sync_clocks`, and a tombstone
 * (`deleted_at`). Every domain column has a default, because a remote change may carry one field
 * of a row this device has not seen whole yet. Writes go through electron/sync/changes.ts only.
 */
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const syncedColumns = () => ({
  id: text('id').primaryKey(),
  createdAt: text('created_at').notNull().default(''),
  /** Derived on every device from the newest clock of the row, so it is the same everywhere. */
  updatedAt: text('updated_at').notNull().default(''),
  /** The tombstone: set when the record is in the bin, cleared on restore. Synced like any field. */
  deletedAt: text('deleted_at'),
  /** JSON `{ "*": clock, field: clock }`: the clock of each field's current value (`*` for the rest). */
  syncClocks: text('sync_clocks').notNull().default('{}'),
});

export const accounts = sqliteTable(
  'accounts',
  {
    ...syncedColumns(),
    name: text('name').notNull().default(''),
  },
  (t) => [index('accounts_deleted_at_idx').on(t.deletedAt)],
);

/** The domain tables that sync; the order is the order of export and snapshot. */
export const syncedTables = { accounts } as const;

// ---- Local bookkeeping: never synced as such. ----

/** Facts about this installation (device id, clock state, share folder, …). */
export const localMeta = sqliteTable('local_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Local changes not yet published to the share, in the order they were made. */
export const syncOutbox = sqliteTable('sync_outbox', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  tbl: text('tbl').notNull(),
  rowId: text('row_id').notNull(),
  field: text('field').notNull(),
  /** JSON of the SQLite value. */
  value: text('value').notNull(),
  clock: text('clock').notNull(),
  /** JSON array of the clocks this value replaced (what the writer saw); empty for a new field. */
  supersedes: text('supersedes').notNull(),
});

/**
 * Values that lost to a concurrent edit of the same field: the user reviews them (Conflicts view)
 * and keeps the winner or restores one of these. One row per losing value.
 */
export const syncConflicts = sqliteTable(
  'sync_conflicts',
  {
    tbl: text('tbl').notNull(),
    rowId: text('row_id').notNull(),
    field: text('field').notNull(),
    clock: text('clock').notNull(),
    value: text('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tbl, t.rowId, t.field, t.clock] })],
);

/** The version vector: per device, the last segment applied here, and what we know of it. */
export const syncPeers = sqliteTable('sync_peers', {
  device: text('device').primaryKey(),
  appliedSeq: integer('applied_seq').notNull().default(0),
  /** SHA-256 of the last applied segment: the next one must name it as its predecessor. */
  lastHash: text('last_hash'),
  /** The writer's wall clock (ms) in its last segment header, for the clock-skew warning. */
  lastWall: integer('last_wall'),
  /** When this device last saw activity from that peer (local ms). */
  lastSeen: integer('last_seen'),
  retired: integer('retired').notNull().default(0),
  /** Segments up to here came inside a snapshot: their files are never read (they may be gone). */
  snapshotSeq: integer('snapshot_seq').notNull().default(0),
});

/** Every segment file applied here (or published from here), so a late fork of a cloned device is still read. */
export const syncSegments = sqliteTable(
  'sync_segments',
  {
    device: text('device').notNull(),
    name: text('name').notNull(),
    seq: integer('seq').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.device, t.name] })],
);

/** Changes for tables or columns this version does not know: kept and replayed after an upgrade. */
export const syncPending = sqliteTable(
  'sync_pending',
  {
    tbl: text('tbl').notNull(),
    rowId: text('row_id').notNull(),
    field: text('field').notNull(),
    clock: text('clock').notNull(),
    value: text('value').notNull(),
    supersedes: text('supersedes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tbl, t.rowId, t.field, t.clock] })],
);

/** Share files that could not be read, with why; retried on later rounds. */
export const syncQuarantine = sqliteTable('sync_quarantine', {
  path: text('path').primaryKey(),
  reason: text('reason').notNull(),
  firstSeen: integer('first_seen').notNull(),
  lastTried: integer('last_tried').notNull(),
  tries: integer('tries').notNull().default(1),
});
