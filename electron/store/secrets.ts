/**
 * Secrets this device keeps (workspace keys, a member's personal key): bytes under a name in
 * `local_meta`, never synced. One way in and out, so that how they are protected at rest is
 * decided in one place: each value is wrapped with AES-256-GCM (node:crypto) under this device's
 * key, with the secret's name as associated data (a wrapped value moved to another name does not
 * open). The device key never enters the store: the desktop app keeps it in the OS keychain
 * (Electron safeStorage, `device-key.safe`), browser mode and the CLI in a 0600 key file
 * (`device.key`); openStore hands it to `useDeviceKey` (docs/security-local.md says what this
 * protects against and what not).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { deleteMeta, readMeta, readMetaWithPrefix, writeMeta } from './meta';

const PREFIX = 'secret:';
const ALGORITHM = 'aes-256-gcm';
export const DEVICE_KEY_BYTES = 32;

/** A secret as `local_meta` holds it: version, nonce, tag and ciphertext, base64. */
interface WrappedSecret {
  v: 1;
  iv: string;
  tag: string;
  data: string;
}

export class SecretError extends Error {}

/** The device key of each open connection: set by openStore, never written anywhere by this module. */
const deviceKeys = new WeakMap<Database.Database, Buffer>();

/**
 * Tells this connection which device key wraps its secrets, and wraps any secret still kept in
 * the clear (a store written before secrets were wrapped) in one transaction.
 */
export function useDeviceKey(sqlite: Database.Database, key: Uint8Array): void {
  if (key.length !== DEVICE_KEY_BYTES) throw new SecretError(`The device key must be ${DEVICE_KEY_BYTES} bytes; it is ${key.length}.`);
  deviceKeys.set(sqlite, Buffer.from(key));
  const plain = [...readMetaWithPrefix<unknown>(sqlite, PREFIX)].filter(([, value]) => typeof value === 'string') as [string, string][];
  if (plain.length === 0) return;
  sqlite.transaction(() => {
    for (const [name, value] of plain) writeSecret(sqlite, name, Buffer.from(value, 'base64'));
  })();
}

function keyOf(sqlite: Database.Database): Buffer {
  const key = deviceKeys.get(sqlite);
  if (!key) throw new SecretError('This connection has no device key, so its secrets cannot be read or written (open the store with its device key).');
  return key;
}

const aad = (name: string) => Buffer.from(`rapport-secret:v1:${name}`, 'utf8');

export function readSecret(sqlite: Database.Database, name: string): Buffer | undefined {
  const value = readMeta<WrappedSecret | string>(sqlite, PREFIX + name);
  if (value === undefined) return undefined;
  // Kept in the clear by a store older than wrapping, before useDeviceKey wrapped it.
  if (typeof value === 'string') return Buffer.from(value, 'base64');
  if (value.v !== 1) throw new SecretError(`The secret "${name}" was wrapped by a newer version of Rapport.`);
  try {
    const decipher = createDecipheriv(ALGORITHM, keyOf(sqlite), Buffer.from(value.iv, 'base64'));
    decipher.setAAD(aad(name));
    decipher.setAuthTag(Buffer.from(value.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(value.data, 'base64')), decipher.final()]);
  } catch (error) {
    if (error instanceof SecretError) throw error;
    throw new SecretError(
      `The secret "${name}" cannot be opened with this device's key: the store was copied from another device or its key file was replaced. Enrol this device again.`,
    );
  }
}

export function writeSecret(sqlite: Database.Database, name: string, bytes: Uint8Array): void {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, keyOf(sqlite), iv);
  cipher.setAAD(aad(name));
  const data = Buffer.concat([cipher.update(bytes), cipher.final()]);
  const wrapped: WrappedSecret = { v: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  writeMeta(sqlite, PREFIX + name, wrapped);
}

export function deleteSecret(sqlite: Database.Database, name: string): void {
  deleteMeta(sqlite, PREFIX + name);
}
