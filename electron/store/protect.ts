/**
 * The data folder as only its user may read it: the folder 0700, the store's files (the database,
 * its -wal and -shm, the device key, backups) 0600, set on creation and corrected on every open
 * (a store made by an older version was 0644 in a 0755 folder). POSIX modes only: on Windows the
 * folder under %APPDATA% is the user's own by its ACL, and chmod cannot say more.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DEVICE_KEY_BYTES } from './secrets';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** Browser mode's and the CLI's device key (the desktop app keeps its own in the OS keychain: DEVICE_KEY_SAFE_FILE). */
export const DEVICE_KEY_FILE = 'device.key';
/** The desktop app's device key, encrypted by Electron safeStorage (the OS keychain's key); written by electron/main. */
export const DEVICE_KEY_SAFE_FILE = 'device-key.safe';

const posix = process.platform !== 'win32';

function chmodIfPosix(path: string, mode: number): void {
  if (posix) chmodSync(path, mode);
}

/** A folder only its user may enter, made if missing; its mode corrected if it exists. */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodIfPosix(dir, PRIVATE_DIR_MODE);
}

/** A file only its user may read, made empty if missing (so SQLite's -wal and -shm inherit its mode). */
export function privateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  chmodIfPosix(file, PRIVATE_FILE_MODE);
}

/** Corrects the modes of what the data folder already holds: the store's files, the key files, the backups. */
export function protectDataDir(dataDir: string, storeFile: string): void {
  privateDir(dataDir);
  for (const name of [storeFile, `${storeFile}-wal`, `${storeFile}-shm`, `${storeFile}-journal`, DEVICE_KEY_FILE, DEVICE_KEY_SAFE_FILE]) {
    const path = join(dataDir, name);
    if (existsSync(path)) chmodIfPosix(path, PRIVATE_FILE_MODE);
  }
  const backups = join(dataDir, 'backups');
  if (existsSync(backups) && statSync(backups).isDirectory()) {
    privateDir(backups);
    for (const entry of readdirSync(backups, { withFileTypes: true })) if (entry.isFile()) chmodIfPosix(join(backups, entry.name), PRIVATE_FILE_MODE);
  }
}

/**
 * The device key kept in `<data>/device.key` (0600), made on first use: browser mode's and the
 * CLI's. It protects backups and copies of the store made without the data folder's key file; it
 * does not protect against someone who has the whole folder (docs/security-local.md).
 */
export function keyFileDeviceKey(dataDir: string): Buffer {
  const file = join(dataDir, DEVICE_KEY_FILE);
  if (!existsSync(file)) {
    try {
      // 'wx': two processes opening one new store at once keep the first one's key.
      writeFileSync(file, `${randomBytes(DEVICE_KEY_BYTES).toString('base64')}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodIfPosix(file, PRIVATE_FILE_MODE);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== DEVICE_KEY_BYTES) {
    throw new Error(
      `The device key file ${file} is damaged (it must hold ${DEVICE_KEY_BYTES} bytes in base64). Restore it from where it was copied; without it this device's secrets cannot be read.`,
    );
  }
  return key;
}
