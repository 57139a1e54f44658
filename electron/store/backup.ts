/**
 * Backups of the store: copies in `<data>/backups/`, each checked right after it is written, listed
 * in a small manifest, kept by a retention rule. The store side only: making a copy, checking it,
 * the manifest and the rule. Running one as a job, the canonical-export check and restoring are
 * electron/services/backup.ts's; the copy before a migration is taken here, by openStore.
 *
 * Names: `<id>.sqlite`, the id being the UTC time and the reason (`2026-12-05T00-30-00-123Z-daily`),
 * so a listing sorts by time and says why each copy exists. A copy is written as `<id>.partial`
 * and renamed only once it is verified: a file with a backup's name is always a good one.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readDeviceId, readMeta } from './meta';
import { PRIVATE_FILE_MODE, privateDir, privateFile } from './protect';

export const BACKUPS_DIR = 'backups';
export const MANIFEST_FILE = 'manifest.json';
export const BACKUP_REASONS = ['daily', 'manual', 'pre-migration', 'pre-restore'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

/** What the manifest says of one backup. */
export interface BackupEntry {
  id: string;
  file: string;
  reason: BackupReason;
  /** When the copy was taken (ISO, UTC). */
  createdAt: string;
  bytes: number;
  /** Migrations the copy has applied: a restore migrates it forward on open. */
  schemaVersion: number;
  /** The device id and the last segment it had published then (a restore needs both: services/backup.ts). */
  deviceId: string;
  publishedSeq: number;
  /** sha256 of the copy's content, as verified when it was written. */
  fingerprint: string;
}

interface Manifest {
  format: 'rapport-backups';
  version: 1;
  backups: BackupEntry[];
}

const ID_PATTERN = new RegExp(`^\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-\\d{3}Z-(${BACKUP_REASONS.join('|')})$`);

export const isBackupId = (id: string): boolean => ID_PATTERN.test(id);

export function backupId(at: Date, reason: BackupReason): string {
  return `${at.toISOString().replace(/:/g, '-').replace('.', '-')}-${reason}`;
}

export const backupsDir = (dataDir: string) => join(dataDir, BACKUPS_DIR);

