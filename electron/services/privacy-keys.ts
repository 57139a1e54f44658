/**
 * A team member's personal key (issue 12): 32 random bytes made on the author's device the first
 * time they write a private note, kept with store/secrets.ts and never synced. Private notes are
 * sealed with it (AES-256-GCM) before they reach the change log, so the store rows, the outbox and
 * the share hold only ciphertext; the author's other laptop gets the key by a transfer code.
 *
 * Formats (docs/privacy.md):
 * - sealed note body: `rpn1:<author id, URI-encoded>:<key id>:<base64url(iv 12 | ciphertext | tag 16)>`,
 *   additional data `rapport private note v1 \0 author \0 key id \0 person id`;
 * - key id: the first 16 hex digits of SHA-256("rapport personal key id v1" | key);
 * - transfer code: `RPK1.<base64url(secret 16)>.<base64url(salt 16 | iv 12 | tag 16 | ciphertext)>`, the
 *   ciphertext being the JSON {member, expiresAt, keys} under scrypt(secret, salt) with AES-256-GCM.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import type Database from 'better-sqlite3';
import { readMeta, writeMeta } from '../store/meta';
import { readSecret, writeSecret } from '../store/secrets';

export const NOTE_PREFIX = 'rpn1:';
const NOTE_AAD = 'rapport private note v1';
const TRANSFER_PREFIX = 'RPK1.';
const TRANSFER_AAD = Buffer.from('rapport personal key transfer v1');
/** How long a transfer code can be used: long enough to walk to the other laptop. */
export const TRANSFER_MINUTES = 30;
/** scrypt's cost: the secret is 128 random bits, so this only slows a guess that cannot succeed anyway. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export interface PersonalKey {
  id: string;
  key: Buffer;
}

export const keyIdOf = (key: Uint8Array): string => createHash('sha256').update('rapport personal key id v1').update(key).digest('hex').slice(0, 16);

const indexKey = (member: string) => `personal-keys:${member}`;
const secretName = (member: string, id: string) => `personal-key:${member}:${id}`;

/** The member's keys this device holds, the current one first. */
export function personalKeys(sqlite: Database.Database, member: string): PersonalKey[] {
  const ids = readMeta<string[]>(sqlite, indexKey(member)) ?? [];
  return ids.flatMap((id) => {
    const key = readSecret(sqlite, secretName(member, id));
    return key && key.length === 32 ? [{ id, key }] : [];
  });
}

/** The key new notes are sealed with; made (and kept) when the member has none here yet. */
export function currentKey(sqlite: Database.Database, member: string): PersonalKey {
  const [current] = personalKeys(sqlite, member);
  if (current) return current;
  const key = randomBytes(32);
  addKeys(sqlite, member, [key], true);
  return { id: keyIdOf(key), key };
}

/** Keeps keys for the member; with `makeCurrent` the first of them seals new notes from now on. */
export function addKeys(sqlite: Database.Database, member: string, keys: Uint8Array[], makeCurrent: boolean): string[] {
  const held = readMeta<string[]>(sqlite, indexKey(member)) ?? [];
  const added = keys.map((key) => {
    const id = keyIdOf(key);
    if (!held.includes(id)) writeSecret(sqlite, secretName(member, id), key);
    return id;
  });
  const rest = held.filter((id) => !added.includes(id));
  writeMeta(sqlite, indexKey(member), makeCurrent ? [...added, ...rest] : [...held, ...added.filter((id) => !held.includes(id))]);
  return added;
}

// ---- Sealed note bodies ----

export interface SealedNote {
  author: string;
  keyId: string;
  payload: Buffer;
}

/**
 * What a sealed body is bound to: its author and key. Not the person it is about: a merge of two
 * people (services/merge.ts), done by whoever finds the duplicate, moves notes it cannot reseal.
 */
const noteAad = (author: string, keyId: string) => Buffer.from(`${NOTE_AAD}\0${author}\0${keyId}`);

export const isSealed = (body: unknown): body is string => typeof body === 'string' && body.startsWith(NOTE_PREFIX);

