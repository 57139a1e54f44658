/**
 * The workspace of an encrypted share: its keys by epoch, who holds them, and how a device gets
 * them (docs/security.md). All crypto is node:crypto: AES-256-GCM, X25519, HKDF-SHA256, scrypt.
 *
 *   workspace/epoch-<id>.json     one key epoch: its key wrapped for every member device's public
 *                                 key (X25519 + HKDF + AES-GCM) and for the recovery key; a proof
 *                                 (HMAC under the previous epoch's key) that a member made it
 *   invites/<id>.json             a one-time invitation: the keyring sealed with a key derived
 *                                 from the invitation code by scrypt; consumed by the device that joins
 *   devices/<id>/device-key.rkey  a member's X25519 public key, sealed with a workspace key
 *
 * The device keeps its keyring (every epoch key it was given, its own X25519 private key) with
 * store/secrets.ts, never on the share.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  scryptSync,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import type Database from 'better-sqlite3';
import { readDeviceId, readMeta, writeMeta } from '../store/meta';
import { formatFileText } from './format';
import { deleteSecret, readSecret, writeSecret } from '../store/secrets';
import { contentBytes, seal, type ShareKeys } from './seal';
import { DEVICE_KEY_FILE, DEVICES_DIR, FORMAT_FILE, INVITES_DIR, SHARE_FORMAT, WORKSPACE_DIR, type Share, type ShareFormat } from './share';

/** Share format 2: every data file is sealed (seal.ts). Format 1 apps refuse it and ask for an update. */
export const ENCRYPTED_FORMAT_VERSION = 2;
/** The lowest app version that reads and writes format 2. */
export const ENCRYPTED_MIN_APP_VERSION = '0.1.0';
const SECRET = 'workspace';
/** How long an invitation may wait to be used. */
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** scrypt cost for invitation codes: about 0.1 s and 32 MiB per try. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 << 20 };
const RECOVERY = 'recovery';

/** What this device holds of its workspace (kept as a secret, never on the share). */
export interface Keyring {
  workspace: string;
  /** The epoch new files are sealed with. */
  current: string;
  /** Epoch id → key (base64), every epoch this device was given. */
  epochs: Record<string, string>;
  /** Epoch id → the epoch it follows (null for the first): the chain, to tell the newest. */
  chain: Record<string, string | null>;
  /** The recovery key's X25519 public key (raw, base64): every new epoch is wrapped for it too. */
  recoveryPublic: string;
  /** Devices removed from the workspace: never given a later epoch. */
  removed: string[];
  /** This device's X25519 key pair: private as PKCS#8 DER, public raw (base64). */
  privateKey: string;
  publicKey: string;
}

/** Errors a person can act on; `code` is the catalog key (workspace.errors.<code>). */
export class WorkspaceError extends Error {
  constructor(
    readonly code:
      | 'already_enrolled'
      | 'share_encrypted'
      | 'not_enrolled'
      | 'invite_not_found'
      | 'invite_wrong_code'
      | 'invite_expired'
      | 'bad_code'
      | 'recovery_wrong'
      | 'unknown_device'
      | 'remove_self',
    message: string,
  ) {
    super(message);
  }
}

export interface EpochFile {
  format: 'rapport-epoch';
  version: 1;
  workspace: string;
  epoch: string;
  prev: string | null;
  created: number;
  by: string;
  removed: string[];
  /** The ephemeral X25519 public key (raw, base64) the wraps were made with. */
  ephemeral: string;
  /** Device id (or "recovery") → iv | wrapped key | tag, base64. */
  wraps: Record<string, string>;
  /** HMAC-SHA256 under the previous epoch's key of everything above: made by a member. */
  proof: string | null;
}

// ---- keys and encodings ----

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const unb64 = (text: string) => Buffer.from(text, 'base64');
const newId = () => randomBytes(8).toString('hex');
const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');

const publicRaw = (key: KeyObject): Buffer => Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');
const publicKeyOf = (raw: string): KeyObject => createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: unb64(raw).toString('base64url') }, format: 'jwk' });
const privateKeyOf = (der: Buffer): KeyObject => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });

