/**
 * Snapshots: the whole synced state (rows with their field clocks, open conflicts, changes kept
 * for unknown columns) and the version vector it covers, in one content-named file. A new laptop
 * loads the newest valid snapshot and then only the segments after it; segments a snapshot
 * covers can then be garbage-collected.
 *
 *   gzip( header-line  ["r", table, id, [value…], clocks, updatedAt]*  ["c", table, id, field, clock, value]*
 *         ["p", table, id, field, value, clock, supersedes]*  ["x", table, id, purgeClock]*  footer-line )
 *
 * A row's values follow the order of `columns[table]` in the header. A snapshot of a million
 * touchpoints is over half a gigabyte of text: it is written to its file and read from it a
 * member at a time (segment.ts), never held whole. A snapshot is content-named and never
 * changes, so a header verified once is remembered here.
 */
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { conflicts, pending, purged, quarantine } from '../store/bookkeeping';
import { eachRowValues, newestUpdate, rowCount, syncedTablesOf, type SyncedTableInfo } from '../store/synced-tables';
import { readClockState, writeClockState, type FieldClocks, type SqlValue } from './changes';
import { encodeClock, HybridClock, isClock, type Clock } from './hlc';
import { deleteMeta, readDeviceId, readMetaWithPrefix, writeMeta } from '../store/meta';
import { BadFileError, EnvelopeReader, LineSealer, jsonArrayOf, linesOf } from './segment';
import { contentOf, SealWriter } from './seal';
import { bodyRuns, threadedRuns } from './snapshot-runs';
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
  /**
   * The writer's clock as it wrote the snapshot: later than every change the snapshot holds, so a
   * device loading it moves its own clock past this (bootstrap.ts). Absent from snapshots written
   * before it was added: the newest change is then looked up in the loaded rows.
   */
  clock?: Clock;
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
  for (const t of tables) rows += rowCount(sqlite, t.name);
  const clock = encodeClock({ ...readClockState(sqlite), device: meta.device });
  const header: SnapshotHeader = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, ...meta, columns, rows, clock };
  // Its writer's id in the temporary name: only the writer clears one its crash left behind (maintenance.ts).
  const file = share.create(`snapshot-${meta.device}`, SNAPSHOTS_DIR);
  let name: string;
  try {
    // On an encrypted share each gzip member becomes one sealed record (seal.ts).
    const sealed = share.keys ? new SealWriter(share.keys, (bytes) => file.write(bytes)) : null;
    const sealer = new LineSealer((bytes) => (sealed ? sealed.write(bytes) : file.write(bytes)));
    sealer.add(JSON.stringify(header));
    for (const info of tables) {
      for (const row of eachRowValues(sqlite, info.name)) {
        const values = row.slice(1, 1 + info.fields.length);
        const line: SnapshotLine = [
          'r',
          info.name,
          String(row[0]),
          values,
          JSON.parse(String(row[1 + info.fields.length])) as FieldClocks,
          String(row[2 + info.fields.length]),
        ];
        sealer.add(JSON.stringify(line));
      }
    }
    for (const c of conflicts.eachValues(sqlite)) sealer.add(JSON.stringify(['c', ...c]));
    for (const p of pending.eachValues(sqlite)) sealer.add(JSON.stringify(['p', ...p]));
    for (const x of purged.eachValues(sqlite)) sealer.add(JSON.stringify(['x', ...x]));
    name = `snap-${sealer.end()}.rsnap`;
    sealed?.end();
  } catch (error) {
    file.discard();
    throw error;
  }
  file.publish(name);
  return name;
}

/**
 * Moves this device's clock past everything a snapshot just loaded holds, as if every change in it
 * had been read (bootstrap.ts, archive.ts): past its writer's clock, or, in a snapshot that does
 * not say it, past its newest change (to the ms of its `updated_at`).
 */
