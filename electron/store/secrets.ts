/**
 * Secrets this device keeps (workspace keys, a member's personal key): bytes under a name in
 * `local_meta`, never synced. One way in and out, so that how they are protected at rest (wrapped
 * with a key from the OS keychain or a 0600 key file) is decided in one place.
 */
import type Database from 'better-sqlite3';
import { deleteMeta, readMeta, writeMeta } from './meta';

const PREFIX = 'secret:';

export function readSecret(sqlite: Database.Database, name: string): Buffer | undefined {
  const value = readMeta<string>(sqlite, PREFIX + name);
  return value === undefined ? undefined : Buffer.from(value, 'base64');
}

export function writeSecret(sqlite: Database.Database, name: string, bytes: Uint8Array): void {
  writeMeta(sqlite, PREFIX + name, Buffer.from(bytes).toString('base64'));
}

export function deleteSecret(sqlite: Database.Database, name: string): void {
  deleteMeta(sqlite, PREFIX + name);
}
