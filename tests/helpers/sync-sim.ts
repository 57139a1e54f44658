/**
 * A simulated office syncing through a folder tool, for the convergence property, the focused
 * sync tests and the soak runner (no vitest import here: the soak runs under plain Node).
 *
 * - Every device has its own store (temp dir) and, like a Syncthing/Dropbox user, its OWN replica
 *   of the share. The engine only ever sees its own replica.
 * - The FolderTool copies files between replicas the way real tools misbehave: late, out of order,
 *   half-written under the final name, via their own temporary names, with modification times
 *   from years ago, briefly missing, or with "conflicted copy" duplicates.
 * - A device can be killed at any step of a round: the CrashSwitch counts every share operation
 *   and every row the engine writes, throws at the chosen one, and refuses everything after it
 *   (a dead process does nothing more). The store is then closed and reopened.
 * - The WriteModel records every acknowledged local write with the clock ChangeLog gave it and
 *   what its device had seen when it wrote, and predicts each field's value and conflict records.
 *
 * Nothing here knows the synced tables: they are read from the store (`syncedTablesOf`), and
 * values are made from each column's declared type, nullability and foreign key.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
  cpSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import fc from 'fast-check';
import type Database from 'better-sqlite3';
import { openStore, type Store } from '../../electron/store/open';
import { tableReferences as references } from '../../shared/kinds';
import { checkShare } from '../../electron/sync/check';
import { migrationsDir } from '../../electron/host/paths';
import { BinExpiredError, ChangeLog, CREATED, PURGE, type SqlValue, type SyncedTableName } from '../../electron/sync/changes';
import { syncedTablesOf } from '../../electron/store/synced-tables';
import { expand, type StoredChange } from '../../electron/store/bookkeeping';
import { SyncEngine, type SyncSummary } from '../../electron/sync/engine';
import type { MaintenancePolicy } from '../../electron/sync/maintenance';
import { FORMAT_FILE, Share, isTemporaryName, type ShareFile, type ShareWriter } from '../../electron/sync/share';
import { decodeSegment } from '../../electron/sync/segment';
import { BadFileError, type ShareKeys } from '../../electron/sync/seal';
import { createWorkspace, keysOf, readKeyring, shareFor } from '../../electron/sync/workspace';
import { readSecret, writeSecret } from '../../electron/store/secrets';
import { exportCanonical } from '../../electron/sync/export';

export const APP_VERSION = '0.1.0';

/** Why `fn` refused a share file (BadFileError's reason); fails when it refused nothing, or for another cause. */
export function badFileReason(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof BadFileError) return error.reason;
    throw error;
  }
  throw new Error('no error');
}
/** The simulation's own time: deterministic, so a failing seed replays the same clocks. */
export const SIM_EPOCH = Date.UTC(2026, 2, 2, 9, 0, 0);
export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

// ---------------------------------------------------------------------------------------------
// Killing a device at any step
// ---------------------------------------------------------------------------------------------

export class SimCrash extends Error {}

/**
 * Counts the points where a killed process could stop (every share operation, every row the
 * engine inserts, updates or deletes) and throws at the chosen one. After that every point
 * throws: the engine swallowing one error (readFormat does) must not let a dead process go on.
 */
export class CrashSwitch {
  private count = 0;
  private at: number | null = null;
  dead = false;
  where = '';
  /** Where crashes actually happened, for statistics. */
  readonly log: string[] = [];

  arm(at: number | null): void {
    this.count = 0;
    this.at = at;
    this.dead = false;
  }

  disarm(): void {
    this.at = null;
    this.dead = false;
  }

  get nextIsCrash(): boolean {
    return !this.dead && this.at !== null && this.count + 1 >= this.at;
  }

  point(where: string): void {
    if (this.dead) throw new SimCrash(`the process is dead (killed ${this.where})`);
    if (this.at === null) return;
    this.count++;
    if (this.count >= this.at) {
      this.dead = true;
      this.where = where;
      this.log.push(where.replace(/[0-9a-f]{16}|seg-\d+-[0-9a-f]+\.rseg/g, '…'));
      throw new SimCrash(`killed ${where}`);
    }
  }
}

/** The real Share, with a crash point before and after each file operation, and one mid-write. */
export class FaultyShare extends Share {
  constructor(
    root: string,
    private readonly crash: CrashSwitch,
  ) {
    super(root);
  }

  override publish(bytes: Buffer | string, ...parts: string[]): void {
    const what = parts.join('/');
    this.crash.point(`before publishing ${what}`);
    if (this.crash.nextIsCrash) {
      // Killed while writing the temporary file: a half-written temp is left behind, as it would be.
      const dir = join(this.root, ...parts.slice(0, -1));
      mkdirSync(dir, { recursive: true });
      const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
      writeFileSync(join(dir, `.tmp-deadbeef-${parts[parts.length - 1]}`), data.subarray(0, data.length >> 1));
    }
    this.crash.point(`while writing the temporary file of ${what}`);
    super.publish(bytes, ...parts);
    this.crash.point(`after renaming ${what} into place`);
  }

  override read(...parts: string[]): Buffer {
    this.crash.point(`reading ${parts.join('/')}`);
    return super.read(...parts);
  }

  override open(...parts: string[]): ShareFile {
    this.crash.point(`opening ${parts.join('/')}`);
    return super.open(...parts);
  }

  /** Files written in pieces (snapshots): a crash point at each piece and around the rename. */
  override create(label: string, ...dir: string[]): ShareWriter {
    const what = [...dir, label].join('/');
    this.crash.point(`before creating ${what}`);
    const file = super.create(label, ...dir);
    const write = file.write.bind(file);
    const publish = file.publish.bind(file);
    const crash = this.crash;
    file.write = (bytes) => {
      crash.point(`while writing ${what}`);
      write(bytes);
    };
    file.publish = (name) => {
      crash.point(`before renaming ${what} into place`);
      publish(name);
      crash.point(`after renaming ${what} into place`);
    };
    return file;
  }

  override remove(...parts: string[]): void {
    this.crash.point(`before removing ${parts.join('/')}`);
    super.remove(...parts);
    this.crash.point(`after removing ${parts.join('/')}`);
  }

  override listDevices(): string[] {
    this.crash.point('listing devices');
    return super.listDevices();
  }

  override listSnapshots(): string[] {
    this.crash.point('listing snapshots');
    return super.listSnapshots();
  }

  override listDeviceFiles(device: string): ReturnType<Share['listDeviceFiles']> {
    this.crash.point(`listing ${device}`);
    return super.listDeviceFiles(device);
  }
}

