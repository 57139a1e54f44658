/**
 * Snapshots: the whole synced state (rows with their field clocks, open conflicts, changes kept
 * for unknown columns) and the version vector it covers, in one content-named file. A new laptop
 * loads the newest valid snapshot and then only the segments after it; segments a snapshot
 * covers can then be garbage-collected.
 *
 *   gzip( header-line  ["r", table, id, [value…], clocks, updatedAt]*  ["c", table, id, field, clock, value]*
 *         ["p", table, id, field, value, clock, supersedes]*  ["x", table, id, purgeClock]*  footer-line )
 *
 * A row's values follow the order of `columns[table]` in the header. Files are written and read
 * as bytes, line by line, never as one string (a million touchpoints exceed V8's longest string).
 * A snapshot is content-named and never changes, so a header verified once is remembered here.
 */
import type Database from 'better-sqlite3';
import { syncedTablesOf, type FieldClocks, type SqlValue } from './changes';
import { deleteMeta, writeMeta } from '../store/meta';
import { openLines, sealLines, BadFileError } from './segment';
import { SNAPSHOTS_DIR, Share, snapshotHashOf } from './share';

export const SNAPSHOT_FORMAT = 'rapport-snapshot';
export const SNAPSHOT_VERSION = 1;

export interface SnapshotHeader {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  schema: number;
  appVersion: string;
  device: string;
  wall: number;
  /** Every change of every segment up to these sequences is in the snapshot. */
  vv: Record<string, number>;
  /** The fields of each table, in the order a row line lists its values. */
  columns: Record<string, string[]>;
  rows: number;
}

type SnapshotLine =
  | ['r', string, string, SqlValue[], FieldClocks, string]
  | ['c', string, string, string, string, string]
  | ['p', string, string, string, string, string, string]
  | ['x', string, string, string];

/** Writes the snapshot of this store to the share; returns its file name (the same content gives the same name). */
export function writeSnapshot(
  sqlite: Database.Database,
  share: Share,
  meta: { schema: number; appVersion: string; device: string; wall: number; vv: Record<string, number> },
): string {
  const tables = [...syncedTablesOf(sqlite).values()].sort((a, b) => a.name.localeCompare(b.name));
  const columns = Object.fromEntries(tables.map((t) => [t.name, t.fields]));
  let rows = 0;
  for (const t of tables) rows += (sqlite.prepare(`SELECT count(*) AS n FROM ${t.name}`).get() as { n: number }).n;
  const header: SnapshotHeader = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, ...meta, columns, rows };
  function* lines(): Generator<string> {
    yield JSON.stringify(header);
    for (const info of tables) {
      const select = sqlite.prepare(`SELECT id, ${info.fields.join(', ')}, sync_clocks, updated_at FROM ${info.name} ORDER BY id`).raw();
      for (const row of select.iterate() as Iterable<SqlValue[]>) {
        const values = row.slice(1, 1 + info.fields.length);
        const line: SnapshotLine = [
          'r',
          info.name,
          String(row[0]),
          values,
          JSON.parse(String(row[1 + info.fields.length])) as FieldClocks,
          String(row[2 + info.fields.length]),
        ];
        yield JSON.stringify(line);
      }
    }
    for (const c of sqlite
      .prepare('SELECT tbl, row_id, field, clock, value FROM sync_conflicts ORDER BY tbl, row_id, field, clock')
      .raw()
      .iterate() as Iterable<string[]>) {
      yield JSON.stringify(['c', ...c]);
    }
    for (const p of sqlite
      .prepare('SELECT tbl, row_id, field, value, clock, supersedes FROM sync_pending ORDER BY tbl, row_id, field, clock')
      .raw()
      .iterate() as Iterable<string[]>) {
      yield JSON.stringify(['p', ...p]);
    }
    for (const x of sqlite.prepare('SELECT tbl, row_id, clock FROM sync_purged ORDER BY tbl, row_id').raw().iterate() as Iterable<string[]>) {
      yield JSON.stringify(['x', ...x]);
    }
  }
  const { bytes, hash } = sealLines(lines());
  const name = `snap-${hash}.rsnap`;
  share.publish(bytes, SNAPSHOTS_DIR, name);
  return name;
}

export interface SnapshotFile {
  name: string;
  header: SnapshotHeader;
  /** The lines after the header, decoded one at a time. */
  lines(): Generator<string>;
}

export function readSnapshot(share: Share, name: string): SnapshotFile {
  const opened = openLines(share.read(SNAPSHOTS_DIR, name));
  if (snapshotHashOf(name) !== opened.hash) throw new BadFileError('checksum', 'snapshot content does not match its name');
  const all = opened.lines();
  const first = all.next();
  const header = JSON.parse(first.done ? 'null' : first.value) as SnapshotHeader | null;
  if (!header || header.format !== SNAPSHOT_FORMAT || header.version > SNAPSHOT_VERSION || !header.columns) {
    throw new BadFileError('unknown-format', 'not a snapshot this app reads');
  }
  return {
    name,
    header,
    *lines() {
      const rest = opened.lines();
      rest.next();
      yield* rest;
    },
  };
}

const cover = (vv: Record<string, number>) => Object.values(vv).reduce((a, b) => a + b, 0);

/** True when `a` has applied at least what `b` has, for every device. */
export const dominates = (a: Record<string, number>, b: Record<string, number>): boolean => Object.entries(b).every(([device, seq]) => (a[device] ?? 0) >= seq);

