/**
 * A full archive of the store: the synced state as a snapshot (snapshot.ts: every row with its
 * field clocks, open conflicts, changes waiting on others, what was emptied from the bin) behind
 * one line that names it. An empty store that imports it holds the same data — the same canonical
 * export — and can join the team's share like any device that bootstrapped from that snapshot.
 * Private note bodies travel sealed to their author (services/privacy-keys.ts), never in clear.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { conflicts, peers as peerRows } from '../store/bookkeeping';
import { readDeviceId } from '../store/meta';
import { deferSearchIndex } from '../store/search-index';
import { setAsideIndexes, syncedTablesOf } from '../store/synced-tables';
import { versionVector } from './round';
import { SNAPSHOTS_DIR, Share } from './share';
import { clockPastSnapshot, loadSnapshot, readSnapshot, writeSnapshot } from './snapshot';

export const ARCHIVE_FORMAT = 'rapport-archive';
export const ARCHIVE_VERSION = 1;

/** Why an archive was refused: a catalog key under `errors.archive_…` and its parameters. */
export class ArchiveError extends Error {
  constructor(
    readonly reason: 'not_archive' | 'newer' | 'not_empty' | 'damaged',
    readonly params: Record<string, unknown> = {},
  ) {
    super(`archive refused: ${reason}`);
  }
}

/** Writes the archive to `path`; answers how many rows it holds. */
export function writeArchive(sqlite: Database.Database, path: string, meta: { schema: number; appVersion: string }): number {
  const scratch = mkdtempSync(join(tmpdir(), 'rapport-archive-'));
  try {
    const share = new Share(scratch);
    mkdirSync(join(scratch, SNAPSHOTS_DIR), { recursive: true });
    const name = writeSnapshot(sqlite, share, { ...meta, device: readDeviceId(sqlite), wall: Date.now(), vv: versionVector(sqlite) });
    const rows = readSnapshot(share, name).header.rows;
    const line = `${JSON.stringify({ format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, snapshot: name })}\n`;
    const out = openSync(path, 'w', 0o600);
    try {
      writeSync(out, line);
      writeSync(out, readFileSync(join(scratch, SNAPSHOTS_DIR, name)));
    } finally {
      closeSync(out);
    }
    return rows;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Loads an archive into this store, which must hold no synced rows; answers how many rows it loaded. */
export function readArchive(sqlite: Database.Database, path: string, now: () => number = Date.now): number {
  const head = firstLine(path);
  let meta: { format?: unknown; version?: unknown; snapshot?: unknown };
  try {
    meta = JSON.parse(head.text) as typeof meta;
  } catch {
    throw new ArchiveError('not_archive');
  }
  if (meta.format !== ARCHIVE_FORMAT || typeof meta.snapshot !== 'string' || !/^snap-[0-9a-f]+\.rsnap$/.test(meta.snapshot))
    throw new ArchiveError('not_archive');
  if (typeof meta.version !== 'number' || meta.version > ARCHIVE_VERSION) throw new ArchiveError('newer', { version: meta.version });
  const tables = [...syncedTablesOf(sqlite).keys()];
  const held = tables.reduce((n, t) => n + (sqlite.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n, 0);
  if (held > 0) throw new ArchiveError('not_empty', { rows: held });

  const scratch = mkdtempSync(join(tmpdir(), 'rapport-archive-'));
  try {
    mkdirSync(join(scratch, SNAPSHOTS_DIR), { recursive: true });
    writeFileSync(join(scratch, SNAPSHOTS_DIR, meta.snapshot), readFileSync(path).subarray(head.bytes));
    const share = new Share(scratch);
    let snap;
    try {
      // Verified whole first (its name is its content's hash, its line count in its footer).
      snap = readSnapshot(share, meta.snapshot);
    } catch (error) {
      throw new ArchiveError('damaged', { detail: (error as Error).message });
    }
    const me = readDeviceId(sqlite);
    let rows = 0;
    sqlite
      .transaction(() => {
        deferSearchIndex(sqlite);
        const restore = setAsideIndexes(sqlite, tables, { empty: true });
        conflicts.clearAll(sqlite);
        rows = loadSnapshot(sqlite, snap);
        restore();
        // What the archive holds of each device's segments counts as applied here, as after a bootstrap.
        peerRows.reset(sqlite, snap.header.vv, me, now());
        clockPastSnapshot(sqlite, snap.header, tables, now);
      })
      .immediate();
    return rows;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The archive's first line and its length in bytes (newline included), read without loading the file. */
function firstLine(path: string): { text: string; bytes: number } {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    const end = buffer.subarray(0, read).indexOf(0x0a);
    if (end < 0) throw new ArchiveError('not_archive');
    return { text: buffer.toString('utf8', 0, end), bytes: end + 1 };
  } finally {
    closeSync(fd);
  }
}