function newKeyPair(): { privateKey: string; publicKey: string } {
  const pair = generateKeyPairSync('x25519');
  return { privateKey: b64(pair.privateKey.export({ format: 'der', type: 'pkcs8' })), publicKey: b64(publicRaw(pair.publicKey)) };
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Base32 (RFC 4648 shape, an alphabet without 0/O and 1/I), in groups of four: read aloud and typed. */
function toCode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out.match(/.{1,4}/g)!.join('-');
}

function fromCode(code: string, length: number): Buffer {
  const text = code.toUpperCase().replace(/[\s-]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) throw new WorkspaceError('bad_code', `"${char}" is not a character of a Rapport code`);
    value = ((value << 5) | digit) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  if (out.length !== length) throw new WorkspaceError('bad_code', 'the code is not complete: check that every group was copied');
  return Buffer.from(out);
}

function gcmSeal(key: Buffer, plain: Buffer, aad: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

/** Null when it fails authentication. */
function gcmOpen(key: Buffer, sealed: Buffer, aad: string): Buffer | null {
  if (sealed.length < 28) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
  } catch {
    return null;
  }
}

function wrapKey(ephemeral: KeyObject, recipient: KeyObject, epoch: string, to: string): Buffer {
  const shared = diffieHellman({ privateKey: ephemeral, publicKey: recipient });
  return Buffer.from(hkdfSync('sha256', shared, Buffer.from(epoch, 'hex'), `rapport-epoch-wrap|${to}`, 32));
}

function proofOf(prevKey: Buffer, file: Omit<EpochFile, 'proof'>): string {
  const { format, version, workspace, epoch, prev, created, by, removed, ephemeral, wraps } = file;
  const body = JSON.stringify({ format, version, workspace, epoch, prev, created, by, removed, ephemeral, wraps });
  return createHmac('sha256', prevKey).update(body).digest('base64');
}

// ---- the keyring on this device ----

export function readKeyring(sqlite: Database.Database): Keyring | undefined {
  const bytes = readSecret(sqlite, SECRET);
  return bytes ? (JSON.parse(bytes.toString('utf8')) as Keyring) : undefined;
}

function writeKeyring(sqlite: Database.Database, keyring: Keyring): void {
  writeSecret(sqlite, SECRET, Buffer.from(JSON.stringify(keyring), 'utf8'));
}

/** Leaves the workspace on this device (its keys go; the store keeps its data). */
export function forgetKeyring(sqlite: Database.Database): void {
  deleteSecret(sqlite, SECRET);
}

export function keysOf(keyring: Keyring): ShareKeys {
  return { current: keyring.current, epochs: new Map(Object.entries(keyring.epochs).map(([id, key]) => [id, unb64(key)])) };
}

/** The format file of an encrypted share. */
export const encryptedFormat = (workspace: string): ShareFormat => ({
  format: SHARE_FORMAT,
  version: ENCRYPTED_FORMAT_VERSION,
  minAppVersion: ENCRYPTED_MIN_APP_VERSION,
  workspace,
});

/** Whether the share is encrypted: its format file says so, or a workspace is there (a format file not delivered yet). */
export function shareIsEncrypted(share: Share, format: ShareFormat | null = share.readFormat()): boolean {
  if (format) return format.version >= ENCRYPTED_FORMAT_VERSION;
  return listEpochFiles(share).length > 0;
}

/** The share as this device reads it: with its workspace keys when it is enrolled (`rapport check`). */
export function shareFor(sqlite: Database.Database | undefined, root: string, make: (root: string) => Share): Share {
  const share = make(root);
  const keyring = sqlite ? readKeyring(sqlite) : undefined;
  if (keyring && shareIsEncrypted(share)) share.keys = keysOf(keyring);
  return share;
}

// ---- epochs ----

const epochName = (id: string) => `epoch-${id}.json`;