export function clockPastSnapshot(sqlite: Database.Database, header: SnapshotHeader, tables: string[], now: () => number): void {
  let newest: Clock | null = isClock(header.clock) ? header.clock : null;
  if (!newest) {
    const updated = newestUpdate(sqlite, tables);
    if (updated) newest = encodeClock({ wall: Date.parse(updated), counter: 0, device: '' });
  }
  if (!newest) return;
  const clock = new HybridClock(readDeviceId(sqlite), readClockState(sqlite), now);
  clock.observe(newest);
  writeClockState(sqlite, clock.current);
}

export interface SnapshotFile {
  name: string;
  header: SnapshotHeader;
  /** The lines after the header, decoded one at a time. */
  lines(): Generator<string>;
  /** The same lines as runs of whole lines (bytes, each line ending in "\n"): what loadSnapshot reads. */
  runs(): Generator<Buffer>;
}

/** Headers of snapshot files verified by this process, by path, with the signature of the file verified. */
const verified = new Map<string, { signature: string; header: SnapshotHeader }>();
/** Enough for every snapshot one round looks at (a share keeps a few). */
const VERIFIED_KEPT = 16;

/**
 * Opens a snapshot after verifying all of it (footer checksum and line count, name = content
 * hash, a format this app reads), in a streaming pass of its own; loading it is a second pass.
 * Why not verify while loading, in one pass: the engine quarantines a file that readSnapshot
 * refuses and goes on (with an older snapshot, or with segments), whereas a file found bad at the
 * end of a load could only abort the round, every round. newestSnapshot verifies a new snapshot
 * and the bootstrap opens it again in the same round: the same file (same size, mtime and inode)
 * is not verified twice. Reading it (runs(), lines()) checks it again as it goes and throws at the
 * end should it differ from what was verified, so the caller's transaction rolls back.
 */
export function readSnapshot(share: Share, name: string): SnapshotFile {
  const path = join(share.root, SNAPSHOTS_DIR, name);
  const file = share.open(SNAPSHOTS_DIR, name);
  let header: SnapshotHeader;
  try {
    const known = verified.get(path);
    if (known?.signature === file.signature) header = known.header;
    else {
      const reader = new EnvelopeReader(contentOf(share.keys, file));
      let first: string | undefined;
      for (let run = reader.next(); run; run = reader.next()) first ??= run.toString('utf8', 0, run.indexOf(0x0a));
      header = snapshotHeaderOf(name, reader, first);
      verified.delete(path);
      verified.set(path, { signature: file.signature, header });
      if (verified.size > VERIFIED_KEPT) verified.delete(verified.keys().next().value!);
    }
  } finally {
    file.close();
  }
  const runs = () => bodyRuns(share, name);
  return { name, header, runs, lines: () => linesOf(runs()) };
}

/**
 * A snapshot to be loaded, its header read from its first member without the verifying pass of
 * readSnapshot: loading it (runs(), lines()) verifies every byte as it goes and throws at the end
 * should anything not match, so the caller's transaction rolls back (bootstrap.ts). A new laptop's
 * first round then unzips a snapshot of a million rows once, not twice.
 */
export function openSnapshot(share: Share, name: string, header: SnapshotHeader, thread?: string): SnapshotFile {
  const runs = () => (thread ? threadedRuns(share, name, thread) : bodyRuns(share, name));
  return { name, header, runs, lines: () => linesOf(runs()) };
}

/** The header line of a snapshot file, from its first member: not verified (see openSnapshot); throws when it cannot be read as one. */
export function readSnapshotHeader(share: Share, name: string): SnapshotHeader {
  const file = share.open(SNAPSHOTS_DIR, name);
  try {
    const first = new EnvelopeReader(contentOf(share.keys, file)).next();
    return headerOfLine(first?.toString('utf8', 0, first.indexOf(0x0a)));
  } finally {
    file.close();
  }
}

/** The header of a verified snapshot file; throws when it is not a snapshot this app reads. */
function snapshotHeaderOf(name: string, reader: EnvelopeReader, first: string | undefined): SnapshotHeader {
  if (snapshotHashOf(name) !== reader.verified?.hash) throw new BadFileError('checksum', 'snapshot content does not match its name');
  return headerOfLine(first);
}

