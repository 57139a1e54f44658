/**
 * Snapshots: the whole synced state (rows with their field clocks, open conflicts, changes kept
 * for unknown columns) and the version vector it covers, in one content-named file. A new laptop
 * loads the newest valid snapshot and then only the segments after it; segments a snapshot
 * covers can then be garbage-collected.
 *
 *   gzip( header-line  ["r", table, id, {field: value}, clocks, updatedAt]*  ["c", table, id, field, clock, value]*
 *         ["p", table, id, field, value, clock, supersedes]*  footer-line )
 */
import type Database from 'better-sqlite3';
import { syncedTablesOf, type FieldClocks, type SqlValue } from './changes';
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
  rows: number;
}

type SnapshotLine =
  | ['r', string, string, Record<string, SqlValue>, FieldClocks, string]
  | ['c', string, string, string, string, string]
  | ['p', string, string, string, string, string, string];

/** Writes the snapshot of this store to the share; returns its file name (the same content gives the same name). */
export function writeSnapshot(
  sqlite: Database.Database,
  share: Share,
  meta: { schema: number; appVersion: string; device: string; wall: number; vv: Record<string, number> },
): string {
  const lines: string[] = [];
  let rows = 0;
  for (const info of [...syncedTablesOf(sqlite).values()].sort((a, b) => a.name.localeCompare(b.name))) {
    for (const row of sqlite.prepare(`SELECT * FROM ${info.name} ORDER BY id`).iterate() as Iterable<Record<string, SqlValue>>) {
      const values: Record<string, SqlValue> = {};
      for (const f of info.fields) values[f] = row[f] ?? null;
      lines.push(JSON.stringify(['r', info.name, String(row.id), values, JSON.parse(String(row.sync_clocks)), String(row.updated_at)] satisfies SnapshotLine));
      rows++;
    }
  }
  for (const c of sqlite.prepare('SELECT tbl, row_id, field, clock, value FROM sync_conflicts ORDER BY tbl, row_id, field, clock').all() as {
    tbl: string;
    row_id: string;
    field: string;
    clock: string;
    value: string;
  }[]) {
    lines.push(JSON.stringify(['c', c.tbl, c.row_id, c.field, c.clock, c.value] satisfies SnapshotLine));
  }
  for (const p of sqlite.prepare('SELECT tbl, row_id, field, value, clock, supersedes FROM sync_pending ORDER BY tbl, row_id, field, clock').all() as {
    tbl: string;
    row_id: string;
    field: string;
    value: string;
    clock: string;
    supersedes: string;
  }[]) {
    lines.push(JSON.stringify(['p', p.tbl, p.row_id, p.field, p.value, p.clock, p.supersedes] satisfies SnapshotLine));
  }
  const header: SnapshotHeader = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, ...meta, rows };
  // The header's wall time would make equal states differ; the name hashes the content lines only.
  const { bytes, hash } = sealLines([JSON.stringify(header), ...lines]);
  const name = `snap-${hash}.rsnap`;
  share.publish(bytes, SNAPSHOTS_DIR, name);
  return name;
}

export interface SnapshotFile {
  name: string;
  header: SnapshotHeader;
  lines: string[];
}

export function readSnapshot(share: Share, name: string): SnapshotFile {
  const { lines, hash } = openLines(share.read(SNAPSHOTS_DIR, name));
  if (snapshotHashOf(name) !== hash) throw new BadFileError('checksum', 'snapshot content does not match its name');
  const header = JSON.parse(lines[0] ?? 'null') as SnapshotHeader | null;
  if (!header || header.format !== SNAPSHOT_FORMAT || header.version > SNAPSHOT_VERSION) throw new BadFileError('unknown-format', 'not a snapshot this app reads');
  return { name, header, lines: lines.slice(1) };
}

/** The newest readable snapshot: the one covering the most segments. Unreadable ones are skipped. */
export function newestSnapshot(share: Share, onBad: (name: string, error: unknown) => void): SnapshotFile | null {
  let best: SnapshotFile | null = null;
  let bestCover = -1;
  for (const name of share.listSnapshots()) {
    try {
      const snap = readSnapshot(share, name);
      const cover = Object.values(snap.header.vv).reduce((a, b) => a + b, 0);
      if (cover > bestCover || (cover === bestCover && best && name < best.name)) {
        best = snap;
        bestCover = cover;
      }
    } catch (error) {
      onBad(name, error);
    }
  }
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
  for (const line of snap.lines) {
    const entry = JSON.parse(line) as SnapshotLine;
    if (entry[0] === 'r') {
      const [, table, id, values, allClocks, updatedAt] = entry;
      const info = tables.get(table);
      const known = info ? Object.keys(values).filter((f) => info.fields.includes(f)) : [];
      // Clocks of fields this version does not know stay with their pending changes, not on the row.
      const clocks: FieldClocks = Object.fromEntries(Object.entries(allClocks).filter(([f]) => f === '*' || known.includes(f)));
      if (info) {
        const key = `${table}:${known.join(',')}`;
        let stmt = inserts.get(key);
        if (!stmt) {
          stmt = sqlite.prepare(`INSERT INTO ${table} (id, ${known.map((f) => `${f}, `).join('')}updated_at, sync_clocks) VALUES (?, ${known.map(() => '?, ').join('')}?, ?)`);
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
        sqlite.prepare("INSERT OR IGNORE INTO sync_pending (tbl, row_id, field, value, clock, supersedes) VALUES (?, ?, '*', 'null', ?, '[]')").run(table, id, allClocks['*']);
      }
    } else if (entry[0] === 'c') {
      const [, table, id, field, clock, value] = entry;
      sqlite.prepare('INSERT OR IGNORE INTO sync_conflicts (tbl, row_id, field, clock, value) VALUES (?, ?, ?, ?, ?)').run(table, id, field, clock, value);
    } else {
      const [, table, id, field, value, clock, supersedes] = entry;
      sqlite.prepare('INSERT OR IGNORE INTO sync_pending (tbl, row_id, field, value, clock, supersedes) VALUES (?, ?, ?, ?, ?, ?)').run(table, id, field, value, clock, supersedes);
    }
  }
  return rows;
}
