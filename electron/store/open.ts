import { closeSync, existsSync, fsyncSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { backupNow } from './backup';
import { newDeviceId } from './ids';
import { readDeviceId, setDeviceId } from './meta';
import { migrateStore, pendingMigrations } from './migrate';
import { DEVICE_KEY_SAFE_FILE, keyFileDeviceKey, privateFile, protectDataDir } from './protect';
import { useDeviceKey } from './secrets';
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
  /** The key that wraps this device's secrets: for another connection to the same store (the sync round's thread). */
  readonly deviceKey: Uint8Array | undefined;
  close(): void;
}

export interface OpenStoreOptions {
  dataDir: string;
  /** Where drizzle-kit's SQL and journal live: the repo's `migrations/`, or inside the packaged app. */
  migrationsDir: string;
  /**
   * The key that wraps this device's secrets (secrets.ts): the desktop app's, from the OS keychain
   * (electron/main). Absent: the data folder's 0600 key file, made on first open (browser mode, the CLI).
   */
  deviceKey?: Uint8Array;
}

export const STORE_FILE = 'rapport.sqlite';

/** What the WAL file is cut back to after a checkpoint (SQLite's journal_size_limit). */
const WAL_KEPT_BYTES = 64 * 1024 * 1024;

/**
 * After a sync round (SyncEngine.round leaves this to its caller, once it has told the round's
 * result): copies the WAL into the store file, as far as open readers allow, without waiting for
 * anyone (a PASSIVE checkpoint: the app's own calls go on meanwhile), and makes what the round
 * committed durable (a bootstrap commits without waiting for the disk). SQLite copies by itself at
 * a commit once the WAL passes 1,000 pages; a round turns that off, as a bootstrap's WAL is as
 * large as the store. The copy comes first: while it runs, a commit on the app's thread does not
 * start a copy of its own (SQLite runs one at a time and skips the other), which would hold that
 * thread for seconds. The checkpoint syncs the WAL before copying; syncWal covers what readers
 * kept it from copying.
 */
export function settleWal(sqlite: Database.Database): void {
  if (!sqlite.memory) sqlite.pragma('wal_checkpoint(PASSIVE)');
  syncWal(sqlite);
}

/**
 * Makes what was committed with synchronous = NORMAL durable, as a FULL commit would have: one
 * fsync of the WAL (an import's chunks, a bootstrap). An in-memory store has no file to sync.
 */
export function syncWal(sqlite: Database.Database): void {
  const wal = `${sqlite.name}-wal`;
  if (sqlite.memory || !existsSync(wal)) return;
  try {
    const fd = openSync(wal, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    // The store closed under a stopping job, or its folder went: nothing left to make durable here.
    console.error('[rapport] could not sync the store’s log to disk:', (error as Error).message);
  }
}

export function openStore({ dataDir, migrationsDir, deviceKey }: OpenStoreOptions): Store {
  // The folder 0700 and the files 0600, made so and corrected on every open (protect.ts).
  protectDataDir(dataDir, STORE_FILE);
  const file = join(dataDir, STORE_FILE);
  privateFile(file);
  // The desktop app's key is in the OS keychain, which only its main process can ask: a connection
  // opened there without it (an older sync thread) has no secrets rather than a second key file.
  const key = deviceKey ?? (existsSync(join(dataDir, DEVICE_KEY_SAFE_FILE)) ? undefined : keyFileDeviceKey(dataDir));
  const sqlite = new Database(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    // An acknowledged write survives power loss: FULL syncs the WAL at every commit (README.md, "Durability").
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    // Savepoint journals, temporary tables and sorts in memory, not in temporary files: every row an
    // import writes is a savepoint of its own, and journaling it to a file cost ~20 µs of system
    // time a row (a tenth of an import). A bootstrap's index rebuild sorts in memory too (+60 MB
    // at 1.1M rows, measured).
    sqlite.pragma('temp_store = MEMORY');
    // After a big transaction (a bootstrap writes the whole store into the WAL, ~1 GB at a million
    // rows) the WAL file is cut back to this once it has been checkpointed, not kept at its largest.
    sqlite.pragma(`journal_size_limit = ${WAL_KEPT_BYTES}`);
    registerSearchFunctions(sqlite);
    // A verified copy before any migration changes the store (backup.ts; kept 30 days).
    if (pendingMigrations(sqlite, migrationsDir) > 0) backupNow(sqlite, dataDir, 'pre-migration');
    const schemaVersion = migrateStore(sqlite, migrationsDir);
    ensureDeviceId(sqlite);
    if (key) useDeviceKey(sqlite, key);
    return {
      sqlite,
      dataDir,
      file,
      migrationsDir,
      get deviceId() {
        return readDeviceId(sqlite);
      },
      schemaVersion,
      deviceKey: key,
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