/** A snapshot's header line as its header; throws when it is none, or not one this app reads. */
function headerOfLine(line: string | undefined): SnapshotHeader {
  let header: SnapshotHeader | null;
  try {
    header = JSON.parse(line ?? 'null') as SnapshotHeader | null;
  } catch {
    throw new BadFileError('truncated', 'no snapshot header');
  }
  if (!header || header.format !== SNAPSHOT_FORMAT || header.version > SNAPSHOT_VERSION || !header.columns) {
    throw new BadFileError('unknown-format', 'not a snapshot this app reads');
  }
  return header;
}

const cover = (vv: Record<string, number>) => Object.values(vv).reduce((a, b) => a + b, 0);

/** True when `a` has applied at least what `b` has, for every device. */
export const dominates = (a: Record<string, number>, b: Record<string, number>): boolean => Object.entries(b).every(([device, seq]) => (a[device] ?? 0) >= seq);

/** Snapshot headers verified on an earlier round, by file name (a snapshot never changes). */
export function cachedSnapshotHeaders(sqlite: Database.Database): Map<string, SnapshotHeader> {
  return readMetaWithPrefix<SnapshotHeader>(sqlite, 'snapshot:');
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
  /**
   * headersOnly: a snapshot not verified yet is judged by its header alone (it is verified when it
   * is loaded, see openSnapshot), and one in quarantine is passed over (maintenance verifies it
   * again, and takes it out of quarantine once it reads whole).
   */
  options: { headersOnly?: boolean } = {},
): { name: string; header: SnapshotHeader; verified: boolean } | null {
  // A snapshot gone between the listing and its reading was replaced by a newer one (its writer
  // keeps the newest): the folder is listed again, a few times at most, rather than choosing among
  // what is left of an old listing (which may cover less than what the writer has collected).
  for (let attempt = 1; ; attempt++) {
    const chosen = chooseSnapshot(share, sqlite, onBad, options, attempt === SNAPSHOT_TRIES);
    if (chosen !== 'vanished') return chosen;
  }
}

/** How many times a round lists the snapshots, or starts to load one, while they vanish under it (replaced by their writer). */
export const SNAPSHOT_TRIES = 3;

function chooseSnapshot(
  share: Share,
  sqlite: Database.Database,
  onBad: (name: string, error: unknown) => void,
  options: { headersOnly?: boolean },
  /** The last listing: a snapshot listed but not there is passed over as unreadable (a folder tool's file it cannot open). */
  last: boolean,
): { name: string; header: SnapshotHeader; verified: boolean } | null | 'vanished' {
  const names = share.listSnapshots();
  const cached = cachedSnapshotHeaders(sqlite);
  const quarantined = options.headersOnly ? new Set(quarantine.all(sqlite).map((q) => q.path)) : new Set<string>();
  let best: { name: string; header: SnapshotHeader; verified: boolean } | null = null;
  for (const name of names.sort()) {
    // On an encrypted share a snapshot in clear (left from before the upgrade) is never read.
    if (share.keys && !share.isSealed(SNAPSHOTS_DIR, name)) continue;
    let header = cached.get(name);
    const verified = header !== undefined;
    if (!header) {
      if (quarantined.has(`${SNAPSHOTS_DIR}/${name}`)) continue;
      try {
        if (options.headersOnly) header = readSnapshotHeader(share, name);
        else {
          header = readSnapshot(share, name).header;
          writeMeta(sqlite, `snapshot:${name}`, header);
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !last) return 'vanished';
        onBad(name, error);
        continue;
      }
    }
    if (verified || !options.headersOnly) quarantine.clear(sqlite, `${SNAPSHOTS_DIR}/${name}`);
    // Newest: one that covers at least as much of every device (a later state); by total when
    // neither covers the other.
    if (!best || dominates(header.vv, best.header.vv) || (!dominates(best.header.vv, header.vv) && cover(header.vv) > cover(best.header.vv)))
      best = { name, header, verified: verified || !options.headersOnly };
  }
  // Forget snapshots that are gone from the share.
  const listed = new Set(names);
  for (const name of cached.keys()) if (!listed.has(name)) deleteMeta(sqlite, `snapshot:${name}`);
  return best;
}