function listEpochFiles(share: Share): EpochFile[] {
  const files: EpochFile[] = [];
  for (const name of share.listFiles(WORKSPACE_DIR)) {
    // epoch-<id>.json from the device that made it; epoch-<id>.<device>.json from a member that wrapped it again (mendEpoch).
    const named = /^epoch-([0-9a-f]{16})(?:\.[0-9a-z-]{4,64})?\.json$/i.exec(name);
    if (!named) continue;
    try {
      const file = JSON.parse(share.read(WORKSPACE_DIR, name).toString('utf8')) as EpochFile;
      if (file.format === 'rapport-epoch' && file.epoch === named[1] && typeof file.wraps === 'object' && Array.isArray(file.removed)) files.push(file);
    } catch {
      /* still arriving, or damaged: looked at again next round */
    }
  }
  return files;
}

/** Writes a new epoch wrapped for `members` (device id → raw public key) and for the recovery key. */
function writeEpoch(
  share: Share,
  keyring: Pick<Keyring, 'workspace' | 'recoveryPublic'>,
  epoch: string,
  key: Buffer,
  prev: { id: string; key: Buffer } | null,
  by: string,
  members: Map<string, string>,
  removed: string[],
  name = epochName(epoch),
): void {
  const ephemeral = generateKeyPairSync('x25519');
  const wraps: Record<string, string> = {};
  const recipients = new Map(members);
  recipients.set(RECOVERY, keyring.recoveryPublic);
  for (const [to, publicKey] of [...recipients].sort(([a], [b]) => a.localeCompare(b))) {
    wraps[to] = b64(gcmSeal(wrapKey(ephemeral.privateKey, publicKeyOf(publicKey), epoch, to), key, `${keyring.workspace}|${epoch}|${to}`));
  }
  const body: Omit<EpochFile, 'proof'> = {
    format: 'rapport-epoch',
    version: 1,
    workspace: keyring.workspace,
    epoch,
    prev: prev?.id ?? null,
    created: Date.now(),
    by,
    removed: [...removed].sort(),
    ephemeral: b64(publicRaw(ephemeral.publicKey)),
    wraps,
  };
  const file: EpochFile = { ...body, proof: prev ? proofOf(prev.key, body) : null };
  share.publish(JSON.stringify(file, null, 2) + '\n', WORKSPACE_DIR, name);
}

const EPOCH_MENDED = 'epochMended';

/**
 * Wraps the current epoch again, in a file of this device's own, when a member device has no wrap
 * of it on the share (its key reached the share after the epoch was made: it joined while another
 * member removed someone) or when no file of the epoch is there any more (the share restored
 * without it): every member, and the recovery key, can always get the key new files are sealed
 * with. Looked at again only when the epoch or the number of member keys on the share changes.
 */
export function mendEpoch(sqlite: Database.Database, share: Share, keyring: Keyring): boolean {
  const me = readDeviceId(sqlite);
  const epoch = keyring.current;
  const withKeys = share.listDevices().filter((d) => share.exists(DEVICES_DIR, d, DEVICE_KEY_FILE)).length;
  const mark = readMeta<{ epoch: string; keys: number }>(sqlite, EPOCH_MENDED);
  if (mark?.epoch === epoch && mark.keys === withKeys) return false;
  const files = listEpochFiles(share).filter((f) => f.workspace === keyring.workspace && f.epoch === epoch);
  const wrapped = new Set(files.flatMap((f) => Object.keys(f.wraps)));
  const members = memberKeys(share, keyring);
  members.set(me, keyring.publicKey);
  for (const d of keyring.removed) members.delete(d);
  const mend = files.length === 0 || [...members.keys()].some((d) => !wrapped.has(d));
  if (mend) {
    const prev = keyring.chain[epoch] ?? null;
    const prevKey = prev ? { id: prev, key: unb64(keyring.epochs[prev]!) } : null;
    writeEpoch(share, keyring, epoch, unb64(keyring.epochs[epoch]!), prevKey, me, members, keyring.removed, `epoch-${epoch}.${me}.json`);
  }
  writeMeta(sqlite, EPOCH_MENDED, { epoch, keys: withKeys });
  return mend;
}