/** A crash point on every row written to any table of the store (temp triggers: this connection only). */
function installCrashTriggers(sqlite: Database.Database, crash: CrashSwitch): void {
  sqlite.function('sim_crash_point', { deterministic: false }, (where: unknown) => {
    crash.point(`in the store: ${String(where)}`);
    return 0;
  });
  const tables = sqlite
    // Plain tables only: not FTS5 tables and their shadow tables, not SQLite's or drizzle's own.
    .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\'")
    .all() as { name: string }[];
  for (const { name } of tables) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      sqlite.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS "sim_crash_${name}_${event}" AFTER ${event} ON main."${name}" BEGIN SELECT sim_crash_point('${event} ${name}'); END`,
      );
    }
  }
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A prepared statement, prepared once per connection (the simulation runs the same few thousands of times). */
function stmt(sqlite: Database.Database, sql: string): Database.Statement {
  let cache = statements.get(sqlite);
  if (!cache) statements.set(sqlite, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = sqlite.prepare(sql)));
  return statement;
}

// ---------------------------------------------------------------------------------------------
// The store's synced schema, read generically
// ---------------------------------------------------------------------------------------------

export interface ColumnInfo {
  name: string;
  affinity: 'integer' | 'real' | 'text' | 'blob';
  notNull: boolean;
  hasDefault: boolean;
  references?: { table: string; column: string };
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
}

function affinityOf(declared: string): ColumnInfo['affinity'] {
  // SQLite's own affinity rules (section 3.1 of "Datatypes In SQLite"), in their order.
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'integer';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'text';
  if (t.includes('BLOB') || t === '') return t === '' ? 'text' : 'blob';
  return 'real';
}

const schemaCache = new WeakMap<Database.Database, TableInfo[]>();

/** Every synced table with its fields' column facts, in name order. */
export function syncedSchema(sqlite: Database.Database): TableInfo[] {
  let schema = schemaCache.get(sqlite);
  if (!schema) schemaCache.set(sqlite, (schema = readSyncedSchema(sqlite)));
  return schema;
}

function readSyncedSchema(sqlite: Database.Database): TableInfo[] {
  return [...syncedTablesOf(sqlite).values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((info) => {
      const pragma = sqlite.prepare(`SELECT name, type, "notnull" AS nn, dflt_value AS dflt FROM pragma_table_info(?)`).all(info.name) as {
        name: string;
        type: string;
        nn: number;
        dflt: string | null;
      }[];
      const fks = sqlite.prepare('SELECT "from" AS col, "table" AS ref, "to" AS refCol FROM pragma_foreign_key_list(?)').all(info.name) as {
        col: string;
        ref: string;
        refCol: string | null;
      }[];
      const columns = info.fields.map((field): ColumnInfo => {
        const p = pragma.find((c) => c.name === field)!;
        // A SQL foreign key, else the store's own reference map (a single id, not a JSON list).
        const ref = references.find((r) => r.table === info.name && r.column === field && !r.many);
        const fk = fks.find((f) => f.col === field) ?? (ref ? { col: field, ref: ref.target, refCol: 'id' } : undefined);
        return {
          name: field,
          affinity: affinityOf(p.type),
          notNull: p.nn === 1,
          hasDefault: p.dflt !== null,
          ...(fk ? { references: { table: fk.ref, column: fk.refCol ?? 'id' } } : {}),
        };
      });
      return { name: info.name, columns };
    });
}

/** Raw material for one value; interpreted per column (type, nullability, foreign key). */
export interface ValueSeed {
  k: number;
  s: string;
  n: number;
  d: number;
}

const CJK = '华为腾讯阿里巴巴字节跳动百度京东小米联想客户公司有限技术集团上海北京深圳'.split('');
const textArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom('', 'Acme', 'Acme GmbH', '华为技术有限公司', '阿里巴巴', '腾讯科技（深圳）有限公司', 'Ünïcødé ✓', 'two\nlines', '  spaced  '),
  },
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...CJK), minLength: 1, maxLength: 8 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 10 }) },
);

export const valueSeedArb: fc.Arbitrary<ValueSeed> = fc.record({
  k: fc.nat({ max: 15 }),
  s: textArb,
  n: fc.integer({ min: -1_000_000, max: 1_000_000 }),
  d: fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }),
});

// ---------------------------------------------------------------------------------------------
// The model of acknowledged writes
// ---------------------------------------------------------------------------------------------

export interface Write {
  id: number;
  device: number;
  table: string;
  row: string;
  field: string;
  /** JSON of the value, as ChangeLog put it in the outbox. */
  value: string;
  clock: string;
  supersedes: string[];
  creation: boolean;
}

export interface FieldView {
  value: string;
  clock: string;
  losers: { clock: string; value: string }[];
}

const fieldKey = (table: string, row: string, field: string) => `${table}\u0000${row}\u0000${field}`;
const writeKey = (table: string, row: string, field: string, clock: string, value: string) => `${table}\u0000${row}\u0000${field}\u0000${clock}\u0000${value}`;
const byHead = (a: { clock: string; value: string }, b: { clock: string; value: string }) =>
  a.clock < b.clock ? -1 : a.clock > b.clock ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0;

export class ModelError extends Error {}

/**
 * Every acknowledged local write, and which writes each device knew. Heads of a field (for a set
 * of known writes): the writes no other known write replaced. Its value is the head with the
 * greatest clock; every other head is one conflict record. A write replaces what its writer showed
 * as the field's value at the time (the winner of the heads that writer knew): that is predicted
 * here from what the writer had applied, and compared with the clock ChangeLog recorded.
 */
export class WriteModel {
  readonly writes: Write[] = [];
  private readonly byField = new Map<string, Write[]>();
  private readonly byKey = new Map<string, Write>();
  private readonly creations = new Map<string, Write[]>();
  readonly rows = new Map<string, Set<string>>();
  /** `table\u0000row` → the smallest "newest change seen" among the purges written for that record. */
  readonly purgeSeen = new Map<string, string>();
  /** Writes made on each device (a clone inherits its original's). */
  readonly own: Set<number>[] = [];
  /** Segment body hash → the writes it carries. */
  private readonly segments = new Map<string, Set<number>>();
  /** `device/seq` → the writes of every segment published with that number (two after a clone forked). */
  private readonly bySeq = new Map<string, Set<number>>();

  addDevice(cloneOf?: number): void {
    this.own.push(new Set(cloneOf === undefined ? [] : this.own[cloneOf]));
  }

  add(w: Omit<Write, 'id'>): Write {
    const key = writeKey(w.table, w.row, w.field, w.clock, w.value);
    const known = this.byKey.get(key);
    if (known) {
      // Only a cloned device can make the same change twice (same id, same clock state).
      this.own[w.device]!.add(known.id);
      return known;
    }
    const write: Write = { ...w, id: this.writes.length };
    this.writes.push(write);
    this.byKey.set(key, write);
    const fk = fieldKey(w.table, w.row, w.field);
    const list = this.byField.get(fk);
    if (list) list.push(write);
    else this.byField.set(fk, [write]);
    this.own[w.device]!.add(write.id);
    if (w.creation) {
      const rk = `${w.table}\u0000${w.row}`;
      const c = this.creations.get(rk);
      if (c) c.push(write);
      else this.creations.set(rk, [write]);
      let rows = this.rows.get(w.table);
      if (!rows) this.rows.set(w.table, (rows = new Set()));
      rows.add(w.row);
    }
    return write;
  }

  /** Called by the folder tool for every segment a device publishes. */
  /** The workspace's keys on an encrypted share: segments are read as the devices read them. */
  keys: ShareKeys | null = null;

  registerSegment(bytes: Buffer, path: string): void {
    const segment = decodeSegment(bytes, this.keys);
    if (this.segments.has(segment.hash)) return;
    const ids = new Set<number>();
    for (const [table, row, field, value, clock] of segment.records) {
      if (field === CREATED) {
        const c = this.creations.get(`${table}\u0000${row}`)?.filter((w) => w.clock === clock);
        if (!c || c.length === 0) throw new ModelError(`${path} creates ${table}/${row} at ${clock}, which no acknowledged write did`);
        for (const w of c) ids.add(w.id);
        continue;
      }
      if (field === PURGE) {
        // Written by maintenance, not by a user: only ever for a record the model has; its value is the newest change the purger had.
        if (!this.rows.get(table)?.has(row) || typeof value !== 'string')
          throw new ModelError(`${path} purges ${table}/${row}, which no write created, or names no newest change`);
        const key = `${table}\u0000${row}`;
        const known = this.purgeSeen.get(key);
        if (known === undefined || value < known) this.purgeSeen.set(key, value);
        continue;
      }
      const w = this.byKey.get(writeKey(table, row, field, clock, JSON.stringify(value)));
      if (!w) throw new ModelError(`${path} carries ${table}/${row}.${field} = ${JSON.stringify(value)} at ${clock}, which no acknowledged write made`);
      ids.add(w.id);
    }
    this.segments.set(segment.hash, ids);
    const key = `${segment.header.device}/${segment.header.seq}`;
    this.bySeq.set(key, new Set([...(this.bySeq.get(key) ?? []), ...ids]));
  }

  /**
   * What a device knows: its own writes, those of every segment it has applied or published, and
   * those a snapshot it started from covers (every segment up to the snapshot's vector).
   */
  knowledge(device: number, sqlite: Database.Database): Set<number> {
    const known = new Set(this.own[device]);
    for (const { hash, device: from, name } of stmt(sqlite, 'SELECT device, name, hash FROM sync_segments').all() as {
      device: string;
      name: string;
      hash: string;
    }[]) {
      const ids = this.segments.get(hash);
      if (!ids) throw new ModelError(`device ${device} lists ${from}/${name} as applied, but no device published a segment with that content`);
      for (const id of ids) known.add(id);
    }
    for (const { device: from, covered } of stmt(sqlite, 'SELECT device, snapshot_seq AS covered FROM sync_peers WHERE snapshot_seq > 0').all() as {
      device: string;
      covered: number;
    }[]) {
      for (let seq = 1; seq <= covered; seq++) for (const id of this.bySeq.get(`${from}/${seq}`) ?? []) known.add(id);
    }
    return known;
  }

  fields(): string[] {
    return [...this.byField.keys()];
  }

  writesOf(table: string, row: string, field: string): Write[] {
    return this.byField.get(fieldKey(table, row, field)) ?? [];
  }

  /** The predicted state of a field for a device knowing `known` (all writes when omitted). */
  predict(table: string, row: string, field: string, known?: Set<number>): FieldView | undefined {
    const all = this.writesOf(table, row, field).filter((w) => !known || known.has(w.id));
    if (all.length === 0) return undefined;
    const replaced = new Set(all.flatMap((w) => w.supersedes));
    const heads = all.filter((w) => !replaced.has(w.clock)).sort((a, b) => byHead(b, a));
    const [winner, ...losers] = heads;
    if (!winner) throw new ModelError(`every write of ${table}/${row}.${field} is replaced by another: a cycle of clocks`);
    return {
      value: winner.value,
      clock: winner.clock,
      losers: losers.map((l) => ({ clock: l.clock, value: l.value })).sort(byHead),
    };
  }
}

/** A field as one device holds it: value, clock, and its conflict records. */
export function readField(sqlite: Database.Database, table: string, row: string, field: string): FieldView | undefined {
  const r = stmt(sqlite, `SELECT * FROM "${table}" WHERE id = ?`).get(row) as Record<string, SqlValue> | undefined;
  if (!r) return undefined;
  const losers = stmt(sqlite, 'SELECT clock, value FROM sync_conflicts WHERE tbl = ? AND row_id = ? AND field = ?').all(table, row, field) as {
    clock: string;
    value: string;
  }[];
  return fieldOfRow(r, field, losers);
}

function fieldOfRow(r: Record<string, SqlValue>, field: string, losers: { clock: string; value: string }[]): FieldView {
  const clocks = JSON.parse(String(r.sync_clocks)) as Record<string, string>;
  return { value: JSON.stringify(r[field] ?? null), clock: clocks[field] ?? clocks[CREATED] ?? '', losers: [...losers].sort(byHead) };
}

/** Every row and conflict record of a device, for the end-state check. */
function readAll(
  sqlite: Database.Database,
  tables: TableInfo[],
): { rows: Map<string, Record<string, SqlValue>>; conflicts: Map<string, { clock: string; value: string }[]> } {
  const rows = new Map<string, Record<string, SqlValue>>();
  for (const t of tables) {
    for (const r of stmt(sqlite, `SELECT * FROM "${t.name}"`).all() as Record<string, SqlValue>[]) rows.set(`${t.name}\u0000${String(r.id)}`, r);
  }
  const conflicts = new Map<string, { clock: string; value: string }[]>();
  for (const c of stmt(sqlite, 'SELECT tbl, row_id, field, clock, value FROM sync_conflicts').all() as {
    tbl: string;
    row_id: string;
    field: string;
    clock: string;
    value: string;
  }[]) {
    const key = fieldKey(c.tbl, c.row_id, c.field);
    const list = conflicts.get(key);
    if (list) list.push({ clock: c.clock, value: c.value });
    else conflicts.set(key, [{ clock: c.clock, value: c.value }]);
  }
  return { rows, conflicts };
}

const sameView = (a: FieldView | undefined, b: FieldView | undefined) => JSON.stringify(a) === JSON.stringify(b);

// ---------------------------------------------------------------------------------------------
// The folder tool
// ---------------------------------------------------------------------------------------------

type Placement = 'full' | 'partial' | 'temp' | 'hidden';
export type DeliveryMode = 'full' | 'partial' | 'temp' | 'copy';
export type CopyStyle = 0 | 1 | 2;

interface FileVersion {
  path: string;
  bytes: Buffer;
  origin: number;
  version: number;
  /** The origin deleted it (GC of segments, older snapshots): the tool propagates the deletion. */
  deleted?: boolean;
}

const SEGMENT_PATH = /^devices\/[^/]+\/seg-\d{10}-[0-9a-f]{8}\.rseg$/;
const OLD_MTIME = new Date('2019-04-01T08:00:00Z');

/** The name a folder tool gives a duplicate: Dropbox, Syncthing, OneDrive. */
export function conflictCopyName(name: string, style: CopyStyle): string {
  const stem = name.replace(/\.rseg$/, '');
  if (style === 0) return `${stem} (conflicted copy 2026-11-01).rseg`;
  if (style === 1) return `${stem}.sync-conflict-20261101-120000-ABCDEF7.rseg`;
  return `${stem}-LAPTOP-7Q2.rseg`;
}

function walk(root: string, rel = ''): string[] {
  const out: string[] = [];
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(join(root, rel), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(root, path));
    else out.push(path);
  }
  return out;
}

/**
 * Copies files between replicas. What a device writes into its own replica is picked up by
 * `scan` (the tool keeps the bytes); `deliver` puts it into another replica, well or badly.
 */
export class FolderTool {
  readonly latest = new Map<string, FileVersion>();
  private readonly placed: Map<string, { version: number; status: Placement; temp?: string }>[] = [];
  private readonly copies: Set<string>[] = [];
  private readonly seen: Map<string, string>[] = [];
  private nextVersion = 1;
  readonly stats = {
    delivered: 0,
    partial: 0,
    temp: 0,
    copies: 0,
    truncatedCopies: 0,
    copiesRemoved: 0,
    hidden: 0,
    oldMtimes: 0,
    deletions: 0,
    lost: 0,
    damaged: 0,
  };

  constructor(private readonly onSegment: (bytes: Buffer, path: string) => void) {}

  readonly replicas: string[] = [];

  addReplica(dir: string): void {
    mkdirSync(dir, { recursive: true });
    this.replicas.push(dir);
    this.placed.push(new Map());
    this.copies.push(new Set());
    this.seen.push(new Map());
  }

  /** Picks up what device `i` wrote into its replica; true when something other than an ack is new. */
  scan(i: number): boolean {
    const root = this.replicas[i]!;
    let fresh = false;
    for (const copy of this.copies[i]!) {
      if (!existsSync(join(root, copy))) {
        this.copies[i]!.delete(copy);
        this.stats.copiesRemoved++;
      }
    }
    const present = new Set(walk(root));
    for (const v of this.latest.values()) {
      if (v.origin === i && !v.deleted && !present.has(v.path)) {
        this.latest.set(v.path, { ...v, deleted: true, version: this.nextVersion++ });
        this.seen[i]!.delete(v.path);
        this.stats.deletions++;
        fresh = true;
      }
    }
    for (const path of present) {
      if (isTemporaryName(basename(path)) || this.copies[i]!.has(path) || this.placed[i]!.has(path)) continue;
      const st = statSync(join(root, path));
      const sig = `${st.size}:${st.mtimeMs}:${st.ino}`;
      if (this.seen[i]!.get(path) === sig) continue;
      this.seen[i]!.set(path, sig);
      const bytes = readFileSync(join(root, path));
      const current = this.latest.get(path);
      if (current && !current.deleted && current.bytes.equals(bytes)) {
        // Made here too, identically (the share's format file): nothing to deliver here.
        if (current.origin !== i) this.placed[i]!.set(path, { version: current.version, status: 'full' });
        continue;
      }
      this.latest.set(path, { path, bytes, origin: i, version: this.nextVersion++ });
      if (SEGMENT_PATH.test(path)) this.onSegment(bytes, path);
      if (!path.endsWith('/ack.json')) fresh = true;
    }
    return fresh;
  }

  /** Files replica `j` does not hold completely in their latest version, in path order. */
  pending(j: number): string[] {
    const out: string[] = [];
    for (const v of this.latest.values()) {
      if (v.origin === j) continue;
      const p = this.placed[j]!.get(v.path);
      if (p?.version === v.version && p.status === 'full') continue;
      out.push(v.path);
    }
    return out.sort();
  }

  /** Segments replica `j` holds completely, copied from elsewhere (what a listing may briefly miss). */
  delivered(j: number): string[] {
    return [...this.placed[j]!.entries()]
      .filter(([path, p]) => p.status === 'full' && SEGMENT_PATH.test(path) && !this.latest.get(path)?.deleted)
      .map(([path]) => path)
      .sort();
  }

  /** Every segment on the share now. */
  segments(): string[] {
    return [...this.latest.values()]
      .filter((v) => !v.deleted && SEGMENT_PATH.test(v.path))
      .map((v) => v.path)
      .sort();
  }

  /** Segments of other devices (whatever replica `j` holds of them): what a duplicate can be made of. */
  foreignSegments(j: number): string[] {
    return [...this.latest.values()]
      .filter((v) => v.origin !== j && !v.deleted && SEGMENT_PATH.test(v.path))
      .map((v) => v.path)
      .sort();
  }

  deliver(j: number, path: string, mode: DeliveryMode, cut = 0.5, oldMtime = false, style: CopyStyle = 0): void {
    const v = this.latest.get(path);
    if (!v || v.origin === j) return;
    const target = join(this.replicas[j]!, path);
    mkdirSync(dirname(target), { recursive: true });
    const p = this.placed[j]!.get(path);
    if (v.deleted) {
      if (p?.temp) rmSync(p.temp, { force: true });
      rmSync(target, { force: true });
      this.placed[j]!.set(path, { version: v.version, status: 'full' });
      return;
    }
    const partialBytes = v.bytes.subarray(0, Math.min(v.bytes.length - 1, Math.floor(v.bytes.length * cut)));
    if (mode === 'partial') {
      // Written in place under the final name, the rest to follow (SMB copies, some sync clients).
      if (p?.temp) rmSync(p.temp, { force: true });
      writeFileSync(target, partialBytes);
      this.placed[j]!.set(path, { version: v.version, status: 'partial' });
      this.stats.partial++;
    } else if (mode === 'temp') {
      // Syncthing's own temporary name, being filled; the final name appears only when complete.
      const name = basename(path);
      const temp = join(dirname(target), cut < 0.5 ? `.syncthing.${name}.tmp` : `~syncthing~${name}.tmp`);
      if (p?.temp && p.temp !== temp) rmSync(p.temp, { force: true });
      writeFileSync(temp, partialBytes);
      this.placed[j]!.set(path, { version: v.version, status: 'temp', temp });
      this.stats.temp++;
    } else {
      if (p?.temp) {
        writeFileSync(p.temp, v.bytes);
        renameSync(p.temp, target);
      } else {
        writeFileSync(target, v.bytes);
      }
      this.placed[j]!.set(path, { version: v.version, status: 'full' });
      this.stats.delivered++;
      if (mode === 'copy') this.copy(j, path, style);
    }
    if (oldMtime && existsSync(target)) {
      utimesSync(target, OLD_MTIME, OLD_MTIME);
      this.stats.oldMtimes++;
    }
  }

  /**
   * A "conflicted copy" with the same bytes next to the original (which may or may not be there
   * yet); with `cut`, the copy is left cut short at that fraction (the tool stopped mid-copy).
   */
  copy(j: number, path: string, style: CopyStyle, cut?: number): void {
    const v = this.latest.get(path);
    if (!v || v.deleted || !SEGMENT_PATH.test(path)) return;
    const rel = `${dirname(path)}/${conflictCopyName(basename(path), style)}`;
    mkdirSync(dirname(join(this.replicas[j]!, rel)), { recursive: true });
    writeFileSync(join(this.replicas[j]!, rel), cut === undefined ? v.bytes : v.bytes.subarray(0, Math.floor((v.bytes.length - 1) * cut)));
    this.copies[j]!.add(rel);
    this.stats.copies++;
    if (cut !== undefined) this.stats.truncatedCopies++;
  }

  /**
   * The share loses a file (deleted by hand, restored from an old backup): gone from every replica,
   * and the tool delivers nothing of it until someone writes it again.
   */
  lose(path: string): void {
    const v = this.latest.get(path);
    if (!v || v.deleted) return;
    const version = this.nextVersion++;
    this.latest.set(path, { ...v, deleted: true, version });
    this.replicas.forEach((root, j) => {
      rmSync(join(root, path), { force: true });
      this.placed[j]!.set(path, { version, status: 'full' });
      this.seen[j]!.delete(path);
    });
    this.stats.lost++;
  }

  /**
   * A segment cut short on the share itself (a disk or an SMB copy gone wrong): every replica that
   * holds it gets the damaged bytes, its writer's included, and later deliveries carry them too.
   */
  damage(path: string, cut: number): void {
    const v = this.latest.get(path);
    if (!v || v.deleted || !SEGMENT_PATH.test(path)) return;
    const bytes = v.bytes.subarray(0, Math.floor((v.bytes.length - 1) * cut));
    const version = this.nextVersion++;
    this.latest.set(path, { ...v, bytes, version });
    this.replicas.forEach((root, j) => {
      const target = join(root, path);
      if (!existsSync(target)) return;
      writeFileSync(target, bytes);
      if (j !== v.origin) this.placed[j]!.set(path, { version, status: 'full' });
    });
    this.stats.damaged++;
  }

  /** The file briefly disappears from replica `j` (the tool re-downloads it later). */
  hide(j: number, path: string): void {
    const p = this.placed[j]!.get(path);
    if (p?.status !== 'full') return;
    unlinkSync(join(this.replicas[j]!, path));
    this.placed[j]!.set(path, { version: p.version, status: 'hidden' });
    this.stats.hidden++;
  }

  /** Everything, to everyone, completely and correctly. */
  deliverAll(): void {
    for (let j = 0; j < this.replicas.length; j++) for (const path of this.pending(j)) this.deliver(j, path, 'full');
  }
}

// ---------------------------------------------------------------------------------------------
// Devices and the world
// ---------------------------------------------------------------------------------------------

export class SimDevice {
  store!: Store;
  log!: ChangeLog;
  engine!: SyncEngine;
  share!: FaultyShare;
  readonly crash = new CrashSwitch();
  crashes = 0;

  constructor(
    private readonly world: SimWorld,
    readonly index: number,
    readonly dataDir: string,
    readonly replica: string,
    /** How far this laptop's clock is off, in ms. */
    public offset: number,
    private readonly policy?: MaintenancePolicy,
  ) {}

  readonly now = (): number => this.world.now + this.offset;

  get sqlite(): Database.Database {
    return this.store.sqlite;
  }

  get deviceId(): string {
    return this.store.deviceId;
  }

  open(): void {
    this.store = openStore({ dataDir: this.dataDir, migrationsDir });
    installCrashTriggers(this.store.sqlite, this.crash);
    this.log = new ChangeLog(this.store.sqlite, this.now);
    this.share = new FaultyShare(this.replica, this.crash);
    this.engine = new SyncEngine(this.store.sqlite, this.share, {
      appVersion: APP_VERSION,
      schemaVersion: this.store.schemaVersion,
      now: this.now,
      ...(this.policy ? { policy: this.policy } : {}),
    });
  }

  /** The app is killed (or quit) and started again. */
  restart(): void {
    this.crash.disarm();
    this.store.close();
    this.open();
  }

  close(): void {
    this.store.close();
  }
}

export interface WorldOptions {
  devices: number;
  /** Clock offset of each device in ms (0 when missing). */
  offsets?: number[];
  /** Check every device's state of a field against the model before each write (cheap; on by default). */
  checkWrites?: boolean;
  /** Maintenance policy for every device (snapshots, GC, retirement, tombstone purge); the engine's default when missing. */
  policy?: MaintenancePolicy;
  /** Receives a line per command and per round (to read a failing case step by step). */
  trace?: (line: string) => void;
  /** An encrypted share (docs/security.md): device 0 creates the workspace, every other device holds its keys. */
  encrypted?: boolean;
}

export interface WorldStats {
  writes: number;
  updates: number;
  resolutions: number;
  joins: number;
  clones: number;
  bootstraps: number;
  snapshots: number;
  segmentsCollected: number;
  purgedRows: number;
  /** Conflict records the end state holds (every one predicted by the model). */
  finalConflicts: number;
  segmentsApplied: number;
  rejectedWrites: number;
  rounds: number;
  crashes: number;
  crashPoints: Record<string, number>;
  conflicts: number;
  quarantinedSeen: number;
  settlePasses: number;
}

export class SimWorld {
  now = SIM_EPOCH;
  readonly root: string;
  readonly devices: SimDevice[] = [];
  readonly model = new WriteModel();
  readonly tool: FolderTool;
  readonly stats: WorldStats = {
    writes: 0,
    updates: 0,
    resolutions: 0,
    joins: 0,
    clones: 0,
    bootstraps: 0,
    snapshots: 0,
    segmentsCollected: 0,
    purgedRows: 0,
    finalConflicts: 0,
    segmentsApplied: 0,
    rejectedWrites: 0,
    rounds: 0,
    crashes: 0,
    crashPoints: {},
    conflicts: 0,
    quarantinedSeen: 0,
    settlePasses: 0,
  };
  /** Devices that were cloned or are clones: the only ones that may take a new id. */
  readonly cloned = new Set<number>();
  /** Device ids a round rotated away from (expected only for clones). */
  readonly rotations: { device: number; from: string; to: string }[] = [];
  private nextRow = 1;
  private readonly checkWrites: boolean;
  readonly policy: MaintenancePolicy | undefined;
  readonly offsets: number[];
  readonly trace: ((line: string) => void) | undefined;

  constructor(options: WorldOptions) {
    this.policy = options.policy;
    this.trace = options.trace;
    this.offsets = options.offsets ?? [];
    this.root = mkdtempSync(join(simTempRoot(), 'rapport-sim-'));
    this.checkWrites = options.checkWrites ?? true;
    this.tool = new FolderTool((bytes, path) => this.model.registerSegment(bytes, path));
    this.encrypted = options.encrypted ?? false;
    for (let i = 0; i < options.devices; i++) this.addDevice({ offset: this.offsets[i] ?? 0 });
  }

  readonly encrypted: boolean;

  /** A new laptop, or (cloneOf) a copy of another one's data folder: a restored backup, a cloned disk. */
  addDevice({ offset = 0, cloneOf }: { offset?: number; cloneOf?: number } = {}): SimDevice {
    const index = this.devices.length;
    const dataDir = join(this.root, `device-${index}`);
    const replica = join(this.root, `replica-${index}`);
    if (cloneOf !== undefined) {
      this.cloned.add(cloneOf).add(index);
      const original = this.devices[cloneOf]!;
      original.close(); // a disk image is taken of a machine at rest: the WAL is folded in
      cpSync(original.dataDir, dataDir, { recursive: true });
      original.open();
    }
    this.tool.addReplica(replica);
    const device = new SimDevice(this, index, dataDir, replica, offset, this.policy);
    device.open();
    if (cloneOf === undefined) {
      // A fixed device id per index: clocks tie-break on it, so a seed replays identically.
      device.sqlite.prepare("UPDATE local_meta SET value = ? WHERE key = 'deviceId'").run(((index % 15) + 1).toString(16).repeat(16));
    }
    if (this.encrypted && cloneOf === undefined) {
      // The workspace is made by the first device in its replica (the folder tool delivers it);
      // every other laptop joined it (the same keys; a clone copies them with its data folder).
      if (index === 0) {
        createWorkspace(device.sqlite, new Share(replica));
        this.model.keys = keysOf(readKeyring(device.sqlite)!);
      } else writeSecret(device.sqlite, 'workspace', readSecret(this.devices[0]!.sqlite, 'workspace')!);
    }
    this.devices.push(device);
    this.model.addDevice(cloneOf);
    return device;
  }

  schema(device = 0): TableInfo[] {
    return syncedSchema(this.devices[device]!.sqlite);
  }

  rowIds(device: number, table: string): string[] {
    return (stmt(this.devices[device]!.sqlite, `SELECT id FROM "${table}" ORDER BY id`).all() as { id: string }[]).map((r) => r.id);
  }

  /** A value for a column made from a seed, or undefined when the column cannot take one now. */
  valueFor(device: number, column: ColumnInfo, seed: ValueSeed): SqlValue | undefined {
    if (column.references) {
      const ids = (
        this.devices[device]!.sqlite.prepare(`SELECT "${column.references.column}" AS v FROM "${column.references.table}" ORDER BY 1`).all() as {
          v: SqlValue;
        }[]
      ).map((r) => r.v);
      if (!column.notNull && (seed.k % 5 === 0 || ids.length === 0)) return null;
      return ids.length === 0 ? undefined : ids[(seed.n >>> 0) % ids.length];
    }
    if (!column.notNull && seed.k % 4 === 0) return null;
    if (column.affinity === 'integer') return seed.n;
    if (column.affinity === 'real') return seed.d;
    if (column.affinity === 'blob') return undefined;
    if (column.name.endsWith('_at')) return new Date(this.now + seed.n * MINUTE).toISOString();
    return seed.s;
  }

  private outboxSeq(device: SimDevice): number {
    return (stmt(device.sqlite, "SELECT seq FROM sqlite_sequence WHERE name = 'sync_outbox'").get() as { seq: number } | undefined)?.seq ?? 0;
  }

  /** The changes written since `seq`, one per field (a write of several fields is one outbox row: expand). */
  private outboxSince(device: SimDevice, seq: number) {
    return (
      stmt(device.sqlite, 'SELECT tbl, row_id, field, value, clock, supersedes FROM sync_outbox WHERE seq > ? ORDER BY seq').all(seq) as StoredChange[]
    ).flatMap(expand);
  }

  /** Creates a row through ChangeLog and records it; undefined when a constraint refused it. */
  insert(dev: number, table: string, values: Record<string, SqlValue>, id = `row-${String(this.nextRow++).padStart(5, '0')}`): string | undefined {
    const device = this.devices[dev]!;
    const before = this.outboxSeq(device);
    try {
      device.log.insert(table as SyncedTableName, values, id);
    } catch (error) {
      if (isRefusedWrite(error)) {
        this.stats.rejectedWrites++;
        return undefined;
      }
      throw error;
    }
    const records = this.outboxSince(device, before);
    const star = records.find((r) => r.field === CREATED);
    if (!star) throw new ModelError(`insert of ${table}/${id} left no creation record in the outbox`);
    const row = stmt(device.sqlite, `SELECT * FROM "${table}" WHERE id = ?`).get(id) as Record<string, SqlValue>;
    const fields = syncedTablesOf(device.sqlite).get(table)!.fields;
    for (const field of fields) {
      const value = JSON.stringify(row[field] ?? null);
      const record = records.find((r) => r.field === field);
      if (record && (record.value !== value || record.clock !== star.clock)) {
        throw new ModelError(
          `insert of ${table}/${id}.${field}: the outbox holds ${record.value} at ${record.clock} but the row holds ${value} at ${star.clock}`,
        );
      }
      this.model.add({ device: dev, table, row: id, field, value, clock: star.clock, supersedes: [], creation: true });
    }
    this.stats.writes++;
    return id;
  }

  /**
   * Changes fields through ChangeLog and records each change. Before writing, the device's view
   * of each field is compared with the model's prediction from what the device has applied, and
   * the clock the change says it replaced must be that view's winner.
   */
  update(dev: number, table: string, id: string, patch: Record<string, SqlValue>): number {
    const device = this.devices[dev]!;
    const known = this.model.knowledge(dev, device.sqlite);
    const predicted = new Map<string, FieldView | undefined>();
    for (const field of Object.keys(patch)) {
      const expected = this.model.predict(table, id, field, known);
      predicted.set(field, expected);
      if (this.checkWrites) {
        const actual = readField(device.sqlite, table, id, field);
        if (!sameView(actual, expected)) {
          throw new ModelError(
            `device ${dev} (${device.deviceId}) shows ${table}/${id}.${field} as ${JSON.stringify(actual)} but from what it applied it should be ${JSON.stringify(expected)}`,
          );
        }
      }
    }
    const before = this.outboxSeq(device);
    try {
      device.log.update(table as SyncedTableName, id, patch);
    } catch (error) {
      if (isRefusedWrite(error)) {
        this.stats.rejectedWrites++;
        return 0;
      }
      throw error;
    }
    const records = this.outboxSince(device, before);
    for (const r of records) {
      const supersedes = JSON.parse(r.supersedes) as string[];
      const expected = predicted.get(r.field);
      if (expected && (supersedes.length !== 1 || supersedes[0] !== expected.clock)) {
        throw new ModelError(`device ${dev} changed ${table}/${id}.${r.field} replacing ${r.supersedes}, but the value it showed had clock ${expected.clock}`);
      }
      this.model.add({ device: dev, table, row: r.row_id, field: r.field, value: r.value, clock: r.clock, supersedes, creation: false });
    }
    if (records.length > 0) {
      this.stats.writes++;
      this.stats.updates++;
    }
    return records.length;
  }

  /**
   * The user settles a conflict in the Conflicts view, keeping head `choice` (0: the current value).
   * The change must replace every value the field holds on that device, as the model predicts them.
   */
  resolve(dev: number, table: string, id: string, field: string, choice: number): boolean {
    const device = this.devices[dev]!;
    const expected = this.model.predict(table, id, field, this.model.knowledge(dev, device.sqlite));
    const actual = readField(device.sqlite, table, id, field);
    if (this.checkWrites && !sameView(actual, expected)) {
      throw new ModelError(
        `device ${dev} shows ${table}/${id}.${field} as ${JSON.stringify(actual)} but from what it applied it should be ${JSON.stringify(expected)}`,
      );
    }
    if (!actual || actual.losers.length === 0) return false;
    const heads = [{ clock: actual.clock, value: actual.value }, ...actual.losers];
    const keep = heads[choice % heads.length]!;
    const before = this.outboxSeq(device);
    let resolved: boolean;
    try {
      resolved = device.log.resolve(table, id, field, keep.clock, JSON.parse(keep.value) as SqlValue);
    } catch (error) {
      if (!isRefusedWrite(error)) throw error;
      this.stats.rejectedWrites++;
      return false;
    }
    if (!resolved) throw new ModelError(`resolve refused ${table}/${id}.${field} keeping ${keep.clock}, a head it shows`);
    const records = this.outboxSince(device, before);
    const record = records[0];
    if (records.length !== 1 || !record || record.field !== field || record.value !== keep.value) {
      throw new ModelError(`resolving ${table}/${id}.${field} to ${keep.value} recorded ${JSON.stringify(records)}`);
    }
    const supersedes = JSON.parse(record.supersedes) as string[];
    if (JSON.stringify([...supersedes].sort()) !== JSON.stringify([...new Set(heads.map((h) => h.clock))].sort())) {
      throw new ModelError(`resolving ${table}/${id}.${field} replaced ${record.supersedes}, not every head ${JSON.stringify(heads.map((h) => h.clock))}`);
    }
    if (readField(device.sqlite, table, id, field)!.losers.length !== 0)
      throw new ModelError(`resolving ${table}/${id}.${field} left conflict records on the device`);
    this.model.add({ device: dev, table, row: id, field, value: record.value, clock: record.clock, supersedes, creation: false });
    this.stats.writes++;
    this.stats.resolutions++;
    return true;
  }

  /** One sync round on a device, optionally killed at its `crashAt`-th step; the tool then picks up its files. */
  sync(dev: number, crashAt: number | null = null): SyncSummary | 'crashed' {
    const device = this.devices[dev]!;
    this.stats.rounds++;
    device.crash.arm(crashAt);
    let result: SyncSummary | 'crashed';
    try {
      const summary = device.engine.round();
      result = device.crash.dead ? 'crashed' : summary;
    } catch (error) {
      if (!device.crash.dead) throw error;
      result = 'crashed';
    } finally {
      device.crash.disarm();
    }
    if (this.trace) {
      const brief =
        result === 'crashed'
          ? `killed ${device.crash.log.at(-1)}`
          : JSON.stringify({ ...result, deviceId: undefined, readOnly: undefined, clockSkewMs: undefined });
      this.trace(`    round on device ${dev}: ${brief}`);
    }
    if (result === 'crashed') {
      this.stats.crashes++;
      device.crashes++;
      const where = device.crash.log[device.crash.log.length - 1] ?? '?';
      this.stats.crashPoints[where] = (this.stats.crashPoints[where] ?? 0) + 1;
      device.restart();
    } else {
      this.stats.conflicts += result.conflicts;
      this.stats.segmentsApplied += result.segmentsApplied;
      if (result.bootstrapped) this.stats.bootstraps++;
      if (result.snapshotWritten) this.stats.snapshots++;
      this.stats.segmentsCollected += result.segmentsCollected ?? 0;
      this.stats.quarantinedSeen += result.quarantined;
      if (result.rotatedFrom) this.rotations.push({ device: dev, from: result.rotatedFrom, to: result.deviceId });
    }
    this.tool.scan(dev);
    return result;
  }

  /** Delivers everything everywhere and runs rounds on every device until nothing changes. */
  settle(maxPasses = 12): SyncSummary[] {
    this.trace?.('settle: everything delivered, rounds until nothing changes');
    let last: string[] = [];
    for (let pass = 1; pass <= maxPasses; pass++) {
      this.stats.settlePasses++;
      last = [];
      this.tool.deliverAll();
      let changed = false;
      const summaries: SyncSummary[] = [];
      for (let i = 0; i < this.devices.length; i++) {
        const s = this.sync(i);
        if (s === 'crashed') throw new Error('unreachable: no crash is armed while settling');
        summaries.push(s);
        if (
          s.published > 0 ||
          s.segmentsApplied > 0 ||
          s.rotatedFrom ||
          s.bootstrapped ||
          s.snapshotWritten ||
          s.segmentsCollected ||
          s.purged ||
          s.acknowledged ||
          s.republished ||
          s.formatRecreated
        ) {
          changed = true;
          last.push(`device ${i}: ${JSON.stringify({ ...s, deviceId: undefined, readOnly: undefined, clockSkewMs: undefined })}`);
        }
      }
      if (!changed) return summaries;
    }
    throw new ModelError(
      `the devices still published or applied something after ${maxPasses} passes with everything delivered; in the last:\n  ${last.join('\n  ')}`,
    );
  }

  /**
   * The end state, on every device: identical canonical exports; every field holds the value of
   * its write with the greatest clock (no acknowledged write lost); its conflict records are
   * exactly the concurrent losing values; nothing left in outbox, pending or quarantine.
   */
  check(summaries?: SyncSummary[]): void {
    const problems: string[] = [];
    const exports = this.devices.map((d) => exportCanonical(d.sqlite, { includePrivate: true }));
    for (let i = 1; i < exports.length; i++) {
      if (exports[i] !== exports[0]) problems.push(`device ${i}'s export differs from device 0's: ${firstDifference(exports[0]!, exports[i]!)}`);
    }
    const expectedConflicts = new Map<string, number>();
    const states = this.devices.map((d, i) => readAll(d.sqlite, this.schema(i)));
    // A row may be gone only as a purged tombstone: gone everywhere, and in the bin by its final state.
    const purged = new Set<string>();
    // Records first, then their parts (a part goes with its record, never in the bin itself).
    const partOf = (table: string) => references.find((r) => r.part && r.table === table);
    const tables = [...this.model.rows.keys()].sort((a, b) => Number(!!partOf(a)) - Number(!!partOf(b)));
    for (const table of tables) {
      for (const row of this.model.rows.get(table)!) {
        const present = states.filter((st) => st.rows.has(`${table}\u0000${row}`)).length;
        if (present === states.length) continue;
        const remembered = this.devices.filter((d) => stmt(d.sqlite, 'SELECT 1 FROM sync_purged WHERE tbl = ? AND row_id = ?').get(table, row)).length;
        const part = partOf(table);
        const owner = part && this.model.predict(table, row, part.column);
        const ownerGone = !!part && !!owner && purged.has(`${part.target}\u0000${JSON.parse(owner.value) as string}`);
        const tombstone = this.model.predict(table, row, 'deleted_at');
        // Restored by a laptop that was away while it was purged: the restore is kept aside, not lost.
        const restore = tombstone?.value === 'null' ? this.model.writesOf(table, row, 'deleted_at').find((w) => w.clock === tombstone.clock) : undefined;
        const keptAside =
          restore &&
          this.devices.some((d) => stmt(d.sqlite, 'SELECT 1 FROM sync_orphans WHERE tbl = ? AND row_id = ? AND clock = ?').get(table, row, restore.clock));
        const binned = !!tombstone && (tombstone.value !== 'null' || !!keptAside);
        if (present === 0 && remembered === states.length && (binned || ownerGone)) purged.add(`${table}\u0000${row}`);
        else {
          problems.push(
            `row ${table}/${row} is on ${present} of ${states.length} devices, remembered as purged on ${remembered}${tombstone?.value === 'null' ? ', and it is not in the bin' : ''}`,
          );
        }
      }
    }
    for (const key of this.model.fields()) {
      const [table, row, field] = key.split('\u0000') as [string, string, string];
      if (purged.has(`${table}\u0000${row}`)) continue;
      const expected = this.model.predict(table, row, field)!;
      expectedConflicts.set(table, (expectedConflicts.get(table) ?? 0) + expected.losers.length);
      const newest = this.model.writesOf(table, row, field).reduce((a, b) => (byHead(a, b) >= 0 ? a : b));
      states.forEach((state, i) => {
        const r = state.rows.get(`${table}\u0000${row}`);
        const actual = r && fieldOfRow(r, field, state.conflicts.get(key) ?? []);
        if (!actual) return; // reported above
        // No acknowledged write lost: the newest write of the field is its value or a conflict value.
        if (actual.value !== newest.value && !actual.losers.some((l) => l.clock === newest.clock && l.value === newest.value)) {
          problems.push(
            `device ${i}: ${table}/${row}.${field} is ${actual.value}, but the newest write (device ${newest.device}, ${newest.clock}) set ${newest.value}`,
          );
        }
        if (!sameView(actual, expected))
          problems.push(`device ${i}: ${table}/${row}.${field} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
      });
    }
    this.stats.purgedRows = purged.size;
    this.devices.forEach((d, i) => {
      for (const table of this.schema(i)) {
        const n = (d.sqlite.prepare(`SELECT count(*) AS n FROM "${table.name}"`).get() as { n: number }).n;
        const expected = [...(this.model.rows.get(table.name) ?? [])].filter((row) => !purged.has(`${table.name}\u0000${row}`)).length;
        if (n !== expected) problems.push(`device ${i} has ${n} rows in ${table.name}, the model ${expected}`);
      }
      const conflicts = (d.sqlite.prepare('SELECT count(*) AS n FROM sync_conflicts').get() as { n: number }).n;
      const expected = [...expectedConflicts.values()].reduce((a, b) => a + b, 0);
      if (conflicts !== expected) problems.push(`device ${i} has ${conflicts} conflict records, expected ${expected}`);
      for (const t of ['sync_outbox', 'sync_pending', 'sync_quarantine']) {
        const n = (d.sqlite.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
        if (n !== 0) problems.push(`device ${i} still has ${n} rows in ${t}: ${JSON.stringify(d.sqlite.prepare(`SELECT * FROM ${t} LIMIT 3`).all())}`);
      }
      const s = summaries?.[i];
      if (s && (s.waiting !== 0 || s.quarantined !== 0 || s.pendingLocal !== 0 || s.readOnly || s.stuck.length > 0)) {
        problems.push(
          `device ${i} settled with waiting=${s.waiting} quarantined=${s.quarantined} pendingLocal=${s.pendingLocal} readOnly=${s.readOnly} stuck=${JSON.stringify(s.stuck)}`,
        );
      }
      problems.push(...this.unexplainedOrphans(i));
      // What `rapport check` says of this device's copy of the share: nothing to warn about.
      const report = checkShare(shareFor(d.sqlite, d.replica, (root) => new Share(root)));
      const bad = report.findings.filter((f) => f.level !== 'info');
      if (bad.length > 0) problems.push(`rapport check on device ${i}'s share: ${JSON.stringify(bad.slice(0, 4))}`);
    });
    this.stats.finalConflicts = [...expectedConflicts.values()].reduce((a, b) => a + b, 0);
    if (problems.length > 0) throw new ModelError(`${problems.length} problem(s) after settling:\n  ${problems.slice(0, 12).join('\n  ')}`);
  }

  /**
   * Changes kept aside for records emptied from the bin must each have a reason: a change the
   * purging device had not seen (newer than the newest it named), or a record (or the record a part
   * belongs to) restored after the newest change the purge named. A part's values that the purger
   * had seen are purged with it, never kept aside.
   */
  private unexplainedOrphans(i: number): string[] {
    const orphans = stmt(this.devices[i]!.sqlite, 'SELECT tbl, row_id AS row, field, clock FROM sync_orphans').all() as {
      tbl: string;
      row: string;
      field: string;
      clock: string;
    }[];
    const restoredAfterPurge = (table: string, row: string): boolean => {
      const seen = this.model.purgeSeen.get(`${table}\u0000${row}`) ?? '';
      return this.model.writesOf(table, row, 'deleted_at').some((w) => w.value === 'null' && w.clock > seen);
    };
    const problems: string[] = [];
    for (const o of orphans) {
      const seen = this.model.purgeSeen.get(`${o.tbl}\u0000${o.row}`);
      if (seen === undefined || o.clock > seen) continue;
      const part = references.find((r) => r.part && r.table === o.tbl);
      const owner = part && this.model.writesOf(o.tbl, o.row, part.column).at(-1);
      const ownerId = owner ? (JSON.parse(owner.value) as string) : undefined;
      if (part ? ownerId !== undefined && restoredAfterPurge(part.target, ownerId) : restoredAfterPurge(o.tbl, o.row)) continue;
      problems.push(`device ${i} kept ${o.tbl}/${o.row}.${o.field} (${o.clock}) aside although its purge had seen it (${seen}) and nothing restored it`);
    }
    return problems;
  }

  dispose(): void {
    for (const d of this.devices) {
      try {
        d.close();
      } catch {
        /* already closed */
      }
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Runs `body` in a fresh world and always cleans it up. */
export function inWorld<T>(options: WorldOptions, body: (world: SimWorld) => T): T {
  const world = new SimWorld(options);
  try {
    return body(world);
  } finally {
    world.dispose();
  }
}

/** The share paths of a device's segments, as the folder tool knows them (in number order). */
export const segmentsOf = (world: SimWorld, dev: number) =>
  [...world.tool.latest.keys()].filter((p) => p.startsWith(`devices/${world.devices[dev]!.deviceId}/seg-`)).sort();

/** tmpfs where there is one: fsync and mkdir cost nothing there, and the simulation does thousands. */
function simTempRoot(): string {
  if (process.env.RAPPORT_SIM_TMP) return process.env.RAPPORT_SIM_TMP;
  return process.platform === 'linux' && existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

/** A write the store refuses on purpose (a constraint, or a record past its time in the bin): nothing written. */
function isRefusedWrite(error: unknown): boolean {
  if (error instanceof BinExpiredError) return true;
  return typeof (error as { code?: unknown }).code === 'string' && (error as { code: string }).code.startsWith('SQLITE_CONSTRAINT');
}

function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}: ${la[i] ?? '<none>'}  vs  ${lb[i] ?? '<none>'}`;
  }
  return 'same lines';
}

// ---------------------------------------------------------------------------------------------
// Random scenarios
// ---------------------------------------------------------------------------------------------

export type Command =
  | { t: 'insert'; dev: number; table: number; fields: number[]; seeds: ValueSeed[] }
  | { t: 'update'; dev: number; table: number; row: number; fields: number[]; seeds: ValueSeed[] }
  | { t: 'tombstone'; dev: number; table: number; row: number; restore: boolean }
  | { t: 'concurrent'; devs: number[]; table: number; row: number; field: number; seeds: ValueSeed[] }
  | { t: 'sync'; dev: number; crashAt: number | null }
  | { t: 'deliver'; items: { replica: number; pick: number; mode: DeliveryMode; cut: number; oldMtime: boolean; style: CopyStyle }[] }
  | { t: 'flush'; replica: number }
  | { t: 'hide'; replica: number; pick: number }
  | { t: 'copy'; replica: number; pick: number; style: CopyStyle; move: boolean; cut: number | null }
  /** The share loses its format file. */
  | { t: 'lose' }
  /** A segment cut short on the share itself (its writer's copy too). */
  | { t: 'damage'; pick: number; cut: number }
  /** A laptop's data folder copied to a new one (a restored backup, a cloned disk). */
  | { t: 'clone'; dev: number }
  | { t: 'restart'; dev: number }
  | { t: 'resolve'; dev: number; pick: number; choice: number }
  | { t: 'settle' }
  | { t: 'join' }
  | { t: 'tick'; ms: number };

export interface Scenario {
  devices: number;
  offsets: number[];
  /** Maintenance policy with small thresholds (snapshots, GC, retirement, purge happen); the default when null. */
  policy: MaintenancePolicy | null;
  /** Records the office already shares before the scenario starts (inserted, then synced everywhere). */
  preamble: Extract<Command, { t: 'insert' }>[];
  commands: Command[];
  /** After the first end state: users settle conflicts in the Conflicts view (maybe one conflict on two devices, differently). */
  epilogue: Extract<Command, { t: 'resolve' }>[];
}

export interface ScenarioLimits {
  minDevices: number;
  maxDevices: number;
  maxCommands: number;
  /** Leave out cloned laptops (the soak's `--no-clones`). */
  noClones?: boolean;
}

const idx = fc.nat({ max: 63 });
/** Biased to the first few tables and fields, so that edits meet on the same fields often. */
const hot = fc.oneof(fc.nat({ max: 2 }), idx);
const fieldPicks = fc.array(hot, { minLength: 1, maxLength: 3 });
const seeds = fc.array(valueSeedArb, { minLength: 3, maxLength: 3 });
const copyStyle = fc.constantFrom<CopyStyle>(0, 1, 2);

export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ t: fc.constant('insert' as const), dev: idx, table: hot, fields: fieldPicks, seeds }) },
  { weight: 10, arbitrary: fc.record({ t: fc.constant('update' as const), dev: idx, table: hot, row: idx, fields: fieldPicks, seeds }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('tombstone' as const), dev: idx, table: idx, row: idx, restore: fc.boolean() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('concurrent' as const),
      devs: fc.array(idx, { minLength: 2, maxLength: 3 }),
      table: hot,
      row: idx,
      field: hot,
      seeds,
    }),
  },
  { weight: 14, arbitrary: fc.record({ t: fc.constant('sync' as const), dev: idx, crashAt: fc.option(fc.integer({ min: 1, max: 60 }), { freq: 3 }) }) },
  {
    weight: 8,
    arbitrary: fc.record({
      t: fc.constant('deliver' as const),
      items: fc.array(
        fc.record({
          replica: idx,
          pick: idx,
          mode: fc.constantFrom<DeliveryMode>('full', 'full', 'full', 'partial', 'temp', 'copy'),
          cut: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
          oldMtime: fc.boolean(),
          style: copyStyle,
        }),
        { minLength: 1, maxLength: 6 },
      ),
    }),
  },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('flush' as const), replica: idx }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('hide' as const), replica: idx, pick: idx }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('copy' as const),
      replica: idx,
      pick: idx,
      style: copyStyle,
      move: fc.boolean(),
      // Sometimes the tool stops mid-copy: a cut-short duplicate of a segment that may be applied already.
      cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { freq: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('lose' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('damage' as const), pick: idx, cut: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('clone' as const), dev: idx }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('restart' as const), dev: idx }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('resolve' as const), dev: idx, pick: idx, choice: idx }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('settle' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('join' as const) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 3 * DAY }) }) },
  // A month or more away: records in the bin expire and are emptied for good.
  { weight: 1, arbitrary: fc.record({ t: fc.constant('tick' as const), ms: fc.integer({ min: 25 * DAY, max: 45 * DAY }) }) },
);

export function scenarioArb({ minDevices, maxDevices, maxCommands, noClones }: ScenarioLimits): fc.Arbitrary<Scenario> {
  return fc.record({
    // Mostly small offices (cheap), regularly the largest.
    devices: fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: minDevices, max: Math.min(maxDevices, minDevices + 1) }) },
      fc.integer({ min: minDevices, max: maxDevices }),
    ),
    // Clock skew of up to three days either way, per laptop.
    offsets: fc.array(fc.integer({ min: -3 * DAY, max: 3 * DAY }), { minLength: maxDevices, maxLength: maxDevices }),
    policy: fc.option(
      fc.record({
        retireAfterDays: fc.constantFrom(2, 30),
        snapshotEverySegments: fc.integer({ min: 1, max: 12 }),
        gcGraceMs: fc.constantFrom(0, MINUTE, 3_600_000),
      }),
      { freq: 2 },
    ),
    preamble: fc.array(fc.record({ t: fc.constant('insert' as const), dev: idx, table: hot, fields: fieldPicks, seeds }), { maxLength: 6 }),
    commands: fc.array(noClones ? commandArb.filter((c) => c.t !== 'clone') : commandArb, {
      minLength: Math.ceil(maxCommands / 3),
      maxLength: maxCommands,
      size: 'max',
    }),
    epilogue: fc.array(fc.record({ t: fc.constant('resolve' as const), dev: idx, pick: fc.nat({ max: 1 }), choice: idx }), { maxLength: 3 }),
  });
}

const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);

/** Runs one command; numbers in commands are taken modulo what exists, so shrinking keeps them meaningful. */
export function runCommand(world: SimWorld, c: Command): void {
  const n = world.devices.length;
  world.trace?.(`${JSON.stringify(c)}`);
  world.now += 1_000;
  switch (c.t) {
    case 'insert': {
      const dev = c.dev % n;
      const table = pick(world.schema(dev), c.table)!;
      const values: Record<string, SqlValue> = {};
      c.fields.forEach((f, i) => {
        const column = pick(table.columns, f)!;
        const value = world.valueFor(dev, column, c.seeds[i % c.seeds.length]!);
        if (value !== undefined) values[column.name] = value;
      });
      // A column that must have a value and has no default gets one.
      for (const column of table.columns) {
        if (column.notNull && !column.hasDefault && !(column.name in values)) {
          const value = world.valueFor(dev, column, c.seeds[0]!);
          if (value === undefined) return;
          values[column.name] = value;
        }
      }
      world.insert(dev, table.name, values);
      return;
    }
    case 'update': {
      const dev = c.dev % n;
      const table = pick(
        world.schema(dev).filter((t) => world.rowIds(dev, t.name).length > 0),
        c.table,
      );
      const id = table && pick(world.rowIds(dev, table.name), c.row);
      if (!table || !id) return;
      const patch: Record<string, SqlValue> = {};
      c.fields.forEach((f, i) => {
        const column = pick(table.columns, f)!;
        const value = world.valueFor(dev, column, c.seeds[i % c.seeds.length]!);
        if (value !== undefined) patch[column.name] = value;
      });
      if (Object.keys(patch).length > 0) world.update(dev, table.name, id, patch);
      return;
    }
    case 'tombstone': {
      const dev = c.dev % n;
      const table = pick(
        world.schema(dev).filter((t) => t.columns.some((col) => col.name === 'deleted_at') && world.rowIds(dev, t.name).length > 0),
        c.table,
      );
      const id = table && pick(world.rowIds(dev, table.name), c.row);
      if (!table || !id) return;
      world.update(dev, table.name, id, { deleted_at: c.restore ? null : new Date(world.devices[dev]!.now()).toISOString() });
      return;
    }
    case 'concurrent': {
      // The same field edited on several devices before any of them syncs.
      const devs = [...new Set(c.devs.map((d) => d % n))];
      if (devs.length < 2) return;
      const sharedRows = (table: TableInfo) =>
        [...devs.map((d) => new Set(world.rowIds(d, table.name))).reduce((a, b) => new Set([...a].filter((x) => b.has(x))))].sort();
      const table = pick(
        world.schema(devs[0]!).filter((t) => sharedRows(t).length > 0),
        c.table,
      );
      const id = table && pick(sharedRows(table), c.row);
      if (!table || !id) return;
      const column = pick(table.columns, c.field)!;
      devs.forEach((dev, i) => {
        const value = world.valueFor(dev, column, c.seeds[i % c.seeds.length]!);
        if (value !== undefined) world.update(dev, table.name, id, { [column.name]: value });
      });
      return;
    }
    case 'sync':
      world.sync(c.dev % n, c.crashAt);
      return;
    case 'deliver':
      for (const item of c.items) {
        const j = item.replica % n;
        const path = pick(world.tool.pending(j), item.pick);
        if (path) world.tool.deliver(j, path, item.mode, item.cut, item.oldMtime, item.style);
      }
      return;
    case 'flush': {
      const j = c.replica % n;
      for (const path of world.tool.pending(j)) world.tool.deliver(j, path, 'full');
      return;
    }
    case 'hide': {
      const j = c.replica % n;
      const path = pick(world.tool.delivered(j), c.pick);
      if (path) world.tool.hide(j, path);
      return;
    }
    case 'copy': {
      const j = c.replica % n;
      const cut = c.cut ?? undefined;
      if (c.move) {
        // Dropbox on a conflict: the local file becomes the "conflicted copy", the original comes back later.
        const path = pick(world.tool.delivered(j), c.pick);
        if (path) {
          world.tool.copy(j, path, c.style, cut);
          world.tool.hide(j, path);
        }
      } else {
        const path = pick(world.tool.foreignSegments(j), c.pick);
        if (path) world.tool.copy(j, path, c.style, cut);
      }
      return;
    }
    case 'lose':
      world.tool.lose(FORMAT_FILE);
      return;
    case 'damage': {
      const path = pick(world.tool.segments(), c.pick);
      if (path) world.tool.damage(path, c.cut);
      return;
    }
    case 'clone':
      // One cloned laptop per office, in offices that do not collect segments: while both copies
      // still write as one id, neither knows of the other, and their acks and forks cannot be told
      // apart by number; collected meanwhile, a copy's segments can be out of the other's reach
      // (docs/sync-format.md, "Conflicted copies"). A clone of a clone makes three such writers.
      if (n < world.offsets.length && world.stats.clones === 0 && !world.policy) {
        world.addDevice({ offset: world.offsets[n] ?? 0, cloneOf: c.dev % n });
        world.stats.clones++;
      }
      return;
    case 'restart':
      world.devices[c.dev % n]!.restart();
      return;
    case 'resolve': {
      const dev = c.dev % n;
      const open = stmt(world.devices[dev]!.sqlite, 'SELECT DISTINCT tbl, row_id AS row, field FROM sync_conflicts ORDER BY 1, 2, 3').all() as {
        tbl: string;
        row: string;
        field: string;
      }[];
      const conflict = pick(open, c.pick);
      if (conflict) world.resolve(dev, conflict.tbl, conflict.row, conflict.field, c.choice);
      return;
    }
    case 'settle':
      // A quiet afternoon: everything reaches everyone (conflicts become visible to resolve).
      world.settle();
      return;
    case 'join':
      // A new laptop joins the office (up to the scenario's largest size).
      if (n < world.offsets.length) {
        world.addDevice({ offset: world.offsets[n] ?? 0 });
        world.stats.joins++;
      }
      return;
    case 'tick':
      world.now += c.ms;
      return;
  }
}

export interface ScenarioResult {
  stats: WorldStats;
  tool: FolderTool['stats'];
}

/**
 * One case of the convergence property: random commands, then everything delivered and rounds
 * until quiet, then the end-state checks. No device is ever cloned here, so none may rotate its id.
 */
export function runScenario(scenario: Scenario, trace?: (line: string) => void, options: { encrypted?: boolean } = {}): ScenarioResult {
  const world = new SimWorld({
    ...options,
    devices: scenario.devices,
    offsets: scenario.offsets,
    ...(scenario.policy ? { policy: scenario.policy } : {}),
    ...(trace ? { trace } : {}),
  });
  try {
    if (scenario.preamble.length > 0) {
      // Written and published by their authors, then read once by everyone.
      for (const command of scenario.preamble) runCommand(world, command);
      for (const dev of new Set(scenario.preamble.map((c) => c.dev % world.devices.length))) world.sync(dev);
      world.tool.deliverAll();
      for (let dev = 0; dev < world.devices.length; dev++) world.sync(dev);
    }
    for (const command of scenario.commands) runCommand(world, command);
    let summaries = world.settle();
    const strays = world.rotations.filter((r) => !world.cloned.has(r.device));
    if (strays.length > 0) throw new ModelError(`a device that was never cloned rotated its id: ${JSON.stringify(strays)}`);
    world.check(summaries);
    if (scenario.epilogue.length > 0 && world.model.writes.length > 0) {
      const before = world.stats.resolutions;
      for (const command of scenario.epilogue) runCommand(world, command);
      if (world.stats.resolutions > before) world.check(world.settle());
    }
    return { stats: world.stats, tool: world.tool.stats };
  } finally {
    world.dispose();
  }
}
