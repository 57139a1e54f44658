/**
 * `local_meta`: small facts about this installation (clock state, what was published, maintenance
 * intents), each a JSON value under a key, and two plain-text ones kept as the first store wrote
 * them: the device id and the share folder.
 */
import type Database from 'better-sqlite3';
import { prepared } from './prepared';

const READ = 'SELECT value FROM local_meta WHERE key = ?';
const WRITE = 'INSERT INTO local_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value';
const REMOVE = 'DELETE FROM local_meta WHERE key = ?';

const generations = new WeakMap<Database.Database, number>();
/**
 * Counts the writes of local_meta made through this module on the connection: a value read from it
 * stays good while this is unchanged and no other connection has committed (PRAGMA data_version).
 * The change log keeps its clock so (sync/changes.ts).
 */
export const metaGeneration = (sqlite: Database.Database): number => generations.get(sqlite) ?? 0;
const written = (sqlite: Database.Database): void => void generations.set(sqlite, metaGeneration(sqlite) + 1);

export function readMeta<T>(sqlite: Database.Database, key: string): T | undefined {
  const row = prepared(sqlite, READ).get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export function writeMeta(sqlite: Database.Database, key: string, value: unknown): void {
  prepared(sqlite, WRITE).run(key, JSON.stringify(value));
  written(sqlite);
}

export function deleteMeta(sqlite: Database.Database, ...keys: string[]): void {
  for (const key of keys) prepared(sqlite, REMOVE).run(key);
  written(sqlite);
}

/** Every JSON value whose key starts with `prefix`, by the rest of its key. */
export function readMetaWithPrefix<T>(sqlite: Database.Database, prefix: string): Map<string, T> {
  const rows = prepared(sqlite, 'SELECT key, value FROM local_meta WHERE substr(key, 1, ?) = ?').all(prefix.length, prefix) as { key: string; value: string }[];
  return new Map(rows.map((r) => [r.key.slice(prefix.length), JSON.parse(r.value) as T]));
}

const readText = (sqlite: Database.Database, key: string): string | undefined => (prepared(sqlite, READ).get(key) as { value: string } | undefined)?.value;

/** This installation's id: it names the device's folder on the share (sync rotates it after a clone). */
export function readDeviceId(sqlite: Database.Database): string {
  const id = readText(sqlite, 'deviceId');
  if (id === undefined) throw new Error('the store has no device id (it is made when the store is opened)');
  return id;
}

export function setDeviceId(sqlite: Database.Database, id: string): void {
  prepared(sqlite, WRITE).run('deviceId', id);
  written(sqlite);
}

/** The share folder sync uses, or null when sync is off. */
export function readShareDir(sqlite: Database.Database): string | null {
  return readText(sqlite, 'shareDir') ?? null;
}

export function setShareDir(sqlite: Database.Database, dir: string | null): void {
  if (dir === null) deleteMeta(sqlite, 'shareDir');
  else prepared(sqlite, WRITE).run('shareDir', dir);
  written(sqlite);
}

/**
 * The team member who uses this device ("who am I"): chosen at first run, changeable in Settings.
 * Per device, never synced: two laptops of one rep each say so, a shared laptop says whoever set it.
 */
export function readMe(sqlite: Database.Database): string | null {
  return readText(sqlite, 'me') ?? null;
}

export function setMe(sqlite: Database.Database, memberId: string | null): void {
  if (memberId === null) deleteMeta(sqlite, 'me');
  else prepared(sqlite, WRITE).run('me', memberId);
  written(sqlite);
}