function unwrap(file: EpochFile, to: string, privateKey: KeyObject): Buffer | null {
  const wrapped = file.wraps[to];
  if (!wrapped) return null;
  return gcmOpen(wrapKey(privateKey, publicKeyOf(file.ephemeral), file.epoch, to), unb64(wrapped), `${file.workspace}|${file.epoch}|${to}`);
}

const proofHolds = (file: EpochFile, prevKey: Buffer): boolean => {
  if (!file.proof) return false;
  const { proof, ...body } = file;
  const want = unb64(proofOf(prevKey, body));
  const got = unb64(proof);
  return want.length === got.length && timingSafeEqual(want, got);
};

/** The newest epoch of a chain: the longest path from the first, ties by id. */
function chainTip(chain: Record<string, string | null>): string {
  const depth = (id: string): number => {
    let n = 0;
    for (let at: string | null | undefined = id; at; at = chain[at]) n++;
    return n;
  };
  return Object.keys(chain).sort((a, b) => depth(b) - depth(a) || b.localeCompare(a))[0]!;
}

export type EpochState = { ok: true; changed: boolean } | { ok: false; removedBy: string };

/**
 * Takes the epochs made since this device last looked: each must follow one it holds, carry a
 * proof made with that one's key (a member made it) and a key wrapped for this device. An epoch
 * that removed this device leaves it out: it is told so and writes nothing more.
 */
export function refreshEpochs(sqlite: Database.Database, share: Share, keyring: Keyring): EpochState {
  const me = readDeviceId(sqlite);
  const files = listEpochFiles(share).filter((f) => f.workspace === keyring.workspace && !keyring.epochs[f.epoch]);
  let changed = false;
  for (let progress = true; progress;) {
    progress = false;
    for (const file of files) {
      if (keyring.epochs[file.epoch] || !file.prev || !keyring.epochs[file.prev]) continue;
      if (!proofHolds(file, unb64(keyring.epochs[file.prev]!))) continue;
      if (file.removed.includes(me)) return { ok: false, removedBy: file.by };
      const key = unwrap(file, me, privateKeyOf(unb64(keyring.privateKey)));
      if (!key) continue; // made before this device's key reached its maker: it makes no difference to reading older files
      keyring.epochs[file.epoch] = b64(key);
      keyring.chain[file.epoch] = file.prev;
      keyring.removed = [...new Set([...keyring.removed, ...file.removed])];
      progress = changed = true;
    }
  }
  if (changed) {
    keyring.current = chainTip(keyring.chain);
    writeKeyring(sqlite, keyring);
  }
  return { ok: true, changed };
}

// ---- device keys ----

/** Publishes this device's public key, sealed, unless the share already has it readable. */
export function publishDeviceKey(sqlite: Database.Database, share: Share, keyring: Keyring): boolean {
  const me = readDeviceId(sqlite);
  const keys = keysOf(keyring);
  try {
    const there = JSON.parse(contentBytes(keys, share.read(DEVICES_DIR, me, DEVICE_KEY_FILE)).toString('utf8')) as { device?: string; publicKey?: string };
    if (there.device === me && there.publicKey === keyring.publicKey) return false;
  } catch {
    /* missing, from before, or unreadable: written below */
  }
  share.publish(seal(keys, JSON.stringify({ device: me, workspace: keyring.workspace, publicKey: keyring.publicKey })), DEVICES_DIR, me, DEVICE_KEY_FILE);
  return true;
}

/** Every member device whose sealed public key this device can read (id → raw public key). */
export function memberKeys(share: Share, keyring: Keyring): Map<string, string> {
  const keys = keysOf(keyring);
  const members = new Map<string, string>();
  for (const device of share.listDevices()) {
    try {
      const file = JSON.parse(contentBytes(keys, share.read(DEVICES_DIR, device, DEVICE_KEY_FILE)).toString('utf8')) as {
        device?: string;
        workspace?: string;
        publicKey?: string;
      };
      if (file.device === device && file.workspace === keyring.workspace && typeof file.publicKey === 'string') members.set(device, file.publicKey);
    } catch {
      /* no key there (not a member), or not readable with our keys */
    }
  }
  return members;
}

