import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { eq } from 'drizzle-orm';
import { newDeviceId } from './ids';
import { migrateStore } from './migrate';
import { registerSearchFunctions } from './search-index';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;

export interface Store {
  sqlite: Database.Database;
  db: Db;
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
    const db = drizzle(sqlite, { schema });
    const schemaVersion = migrateStore(sqlite, db as never, migrationsDir);
    ensureDeviceId(db);
    return {
      sqlite,
      db,
      dataDir,
      file,
      migrationsDir,
      get deviceId() {
        return (sqlite.prepare("SELECT value FROM local_meta WHERE key = 'deviceId'").get() as { value: string }).value;
      },
      schemaVersion,
      close: () => sqlite.close(),
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

function ensureDeviceId(db: Db): string {
  const row = db.select().from(schema.localMeta).where(eq(schema.localMeta.key, 'deviceId')).get();
  if (row) return row.value;
  const deviceId = newDeviceId();
  db.insert(schema.localMeta).values({ key: 'deviceId', value: deviceId }).run();
  return deviceId;
}