/** Snapshot headers verified on an earlier round, by file name (a snapshot never changes). */
export function cachedSnapshotHeaders(sqlite: Database.Database): Map<string, SnapshotHeader> {
  const rows = sqlite.prepare("SELECT key, value FROM local_meta WHERE key LIKE 'snapshot:%'").all() as { key: string; value: string }[];
  return new Map(rows.map((r) => [r.key.slice('snapshot:'.length), JSON.parse(r.value) as SnapshotHeader]));
}

/**
 * The newest readable snapshot (the one covering the most segments), by its header. Headers are
 * remembered once verified, so an ordinary round does not unzip every snapshot on the share.
 * Unreadable files are passed to `onBad` and skipped.
 */
export function newestSnapshot(
  share: Share,
  sqlite: Database.Database,
  onBad: (name: string, error: unknown) => void,
): { name: string; header: SnapshotHeader } | null {
  const names = share.listSnapshots();
  const cached = cachedSnapshotHeaders(sqlite);
  let best: { name: string; header: SnapshotHeader } | null = null;
  for (const name of names.sort()) {
    let header = cached.get(name);
    if (!header) {
      try {
        header = readSnapshot(share, name).header;
        writeMeta(sqlite, `snapshot:${name}`, header);
      } catch (error) {
        onBad(name, error);
        continue;
      }
    }
    sqlite.prepare('DELETE FROM sync_quarantine WHERE path = ?').run(`${SNAPSHOTS_DIR}/${name}`);
    // Newest: one that covers at least as much of every device (a later state); by total when
    // neither covers the other.
    if (!best || dominates(header.vv, best.header.vv) || (!dominates(best.header.vv, header.vv) && cover(header.vv) > cover(best.header.vv)))
      best = { name, header };
  }
  // Forget snapshots that are gone from the share.
  const listed = new Set(names);
  for (const name of cached.keys()) if (!listed.has(name)) deleteMeta(sqlite, `snapshot:${name}`);
  return best;
}

/**
 * Loads a snapshot into a store whose synced tables are empty (a new device, or one that
 * re-bootstraps after its outbox was set aside): plain inserts, no merge needed.
 */
export function loadSnapshot(sqlite: Database.Database, snap: SnapshotFile): number {
  const tables = syncedTablesOf(sqlite);
  const inserts = new Map<string, Database.Statement>();
  let rows = 0;
  for (const line of snap.lines()) {
    const entry = JSON.parse(line) as SnapshotLine;
    if (entry[0] === 'r') {
      const [, table, id, list, allClocks, updatedAt] = entry;
      const names = snap.header.columns[table] ?? [];
      const values: Record<string, SqlValue> = {};
      names.forEach((field, i) => (values[field] = list[i] ?? null));
      const info = tables.get(table);
      const known = info ? Object.keys(values).filter((f) => info.fields.includes(f)) : [];
      // Clocks of fields this version does not know stay with their pending changes, not on the row.
      const clocks: FieldClocks = Object.fromEntries(Object.entries(allClocks).filter(([f]) => f === '*' || known.includes(f)));
      if (info) {
        const key = `${table}:${known.join(',')}`;
        let stmt = inserts.get(key);
        if (!stmt) {
          stmt = sqlite.prepare(
            `INSERT INTO ${table} (id, ${known.map((f) => `${f}, `).join('')}updated_at, sync_clocks) VALUES (?, ${known.map(() => '?, ').join('')}?, ?)`,
          );
          inserts.set(key, stmt);
        }
        stmt.run(id, ...known.map((f) => values[f] ?? null), updatedAt, JSON.stringify(clocks));
        rows++;
      }
      // Fields (or a whole table) this version does not know are kept as pending changes.
      for (const field of Object.keys(values).filter((f) => !known.includes(f))) {
        const clock = allClocks[field] ?? allClocks['*'] ?? '';
        sqlite
          .prepare('INSERT OR IGNORE INTO sync_pending (tbl, row_id, field, value, clock, supersedes) VALUES (?, ?, ?, ?, ?, ?)')
          .run(table, id, field, JSON.stringify(values[field] ?? null), clock, '[]');
      }
      if (!info && allClocks['*']) {
        sqlite
          .prepare("INSERT OR IGNORE INTO sync_pending (tbl, row_id, field, value, clock, supersedes) VALUES (?, ?, '*', 'null', ?, '[]')")
          .run(table, id, allClocks['*']);
      }
    } else if (entry[0] === 'c') {
      const [, table, id, field, clock, value] = entry;
      sqlite.prepare('INSERT OR IGNORE INTO sync_conflicts (tbl, row_id, field, clock, value) VALUES (?, ?, ?, ?, ?)').run(table, id, field, clock, value);
    } else if (entry[0] === 'x') {
      const [, table, id, clock] = entry;
      sqlite.prepare('INSERT OR IGNORE INTO sync_purged (tbl, row_id, clock) VALUES (?, ?, ?)').run(table, id, clock);
    } else {
      const [, table, id, field, value, clock, supersedes] = entry;
      sqlite
        .prepare('INSERT OR IGNORE INTO sync_pending (tbl, row_id, field, value, clock, supersedes) VALUES (?, ?, ?, ?, ?, ?)')
        .run(table, id, field, value, clock, supersedes);
    }
  }
  return rows;
}