// ---- create, invite, join, recover, remove ----

/**
 * A device belongs to one workspace. It may enrol again only when the share it enrols on belongs
 * to another workspace than its own (two devices created a workspace on one new share at once, and
 * the other one's format file won): it leaves its own, which nobody else uses there.
 */
function ensureNotEnrolled(sqlite: Database.Database, share: Share): void {
  const keyring = readKeyring(sqlite);
  if (!keyring) return;
  const workspace = share.readFormat()?.workspace;
  if (workspace && workspace !== keyring.workspace) return forgetKeyring(sqlite);
  throw new WorkspaceError('already_enrolled', `this device is already a member of workspace ${keyring.workspace}`);
}

/**
 * A share nobody else has written to: no other device's folder, no workspace, not encrypted. What
 * this device's own rounds wrote there (its folder, a plain format file) does not count: the app
 * starts a round as soon as a folder is chosen, and it may write before the page asks whether the
 * share is new, which must not cost the share its encryption by default.
 */
export function shareIsNew(share: Share, me: string): boolean {
  return share.listDevices().every((device) => device === me) && share.listFiles(WORKSPACE_DIR).length === 0 && !shareIsEncrypted(share);
}

/**
 * Creates the workspace on this share with this device as its first member. On a plain share
 * with data this is the upgrade: the next sync round seals this device's segments in place,
 * writes an encrypted snapshot of everything, and from then on everything written is sealed.
 * Returns the recovery key, shown once: it is kept nowhere.
 */
export function createWorkspace(sqlite: Database.Database, share: Share): { workspace: string; recoveryKey: string } {
  ensureNotEnrolled(sqlite, share);
  if (shareIsEncrypted(share)) throw new WorkspaceError('share_encrypted', 'this share is already encrypted: join it with an invitation code from a member');
  const me = readDeviceId(sqlite);
  const workspace = newId();
  const epoch = newId();
  const key = randomBytes(32);
  const recovery = randomBytes(32);
  const recoveryPublic = b64(publicRaw(createPublicKey(privateKeyOf(Buffer.concat([PKCS8_X25519, recovery])))));
  const pair = newKeyPair();
  const keyring: Keyring = { workspace, current: epoch, epochs: { [epoch]: b64(key) }, chain: { [epoch]: null }, recoveryPublic, removed: [], ...pair };
  writeEpoch(share, keyring, epoch, key, null, me, new Map([[me, pair.publicKey]]), []);
  writeKeyring(sqlite, keyring);
  publishDeviceKey(sqlite, share, keyring);
  // Last: from this instant older apps refuse the share, and devices not enrolled write nothing.
  share.publish(formatFileText(encryptedFormat(workspace)), FORMAT_FILE);
  markReseal(sqlite, 'all');
  return { workspace, recoveryKey: toCode(recovery) };
}

/** Set when this device's own files are to be sealed again and a snapshot written under the newest key (engine.ts). */
export const RESEAL_DUE = 'resealDue';

/**
 * What the next round seals again: 'segments' (a device that joined: its own segments still in
 * clear, if it wrote any before the share was encrypted; a snapshot only when it had such
 * segments) or 'all' (the share was just encrypted or its key rotated: the snapshot is written
 * again under the newest key too).
 */
export type ResealDue = 'segments' | 'all';

export function markReseal(sqlite: Database.Database, due: ResealDue): void {
  if (readMeta<ResealDue>(sqlite, RESEAL_DUE) !== 'all') writeMeta(sqlite, RESEAL_DUE, due);
}

function inviteIdOf(secret: Buffer): string {
  return createHash('sha256').update('rapport-invite').update(secret).digest('hex').slice(0, 16);
}