export function sealNote(text: string, author: string, key: PersonalKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(noteAad(author, key.id));
  const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  const payload = Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64url');
  return `${NOTE_PREFIX}${encodeURIComponent(author)}:${key.id}:${payload}`;
}

/** The parts of a sealed body, or undefined when it is not one (a note in clear from before issue 12). */
export function parseSealed(body: string): SealedNote | undefined {
  if (!isSealed(body)) return undefined;
  const [author, keyId, payload] = body.slice(NOTE_PREFIX.length).split(':');
  if (!author || !keyId || !payload) return undefined;
  try {
    return { author: decodeURIComponent(author), keyId, payload: Buffer.from(payload, 'base64url') };
  } catch {
    return undefined;
  }
}

/** The text of a sealed note, or undefined when this key does not open it (wrong key, tampered). */
export function openNote(sealed: SealedNote, key: PersonalKey): string | undefined {
  if (sealed.keyId !== key.id || sealed.payload.length < 28) return undefined;
  try {
    const iv = sealed.payload.subarray(0, 12);
    const tag = sealed.payload.subarray(sealed.payload.length - 16);
    const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
    decipher.setAAD(noteAad(sealed.author, sealed.keyId));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.payload.subarray(12, sealed.payload.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

// ---- Transfer codes ----

interface TransferPayload {
  member: string;
  expiresAt: string;
  keys: string[];
}

/** Why a transfer code was refused: each is a catalog key under `errors.privacy.`. */
export type TransferRefusal = 'codeMalformed' | 'codeWrong' | 'codeExpired' | 'codeOtherMember';

export class TransferRefused extends Error {
  constructor(readonly reason: TransferRefusal) {
    super(reason);
  }
}

export function wrapKeys(member: string, keys: PersonalKey[], now: Date): { code: string; expiresAt: string } {
  const secret = randomBytes(16);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const expiresAt = new Date(now.getTime() + TRANSFER_MINUTES * 60_000).toISOString();
  const payload: TransferPayload = { member, expiresAt, keys: keys.map((k) => k.key.toString('base64')) };
  const cipher = createCipheriv('aes-256-gcm', scryptSync(secret, salt, 32, SCRYPT), iv);
  cipher.setAAD(TRANSFER_AAD);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  const blob = Buffer.concat([salt, iv, cipher.getAuthTag(), ciphertext]);
  return { code: `${TRANSFER_PREFIX}${secret.toString('base64url')}.${blob.toString('base64url')}`, expiresAt };
}

/** The keys in a transfer code meant for `member`; refuses a code that is malformed, altered, expired or someone else's. */
export function unwrapKeys(code: string, member: string, now: Date): Buffer[] {
  const parts = code.startsWith(TRANSFER_PREFIX) ? code.slice(TRANSFER_PREFIX.length).split('.') : [];
  if (parts.length !== 2 || !/^[\w-]+$/.test(parts[0]!) || !/^[\w-]+$/.test(parts[1]!)) throw new TransferRefused('codeMalformed');
  const secret = Buffer.from(parts[0]!, 'base64url');
  const blob = Buffer.from(parts[1]!, 'base64url');
  if (secret.length !== 16 || blob.length < 16 + 12 + 16 + 2) throw new TransferRefused('codeMalformed');
  let payload: TransferPayload;
  try {
    const decipher = createDecipheriv('aes-256-gcm', scryptSync(secret, blob.subarray(0, 16), 32, SCRYPT), blob.subarray(16, 28));
    decipher.setAAD(TRANSFER_AAD);
    decipher.setAuthTag(blob.subarray(28, 44));
    payload = JSON.parse(Buffer.concat([decipher.update(blob.subarray(44)), decipher.final()]).toString('utf8')) as TransferPayload;
  } catch {
    throw new TransferRefused('codeWrong');
  }
  if (payload.member !== member) throw new TransferRefused('codeOtherMember');
  if (!(Date.parse(payload.expiresAt) > now.getTime())) throw new TransferRefused('codeExpired');
  const keys = payload.keys.map((k) => Buffer.from(k, 'base64'));
  if (keys.length === 0 || keys.some((k) => k.length !== 32)) throw new TransferRefused('codeMalformed');
  return keys;
}
