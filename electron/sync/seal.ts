/**
 * The encrypted envelope of every data file Rapport writes to an encrypted share (segments,
 * snapshots, acks, device keys): AES-256-GCM from node:crypto, a record at a time, so a snapshot
 * of half a gigabyte is written and read without ever being held whole (docs/security.md).
 *
 *   header   "RPSE" | version (1 byte) | epoch id (8 bytes) | file salt (16 bytes)
 *   records  length (uint32 LE, of what follows) | ciphertext | GCM tag (16 bytes)
 *
 * Each file has its own key, HKDF-SHA256(epoch key, salt = file salt, info "rapport-file-v1"), so
 * nonces never repeat across files; a record's nonce is its number (11 bytes, big-endian) and a
 * final flag (1 byte). The header is every record's additional data. The last record is empty and
 * flagged final: a file cut short after any record, records swapped, dropped or moved from another
 * file, or a header changed, all fail authentication. The payload is compressed before (segments
 * and snapshots are gzip inside; compressing ciphertext gains nothing).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export const SEAL_MAGIC = Buffer.from('RPSE', 'latin1');
export const SEAL_VERSION = 1;
const EPOCH_BYTES = 8;
const SALT_BYTES = 16;
export const SEAL_HEADER_BYTES = SEAL_MAGIC.length + 1 + EPOCH_BYTES + SALT_BYTES;
const TAG_BYTES = 16;
const LENGTH_BYTES = 4;
/** Records larger than this are refused before any allocation (ours hold about a megabyte). */
const MAX_RECORD = 64 << 20;

export class BadFileError extends Error {
  constructor(
    /**
     * truncated / checksum / unknown-format: damaged or not ours; tampered: an encrypted file
     * fails authentication; unknown-key: sealed with an epoch key this device does not hold;
     * not-encrypted: a file in clear on an encrypted share (never trusted); not-enrolled: an
     * encrypted file on a device that has not joined the workspace.
     */
    readonly reason: 'truncated' | 'checksum' | 'unknown-format' | 'unreadable' | 'tampered' | 'unknown-key' | 'not-encrypted' | 'not-enrolled',
    detail: string,
  ) {
    super(detail);
  }
}

/** Bytes read by position: a buffer in memory, or a file on the share (Share.open). */
export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `position`; fewer only at the end. */
  readAt(position: number, length: number): Buffer;
}

export const bufferSource = (bytes: Buffer): ByteSource => ({ size: bytes.length, readAt: (position, length) => bytes.subarray(position, position + length) });

/** The workspace keys a device holds: every epoch it was given, and the one new files use. */
export interface ShareKeys {
  /** The epoch new files are sealed with (16 hex digits). */
  current: string;
  /** Epoch id → 32-byte AES key. */
  epochs: ReadonlyMap<string, Buffer>;
}

export const isSealed = (head: Buffer): boolean => head.length >= SEAL_MAGIC.length && head.subarray(0, SEAL_MAGIC.length).equals(SEAL_MAGIC);

function fileKey(epochKey: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', epochKey, salt, 'rapport-file-v1', 32));
}

function nonceOf(index: number, final: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeUIntBE(index, 5, 6);
  nonce[11] = final ? 1 : 0;
  return nonce;
}

function keyOf(keys: ShareKeys, epoch: string): Buffer {
  const key = keys.epochs.get(epoch);
  if (!key) throw new BadFileError('unknown-key', `sealed with workspace key ${epoch}, which this device does not hold`);
  return key;
}

/**
 * A salt fixed by the content instead of drawn at random, for files whose name is written with
 * one content only (a segment is published again with the same bytes): keyed, so it says nothing
 * of the content to whoever lacks the key.
 */
export function contentSalt(keys: ShareKeys, label: string, content: Buffer | string): Buffer {
  return createHmac('sha256', keyOf(keys, keys.current)).update(label).update('\0').update(content).digest().subarray(0, SALT_BYTES);
}

/** Writes an envelope a record at a time to `out`: the header at once, each write() one record, end() the final record. */
export class SealWriter {
  private readonly header: Buffer;
  private readonly key: Buffer;
  private index = 0;
  private ended = false;

  constructor(
    keys: ShareKeys,
    private readonly out: (bytes: Buffer) => void,
    salt: Buffer = randomBytes(SALT_BYTES),
  ) {
    this.header = Buffer.concat([SEAL_MAGIC, Buffer.from([SEAL_VERSION]), Buffer.from(keys.current, 'hex'), salt]);
    if (this.header.length !== SEAL_HEADER_BYTES) throw new Error('a workspace epoch id is 16 hex digits and a salt 16 bytes');
    this.key = fileKey(keyOf(keys, keys.current), salt);
    out(this.header);
  }

  write(plain: Buffer): void {
    if (plain.length > 0) this.record(plain, false);
  }

  end(): void {
    if (!this.ended) this.record(Buffer.alloc(0), true);
    this.ended = true;
  }

  private record(plain: Buffer, final: boolean): void {
    const cipher = createCipheriv('aes-256-gcm', this.key, nonceOf(this.index++, final));
    cipher.setAAD(this.header);
    const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    const length = Buffer.alloc(LENGTH_BYTES);
    length.writeUInt32LE(body.length);
    this.out(Buffer.concat([length, body]));
  }
}