/**
 * Loads a snapshot into a store whose synced tables are empty (a new device, or one that
 * re-bootstraps after its outbox was set aside): plain inserts, no merge needed.
 *
 * A million rows are not parsed here one by one: consecutive lines of one kind (the rows of one
 * table, the conflicts, …) go to SQLite as one JSON array per run of lines, straight from the
 * file's bytes, and one INSERT … SELECT per statement below takes them apart with SQLite's JSON
 * functions. That spares turning every value into a JavaScript string and back, which is most of
 * what a line-by-line load costs. What is stored is what parsing each line would store: JSON
 * strings become text, numbers numbers, null NULL; a row's clocks are kept as the writer wrote them.
 */
export function loadSnapshot(sqlite: Database.Database, snap: SnapshotFile): number {
  const loader = new SnapshotLoader(sqlite, snap.header.columns);
  for (const run of snap.runs()) loader.load(run);
  return loader.rows;
}

const NEWLINE = 0x0a;

/** How one kind of line is stored: statements run on each batch of such lines, with their own parameters after the batch. */
interface LineGroup {
  /** How such a line starts when written by JSON.stringify (`["r","accounts",`): most lines are told apart by this alone. */
  prefix: Buffer;
  steps: { statement: Database.Statement; params: Record<string, SqlValue>; countsRows: boolean }[];
}

/**
 * One batch is `[line,line,…]` (jsonArrayOf): a stretch of lines of one kind. In the
 * statements, `e.value` is one line (a JSON array), `e.value ->> n` its n-th element as an SQL
 * value, `e.value -> n` as JSON text.
 */
const BATCH = 'jsonb_each(CAST(@batch AS TEXT)) AS e';

class SnapshotLoader {
  rows = 0;
  private readonly tables: ReadonlyMap<string, SyncedTableInfo>;
  private readonly groups = new Map<string, LineGroup>();

  constructor(
    private readonly sqlite: Database.Database,
    private readonly columns: Record<string, string[]>,
  ) {
    this.tables = syncedTablesOf(sqlite);
  }

  /** Stores a run of whole lines, a batch per stretch of lines of one kind. */
  load(run: Buffer): void {
    let group: LineGroup | undefined;
    let from = 0;
    for (let start = 0; start < run.length;) {
      const end = run.indexOf(NEWLINE, start);
      if (!group || end - start < group.prefix.length || run.compare(group.prefix, 0, group.prefix.length, start, start + group.prefix.length) !== 0) {
        const next = this.groupOf(JSON.parse(run.toString('utf8', start, end)) as SnapshotLine);
        if (next !== group) {
          if (group) this.store(group, run.subarray(from, start));
          group = next;
          from = start;
        }
      }
      start = end + 1;
    }
    if (group) this.store(group, run.subarray(from));
  }

  private store(group: LineGroup, lines: Buffer): void {
    const batch = jsonArrayOf(lines);
    for (const step of group.steps) {
      const { changes } = step.statement.run({ ...step.params, batch });
      if (step.countsRows) this.rows += changes;
    }
  }

  /** The group of a line's kind (and table); any kind but r, c and x is a kept change, as it always was. */
  private groupOf(entry: SnapshotLine): LineGroup {
    const kind = entry[0] === 'r' || entry[0] === 'c' || entry[0] === 'x' ? entry[0] : 'p';
    const table = kind === 'r' ? String(entry[1]) : '';
    const key = `${kind}\u0000${table}`;
    let group = this.groups.get(key);
    if (!group) {
      const prefix = Buffer.from(kind === 'r' ? `["r",${JSON.stringify(table)},` : `["${kind}",`, 'utf8');
      group = { prefix, steps: kind === 'r' ? this.rowSteps(table) : [this.step(OTHER_LINES[kind])] };
      this.groups.set(key, group);
    }
    return group;
  }