/** Writes a one-time invitation to the share and returns its code (16 random bytes, in groups). */
export function createInvite(sqlite: Database.Database, share: Share, now = Date.now()): { code: string; expires: number } {
  const keyring = readKeyring(sqlite);
  if (!keyring) throw new WorkspaceError('not_enrolled', 'this device is not a member of a workspace: only a member can invite');
  refreshEpochs(sqlite, share, keyring);
  const secret = randomBytes(16);
  const id = inviteIdOf(secret);
  const salt = randomBytes(16);
  const key = scryptSync(secret, salt, 32, SCRYPT);
  const expires = now + INVITE_TTL_MS;
  const content = {
    workspace: keyring.workspace,
    current: keyring.current,
    epochs: keyring.epochs,
    chain: keyring.chain,
    recoveryPublic: keyring.recoveryPublic,
    removed: keyring.removed,
    expires,
    by: readDeviceId(sqlite),
  };
  const file = {
    format: 'rapport-invite',
    version: 1,
    id,
    salt: b64(salt),
    N: SCRYPT.N,
    r: SCRYPT.r,
    p: SCRYPT.p,
    sealed: b64(gcmSeal(key, Buffer.from(JSON.stringify(content)), `rapport-invite|${id}`)),
  };
  share.publish(JSON.stringify(file, null, 2) + '\n', INVITES_DIR, `${id}.json`);
  writeMeta(sqlite, INVITES_MADE, { ...(readMeta<Record<string, number>>(sqlite, INVITES_MADE) ?? {}), [id]: expires });
  return { code: toCode(secret), expires };
}

const INVITES_MADE = 'invitesMade';

/** Removes the invitations this device made that expired unused (their code opens nothing any more). */
export function removeExpiredInvites(sqlite: Database.Database, share: Share, now: number): number {
  const made = readMeta<Record<string, number>>(sqlite, INVITES_MADE);
  if (!made) return 0;
  const expired = Object.entries(made).filter(([, expires]) => expires < now);
  if (expired.length === 0) return 0;
  for (const [id] of expired) share.remove(INVITES_DIR, `${id}.json`);
  writeMeta(sqlite, INVITES_MADE, Object.fromEntries(Object.entries(made).filter(([, expires]) => expires >= now)));
  return expired.length;
}

/** Enrols this device with an invitation code; the invitation is consumed (deleted from the share). */
export function joinWorkspace(sqlite: Database.Database, share: Share, code: string, now = Date.now()): { workspace: string } {
  ensureNotEnrolled(sqlite, share);
  const secret = fromCode(code, 16);
  const id = inviteIdOf(secret);
  let file: { id: string; salt: string; N: number; r: number; p: number; sealed: string };
  try {
    file = JSON.parse(share.read(INVITES_DIR, `${id}.json`).toString('utf8')) as typeof file;
  } catch {
    throw new WorkspaceError('invite_not_found', 'no invitation with this code is on the share: it was used already, or has not reached this computer yet');
  }
  // The cost is read from the file (anyone may have written it): bounded, at most 128 MiB.
  const bounded = file.N >= 1 << 14 && file.N <= 1 << 17 && file.r >= 1 && file.r <= 8 && file.p >= 1 && file.p <= 2;
  if (!bounded || typeof file.salt !== 'string' || typeof file.sealed !== 'string')
    throw new WorkspaceError('invite_wrong_code', 'the invitation file is not one Rapport writes');
  const key = scryptSync(secret, unb64(file.salt), 32, { N: file.N, r: file.r, p: file.p, maxmem: 160 << 20 });
  const plain = gcmOpen(key, unb64(file.sealed), `rapport-invite|${id}`);
  if (!plain) throw new WorkspaceError('invite_wrong_code', 'the invitation on the share does not open with this code');
  const content = JSON.parse(plain.toString('utf8')) as Omit<Keyring, 'privateKey' | 'publicKey'> & { expires: number };
  if (content.expires < now) {
    share.remove(INVITES_DIR, `${id}.json`);
    throw new WorkspaceError('invite_expired', 'this invitation has expired: ask a member for a new one');
  }
  const keyring: Keyring = {
    workspace: content.workspace,
    current: content.current,
    epochs: content.epochs,
    chain: content.chain,
    recoveryPublic: content.recoveryPublic,
    removed: content.removed,
    ...newKeyPair(),
  };
  // Consumed first: a code read over someone's shoulder is worth nothing once used.
  share.remove(INVITES_DIR, `${id}.json`);
  writeKeyring(sqlite, keyring);
  publishDeviceKey(sqlite, share, keyring);
  markReseal(sqlite, 'segments');
  return { workspace: keyring.workspace };
}