/** Seals a whole buffer (one record and the final one). */
export function seal(keys: ShareKeys, plain: Buffer | string, salt?: Buffer): Buffer {
  const parts: Buffer[] = [];
  const writer = new SealWriter(keys, (bytes) => parts.push(bytes), salt);
  writer.write(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain);
  writer.end();
  return Buffer.concat(parts);
}

/** The epoch a sealed file names in its header, or null when it is not sealed. */
export function epochOf(head: Buffer): string | null {
  return isSealed(head) && head.length >= SEAL_HEADER_BYTES ? head.toString('hex', SEAL_MAGIC.length + 1, SEAL_MAGIC.length + 1 + EPOCH_BYTES) : null;
}

interface RecordAt {
  /** Where the record's ciphertext starts in the file. */
  at: number;
  /** Its plaintext length. */
  length: number;
  /** Where its plaintext starts in the opened content. */
  from: number;
}

/**
 * The content of a sealed file, read by position like the file itself, each record authenticated
 * before any byte of it is handed out. Opening reads the records' lengths (one small read per
 * record) and authenticates the final record; reads are sequential in practice, so the last
 * record decrypted is kept.
 */
class OpenedSeal implements ByteSource {
  readonly size: number;
  private readonly records: RecordAt[] = [];
  private readonly header: Buffer;
  private readonly key: Buffer;
  private cached: { index: number; plain: Buffer } | undefined;

  constructor(
    keys: ShareKeys,
    private readonly file: ByteSource,
  ) {
    this.header = file.readAt(0, SEAL_HEADER_BYTES);
    if (this.header.length < SEAL_HEADER_BYTES) throw new BadFileError('truncated', 'the encrypted header is cut short');
    if (this.header[SEAL_MAGIC.length] !== SEAL_VERSION)
      throw new BadFileError('unknown-format', `encryption format ${this.header[SEAL_MAGIC.length]} is newer than this app reads`);
    const epoch = epochOf(this.header)!;
    this.key = fileKey(keyOf(keys, epoch), this.header.subarray(SEAL_HEADER_BYTES - SALT_BYTES));
    let at = SEAL_HEADER_BYTES;
    let from = 0;
    while (at < file.size) {
      const lengthBytes = file.readAt(at, LENGTH_BYTES);
      if (lengthBytes.length < LENGTH_BYTES) throw new BadFileError('truncated', 'the file ends inside a record length');
      const length = lengthBytes.readUInt32LE(0);
      if (length < TAG_BYTES || length > MAX_RECORD) throw new BadFileError('tampered', 'a record length is impossible');
      if (at + LENGTH_BYTES + length > file.size) throw new BadFileError('truncated', 'the file ends inside a record');
      this.records.push({ at: at + LENGTH_BYTES, length: length - TAG_BYTES, from });
      from += length - TAG_BYTES;
      at += LENGTH_BYTES + length;
    }
    const last = this.records.length - 1;
    if (last < 0 || this.records[last]!.length !== 0) throw new BadFileError('truncated', 'the encrypted file has no final record');
    this.decrypt(last); // authenticates the end: a file cut short at a record boundary fails here
    this.size = from;
  }

  readAt(position: number, length: number): Buffer {
    const parts: Buffer[] = [];
    let want = Math.min(length, this.size - position);
    let index = this.recordAt(position);
    while (want > 0 && index < this.records.length) {
      const record = this.records[index]!;
      const plain = this.plainOf(index);
      const start = Math.max(0, position - record.from);
      const piece = plain.subarray(start, start + want);
      parts.push(piece);
      want -= piece.length;
      position += piece.length;
      index++;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  private recordAt(position: number): number {
    let lo = 0;
    let hi = this.records.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.records[mid]!.from <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private plainOf(index: number): Buffer {
    if (this.cached?.index === index) return this.cached.plain;
    const plain = this.decrypt(index);
    this.cached = { index, plain };
    return plain;
  }

  private decrypt(index: number): Buffer {
    const record = this.records[index]!;
    const body = this.file.readAt(record.at, record.length + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, nonceOf(index, index === this.records.length - 1));
    decipher.setAAD(this.header);
    decipher.setAuthTag(body.subarray(record.length));
    try {
      return Buffer.concat([decipher.update(body.subarray(0, record.length)), decipher.final()]);
    } catch {
      throw new BadFileError('tampered', 'the encrypted file fails authentication (altered, or not written by a member of this workspace)');
    }
  }
}

/**
 * What a data file holds, by the share's kind: on an encrypted share (`keys` given) only a sealed
 * file sealed with a key this device holds, authenticated; on a plain share only a plain file.
 * A file in clear on an encrypted share is never trusted: anyone who can write to the share could
 * have put it there.
 */
export function contentOf(keys: ShareKeys | null, file: ByteSource): ByteSource {
  const sealed = isSealed(file.readAt(0, SEAL_MAGIC.length));
  if (sealed && keys) return new OpenedSeal(keys, file);
  if (sealed) throw new BadFileError('not-enrolled', 'the file is encrypted for a workspace this device has not joined');
  if (keys) throw new BadFileError('not-encrypted', 'a file in clear on an encrypted share is not trusted');
  return file;
}

/** The same for a whole file in memory. */
export function contentBytes(keys: ShareKeys | null, bytes: Buffer): Buffer {
  const source = contentOf(keys, bufferSource(bytes));
  return keys ? source.readAt(0, source.size) : bytes;
}
