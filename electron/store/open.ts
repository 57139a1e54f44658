import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { newDeviceId } from './ids';
import { readDeviceId, setDeviceId } from './meta';
import { migrateStore } from './migrate';
import { registerSearchFunctions } from './search-index';

export interface Store {
  sqlite: Database.Database;
  dataDir: string;
  file: string;
  migrationsDir: string;
  /** This installation's id, made on first open; it names the device's folder on the share (sync may rotate it). */
  readonly deviceId: string;
  /** How many migrations the store has applied. */
  schemaVersion: number;
  close(): void;
}

export interface OpenStoreOptions {
  dataDir: string;
  /** Where drizzle-kit's SQL and journal live: the repo's `migrations/`, or inside the packaged app. */
  migrationsDir: string;
}

export const STORE_FILE = 'rapport.sqlite';

export function openStore({ dataDir, migrationsDir }: OpenStoreOptions): Store {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, STORE_FILE);
  const sqlite = new Database(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    registerSearchFunctions(sqlite);
    const schemaVersion = migrateStore(sqlite, migrationsDir);
    ensureDeviceId(sqlite);
    return {
      sqlite,
      dataDir,
      file,
      migrationsDir,
      get deviceId() {
        return readDeviceId(sqlite);
      },
      schemaVersion,
      close: () => sqlite.close(),
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

function ensureDeviceId(sqlite: Database.Database): void {
  try {
    readDeviceId(sqlite);
  } catch {
    setDeviceId(sqlite, newDeviceId());
  }
}