/** Enrols this device with the recovery key: every epoch wrapped for it, followed from the first. */
export function recoverWorkspace(sqlite: Database.Database, share: Share, recoveryKey: string): { workspace: string } {
  ensureNotEnrolled(sqlite, share);
  const recovery = privateKeyOf(Buffer.concat([PKCS8_X25519, fromCode(recoveryKey, 32)]));
  const recoveryPublic = b64(publicRaw(createPublicKey(recovery)));
  const files = listEpochFiles(share);
  const epochs: Record<string, string> = {};
  const chain: Record<string, string | null> = {};
  const removed = new Set<string>();
  let workspace: string | undefined;
  for (let progress = true; progress;) {
    progress = false;
    for (const file of files) {
      if (epochs[file.epoch]) continue;
      if (file.prev && (!epochs[file.prev] || !proofHolds(file, unb64(epochs[file.prev]!)))) continue;
      const key = unwrap(file, RECOVERY, recovery);
      if (!key) continue;
      workspace = file.workspace;
      epochs[file.epoch] = b64(key);
      chain[file.epoch] = file.prev;
      for (const d of file.removed) removed.add(d);
      progress = true;
    }
  }
  if (!workspace) throw new WorkspaceError('recovery_wrong', 'this recovery key opens no workspace key on this share');
  const keyring: Keyring = { workspace, current: chainTip(chain), epochs, chain, recoveryPublic, removed: [...removed], ...newKeyPair() };
  writeKeyring(sqlite, keyring);
  publishDeviceKey(sqlite, share, keyring);
  markReseal(sqlite, 'segments');
  return { workspace };
}

/**
 * Removes a member: a new epoch key, wrapped for every other member device and the recovery key
 * only; from the next round everything this device writes is sealed with it, and the snapshot
 * is written again under it. The removed device keeps what it already had.
 */
export function removeDevice(sqlite: Database.Database, share: Share, device: string): { epoch: string; members: string[] } {
  const keyring = readKeyring(sqlite);
  if (!keyring) throw new WorkspaceError('not_enrolled', 'this device is not a member of a workspace');
  const me = readDeviceId(sqlite);
  if (device === me) throw new WorkspaceError('remove_self', 'a device cannot remove itself: remove it from another member');
  refreshEpochs(sqlite, share, keyring);
  const members = memberKeys(share, keyring);
  if (!members.has(device) && !keyring.removed.includes(device)) throw new WorkspaceError('unknown_device', `no member device ${device} on this share`);
  const removed = [...new Set([...keyring.removed, device])];
  for (const d of removed) members.delete(d);
  members.set(me, keyring.publicKey);
  const epoch = newId();
  const key = randomBytes(32);
  writeEpoch(share, keyring, epoch, key, { id: keyring.current, key: unb64(keyring.epochs[keyring.current]!) }, me, members, removed);
  keyring.epochs[epoch] = b64(key);
  keyring.chain[epoch] = keyring.current;
  keyring.current = epoch;
  keyring.removed = removed;
  writeKeyring(sqlite, keyring);
  markReseal(sqlite, 'all');
  return { epoch, members: [...members.keys()].sort() };
}

export interface WorkspaceDevice {
  device: string;
  me: boolean;
  removed: boolean;
}

/** The member devices this device can see on the share. */
export function listMembers(sqlite: Database.Database, share: Share): WorkspaceDevice[] {
  const keyring = readKeyring(sqlite);
  if (!keyring) return [];
  const me = readDeviceId(sqlite);
  const members = memberKeys(share, keyring);
  members.set(me, keyring.publicKey);
  return [...members.keys()].sort().map((device) => ({ device, me: device === me, removed: keyring.removed.includes(device) }));
}
