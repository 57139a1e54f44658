/**
 * The desktop app's device key (the key that wraps this device's secrets, electron/store/secrets.ts),
 * kept by the OS keychain: 32 random bytes, encrypted with Electron `safeStorage` (macOS Keychain,
 * Windows DPAPI, libsecret / kwallet on Linux) into `<data>/device-key.safe` (0600). Only this
 * process can open it; the core gets the raw key in its start options.
 *
 * A key file left by browser mode or the CLI (`device.key`) is taken over once (its key encrypted
 * into device-key.safe, the plain file removed), so the secrets it wrapped stay readable. Where
 * the OS offers no keychain (Linux without a secret service: safeStorage's `basic_text` backend
 * is a fixed key), the app keeps using the 0600 key file, as browser mode does (docs/security-local.md).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import { DEVICE_KEY_FILE, DEVICE_KEY_SAFE_FILE, keyFileDeviceKey, privateDir, PRIVATE_FILE_MODE } from '../store/protect';

/** The raw device key, or undefined where the OS keychain is not available (the core then uses the key file). */
export function keychainDeviceKey(dataDir: string): Buffer | undefined {
  const linuxWithoutKeychain = process.platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text';
  if (!safeStorage.isEncryptionAvailable() || linuxWithoutKeychain) return undefined;
  const safeFile = join(dataDir, DEVICE_KEY_SAFE_FILE);
  if (existsSync(safeFile)) {
    const key = Buffer.from(safeStorage.decryptString(readFileSync(safeFile)), 'base64');
    if (key.length !== 32)
      throw new Error(`${safeFile} does not hold a device key. Restore it from where it was copied; without it this device's secrets cannot be read.`);
    return key;
  }
  privateDir(dataDir);
  const keyFile = join(dataDir, DEVICE_KEY_FILE);
  const key = existsSync(keyFile) ? keyFileDeviceKey(dataDir) : randomBytes(32);
  writeFileSync(safeFile, safeStorage.encryptString(key.toString('base64')), { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  rmSync(keyFile, { force: true });
  return key;
}