  /**
   * A table's rows: the row itself when this version knows the table, with the values of the
   * fields it knows, and the clocks of those (and the creation clock); every value of a field or
   * table it does not know is kept as a pending change, with that field's clock (or the creation clock).
   */
  private rowSteps(table: string): LineGroup['steps'] {
    const info = this.tables.get(table);
    // A name listed twice keeps its last value, as a record keyed by name would.
    const at = new Map<string, number>();
    (this.columns[table] ?? []).forEach((field, i) => at.set(field, i));
    const known = info ? [...at.keys()].filter((f) => info.fieldSet.has(f)) : [];
    const unknown = [...at.keys()].filter((f) => !known.includes(f));
    const steps: LineGroup['steps'] = [];
    if (info) {
      // Clocks name only the writer's fields (its columns): when this version knows them all, the
      // writer's clocks are stored as they are (`->` gives JSON text); otherwise only those of known
      // fields (and `*`) are.
      const clocks =
        unknown.length === 0
          ? 'e.value -> 4'
          : `(SELECT json_group_object(c.key, c.value ORDER BY c.id) FROM json_each(e.value, '$[4]') AS c WHERE c.key = '*' OR c.key IN (SELECT value FROM json_each(@known)))`;
      steps.push(
        this.step(
          `INSERT INTO ${table} (id, ${known.map((f) => `${f}, `).join('')}updated_at, sync_clocks)
           SELECT e.value ->> 2, ${known.map((f) => `e.value ->> '$[3][${at.get(f)!}]', `).join('')}e.value ->> 5, ${clocks} FROM ${BATCH}`,
          unknown.length === 0 ? {} : { known: JSON.stringify(known) },
          true,
        ),
      );
    }
    for (const field of unknown) {
      steps.push(
        this.step(
          `INSERT OR IGNORE INTO sync_pending (tbl, row_id, field, value, clock, supersedes)
           SELECT @tbl, e.value ->> 2, @field, coalesce(e.value -> '$[3][${at.get(field)!}]', 'null'),
             coalesce((SELECT c.value FROM json_each(e.value, '$[4]') AS c WHERE c.key = @field), (SELECT c.value FROM json_each(e.value, '$[4]') AS c WHERE c.key = '*'), ''), '[]'
           FROM ${BATCH}`,
          { tbl: table, field },
        ),
      );
    }
    if (!info) {
      // The creation record of a row of a table this version does not know.
      steps.push(
        this.step(
          `INSERT OR IGNORE INTO sync_pending (tbl, row_id, field, value, clock, supersedes)
           SELECT @tbl, e.value ->> 2, '*', 'null', c.value, '[]' FROM ${BATCH}, json_each(e.value, '$[4]') AS c WHERE c.key = '*' AND c.value != ''`,
          { tbl: table },
        ),
      );
    }
    return steps;
  }

  private step(sql: string, params: Record<string, SqlValue> = {}, countsRows = false): LineGroup['steps'][number] {
    return { statement: this.sqlite.prepare(sql), params, countsRows };
  }
}

/** Conflicts, purged records and kept changes: their lines hold exactly the columns, in order. */
const OTHER_LINES = {
  c: `INSERT OR IGNORE INTO sync_conflicts (tbl, row_id, field, clock, value)
      SELECT e.value ->> 1, e.value ->> 2, e.value ->> 3, e.value ->> 4, e.value ->> 5 FROM ${BATCH}`,
  x: `INSERT OR IGNORE INTO sync_purged (tbl, row_id, clock) SELECT e.value ->> 1, e.value ->> 2, e.value ->> 3 FROM ${BATCH}`,
  p: `INSERT OR IGNORE INTO sync_pending (tbl, row_id, field, value, clock, supersedes)
      SELECT e.value ->> 1, e.value ->> 2, e.value ->> 3, e.value ->> 4, e.value ->> 5, e.value ->> 6 FROM ${BATCH}`,
};