/** The backups the manifest lists whose files are there, newest first. */
export function listBackups(dataDir: string): BackupEntry[] {
  const file = join(backupsDir(dataDir), MANIFEST_FILE);
  if (!existsSync(file)) return [];
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  if (manifest.format !== 'rapport-backups' || manifest.version !== 1) throw new Error(`${file} is not a backup manifest this version of Rapport reads.`);
  return manifest.backups.filter((b) => existsSync(join(backupsDir(dataDir), b.file))).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

function writeManifest(dataDir: string, backups: BackupEntry[]): void {
  const dir = backupsDir(dataDir);
  const file = join(dir, MANIFEST_FILE);
  const manifest: Manifest = { format: 'rapport-backups', version: 1, backups: [...backups].sort((a, b) => a.createdAt.localeCompare(b.createdAt)) };
  writeFileSync(`${file}.tmp`, JSON.stringify(manifest, null, 2) + '\n', { mode: PRIVATE_FILE_MODE });
  renameSync(`${file}.tmp`, file);
}

/** Where a new copy is written until it is verified; made empty and 0600 first, so the copy never has wider modes. */
export function partialFileFor(dataDir: string, id: string): string {
  privateDir(backupsDir(dataDir));
  const file = join(backupsDir(dataDir), `${id}.partial`);
  rmSync(file, { force: true });
  privateFile(file);
  return file;
}

/**
 * A hash of every row of every table (virtual tables aside: their shadow tables are counted), in
 * the order a full scan reads them. A page-by-page copy scans in the same order, so a copy and
 * the store it was taken from hash alike exactly when they hold the same rows.
 */
export function contentFingerprint(sqlite: Database.Database): string {
  const hash = createHash('sha256');
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")
    .pluck()
    .all() as string[];
  for (const table of tables) {
    hash.update(`\u0000table:${table}\u0000`);
    for (const row of sqlite
      .prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`)
      .raw(true)
      .iterate() as Iterable<unknown[]>) {
      for (const value of row) {
        if (Buffer.isBuffer(value)) hash.update(`b${value.length}:`).update(value);
        else if (value === null) hash.update('n');
        else hash.update(`${typeof value}${String(value).length}:${String(value)}`);
      }
      hash.update('\n');
    }
  }
  return hash.digest('hex');
}

export class BackupVerifyError extends Error {}

/**
 * Opens a copy on its own, makes it a single self-contained file (journal mode DELETE: no -wal
 * to lose beside it), runs `PRAGMA integrity_check` and returns its fingerprint (with
 * `fingerprint` given, the caller's; else contentFingerprint).
 */
export function verifyCopy(file: string, fingerprint: (sqlite: Database.Database) => string = contentFingerprint): string {
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const result = copy.pragma('integrity_check') as { integrity_check: string }[];
    if (result.length !== 1 || result[0]?.integrity_check !== 'ok') {
      throw new BackupVerifyError(
        `integrity_check found ${result.length} problem(s): ${result
          .slice(0, 3)
          .map((r) => r.integrity_check)
          .join('; ')}`,
      );
    }
    return fingerprint(copy);
  } finally {
    copy.close();
  }
}

/** What the store says of itself for a manifest entry. */
export function describeStore(sqlite: Database.Database): Pick<BackupEntry, 'deviceId' | 'publishedSeq' | 'schemaVersion'> {
  const hasMigrations = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = '__drizzle_migrations'").get() !== undefined;
  const schemaVersion = hasMigrations ? (sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n : 0;
  let deviceId = '';
  let publishedSeq = 0;
  try {
    deviceId = readDeviceId(sqlite);
    publishedSeq = readMeta<{ seq: number }>(sqlite, 'published')?.seq ?? 0;
  } catch {
    /* a store that never opened fully has no device id yet */
  }
  return { deviceId, publishedSeq, schemaVersion };
}

/** Renames a verified copy to its backup name and lists it in the manifest. */
export function recordBackup(dataDir: string, partial: string, entry: Omit<BackupEntry, 'file' | 'bytes'>): BackupEntry {
  const file = `${entry.id}.sqlite`;
  const path = join(backupsDir(dataDir), file);
  renameSync(partial, path);
  const full: BackupEntry = { ...entry, file, bytes: statSync(path).size };
  writeManifest(dataDir, [...listBackups(dataDir).filter((b) => b.id !== entry.id), full]);
  return full;
}

/**
 * A copy taken synchronously, for the one moment an asynchronous one cannot be: opening the store,
 * before a migration runs (open is synchronous and nothing else uses the store yet). The copy is
 * SQLite's own image of the database (`sqlite3_serialize`), written to the partial file, verified
 * against the store's fingerprint and recorded. The other backups use the online backup API.
 */
export function backupNow(sqlite: Database.Database, dataDir: string, reason: BackupReason, at = new Date()): BackupEntry {
  const id = backupId(at, reason);
  const partial = partialFileFor(dataDir, id);
  try {
    const image = sqlite.serialize();
    writeFileSync(partial, image, { mode: PRIVATE_FILE_MODE });
    const expected = contentFingerprint(sqlite);
    const found = verifyCopy(partial);
    if (found !== expected) throw new BackupVerifyError('the copy does not hold what the store holds');
    return recordBackup(dataDir, partial, { id, reason, createdAt: at.toISOString(), fingerprint: found, ...describeStore(sqlite) });
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

// ---- Retention ----

/** Regular copies (daily and on demand): the newest of each of the last 7 days that have one, and of each of the 4 weeks before. */
export const KEEP_DAILY = 7;
export const KEEP_WEEKLY = 4;
/** Copies taken before a migration or a restore: kept 30 days, and the newest of each kind always. */
export const KEEP_SAFETY_DAYS = 30;

const dayOf = (iso: string) => iso.slice(0, 10);
/** The Monday of an ISO date's week (UTC), as a date. */
function weekOf(iso: string): string {
  const d = new Date(`${dayOf(iso)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** The backups the rule no longer keeps (pure: `backups` in any order). */
export function expiredBackups(backups: readonly BackupEntry[], now: Date): BackupEntry[] {
  const newestFirst = [...backups].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const keep = new Set<string>();
  const regular = newestFirst.filter((b) => b.reason === 'daily' || b.reason === 'manual');
  const days = new Set<string>();
  for (const b of regular) {
    if (days.has(dayOf(b.createdAt))) continue;
    if (days.size >= KEEP_DAILY) break;
    days.add(dayOf(b.createdAt));
    keep.add(b.id);
  }
  const weeks = new Set<string>();
  const lastDaily = [...days].sort()[0];
  for (const b of regular) {
    if (lastDaily !== undefined && dayOf(b.createdAt) >= lastDaily) continue;
    if (weeks.has(weekOf(b.createdAt))) continue;
    if (weeks.size >= KEEP_WEEKLY) break;
    weeks.add(weekOf(b.createdAt));
    keep.add(b.id);
  }
  const cutoff = new Date(now.getTime() - KEEP_SAFETY_DAYS * 86_400_000).toISOString();
  for (const reason of ['pre-migration', 'pre-restore'] as const) {
    const safety = newestFirst.filter((b) => b.reason === reason);
    if (safety[0]) keep.add(safety[0].id);
    for (const b of safety) if (b.createdAt >= cutoff) keep.add(b.id);
  }
  return newestFirst.filter((b) => !keep.has(b.id));
}

/** Deletes what the rule no longer keeps; returns the ids deleted. */
export function pruneBackups(dataDir: string, now = new Date()): string[] {
  const all = listBackups(dataDir);
  const expired = expiredBackups(all, now);
  if (expired.length === 0) return [];
  const gone = new Set(expired.map((b) => b.id));
  writeManifest(
    dataDir,
    all.filter((b) => !gone.has(b.id)),
  );
  for (const b of expired) rmSync(join(backupsDir(dataDir), b.file), { force: true });
  return [...gone];
}

export function backupFile(dataDir: string, entry: BackupEntry): string {
  return join(backupsDir(dataDir), entry.file);
}

// ---- What a restore carries over from the store it replaces (services/backup.ts) ----

/** Each change waiting in the outbox, by a key naming it exactly (table, row, field, clock, value). */
export function outboxKeys(sqlite: Database.Database): Map<string, number> {
  const rows = sqlite.prepare('SELECT seq, tbl, row_id, field, clock, value FROM sync_outbox').raw(true).all() as [
    number,
    string,
    string,
    string,
    string,
    string,
  ][];
  return new Map(rows.map(([seq, ...key]) => [JSON.stringify(key), seq]));
}

/** Drops outbox changes by their sequence (changes the replaced store had published). */
export function dropOutbox(sqlite: Database.Database, seqs: readonly number[]): void {
  const drop = sqlite.prepare('DELETE FROM sync_outbox WHERE seq = ?');
  for (const seq of seqs) drop.run(seq);
}
