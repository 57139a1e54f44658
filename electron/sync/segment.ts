/**
 * Segment files: the only thing a device writes for its changes. Immutable once published.
 *
 *   gzip( header-line  record-line*  footer-line )
 *
 * Each line is JSON. The footer holds the line count and the SHA-256 of every byte before it,
 * so a truncated or altered file is caught even when gzip's own check is not reached. A record
 * is `[table, rowId, field, value, clock, supersedes]`. See docs/sync-format.md.
 *
 * The envelope (lines, footer, gzip) is shared with snapshots, which are too large to hold in
 * memory: it is written (LineSealer) and read (EnvelopeReader) a gzip member at a time. A
 * segment is small and is handled as one buffer through the same code.
 */
import { createHash } from 'node:crypto';
import { crc32, deflateRawSync, gunzipSync } from 'node:zlib';
import { Gunzip } from 'fflate';
import type { SqlValue } from './changes';
import type { Clock } from './hlc';
import { BadFileError, bufferSource, contentBytes, contentSalt, seal, type ByteSource, type ShareKeys } from './seal';

export const SEGMENT_FORMAT = 'rapport-segment';
export const SEGMENT_VERSION = 1;

export interface SegmentHeader {
  format: typeof SEGMENT_FORMAT;
  version: number;
  /** The writer's store schema version (migrations applied). */
  schema: number;
  appVersion: string;
  device: string;
  seq: number;
  /** SHA-256 of this device's previous segment; null for its first. */
  prev: string | null;
  /** The writer's wall clock (ms) when it wrote the file: for the clock-skew warning only. */
  wall: number;
  /** The writer's version vector when it wrote: a reader applies this segment only after those. */
  deps: Record<string, number>;
  /**
   * For each device in `deps`, the hashes of the segments numbered `deps[device]` the writer had
   * applied. A number alone is ambiguous once a cloned laptop's two copies both wrote one (a fork):
   * the reader then also waits for the very segments the writer had (engine.ts, unmetDependency). Newer than
   * `deps`, so optional; older apps ignore it.
   */
  depHashes?: Record<string, string[]>;
  /** The writer's last local outbox sequence in this file: lets it recover after a crash mid-publish. */
  outboxMax: number;
  count: number;
}

export type ChangeRecord = [table: string, rowId: string, field: string, value: SqlValue, clock: Clock, supersedes: Clock[]];

export interface Segment {
  header: SegmentHeader;
  records: ChangeRecord[];
  /** SHA-256 of the body: the segment's identity, named by the next segment's `prev`. */
  hash: string;
}

export { BadFileError, bufferSource, type ByteSource };

/**
 * A segment's bytes: the envelope, sealed with the workspace's current key on an encrypted share
 * (`keys`). The seal's salt follows from the content, so the same segment is always the same bytes.
 */
export function encodeSegment(
  header: Omit<SegmentHeader, 'format' | 'version' | 'count'>,
  records: ChangeRecord[],
  keys: ShareKeys | null = null,
): { bytes: Buffer; hash: string } {
  const full: SegmentHeader = { format: SEGMENT_FORMAT, version: SEGMENT_VERSION, ...header, count: records.length };
  const lines = [JSON.stringify(full), ...records.map((r) => JSON.stringify(r))];
  const plain = sealLines(lines);
  return keys ? sealSegmentBytes(keys, plain.bytes, plain.hash) : plain;
}

/** Plain segment bytes (with the body's hash) sealed for an encrypted share: what a plain share's segments become on its upgrade. */
export function sealSegmentBytes(keys: ShareKeys, plain: Buffer, hash: string): { bytes: Buffer; hash: string } {
  return { bytes: seal(keys, plain, contentSalt(keys, 'segment', hash)), hash };
}

/**
 * How the gzip stream is cut: in members of about BLOCK_CHARS characters of text. A gzip file may
 * be several members one after the other, and every gzip reader (ours of earlier versions too)
 * reads them as one stream. Each member says its own length in its header (an RFC 1952 extra
 * field, subfield "Rp"), so a reader takes the file a member at a time and inflates each with
 * zlib's one-shot functions: native speed, never the whole file in memory. Files without it
 * (written before) are inflated as one stream with fflate, a chunk at a time.
 */
const BLOCK_CHARS = 1 << 20;
/** The member header we write: gzip magic, deflate, FEXTRA, no mtime, OS unknown, then the extra field. */
const MEMBER_HEAD = Buffer.from([0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 8, 0, 0x52, 0x70, 4, 0, 0, 0, 0, 0]);
/** Where the member's total length (uint32 LE) sits in that header. */
const MEMBER_SIZE_AT = 16;
/** How much of an old single-member file is read at a time. */
const READ_CHUNK = 1 << 20;

function gzipMember(text: Buffer): Buffer {
  const deflated = deflateRawSync(text, { level: 1 });
  const member = Buffer.allocUnsafe(MEMBER_HEAD.length + deflated.length + 8);
  MEMBER_HEAD.copy(member);
  member.writeUInt32LE(member.length, MEMBER_SIZE_AT);
  deflated.copy(member, MEMBER_HEAD.length);
  member.writeUInt32LE(crc32(text), member.length - 8);
  member.writeUInt32LE(text.length, member.length - 4);
  return member;
}

/** The length of the member starting with `head` when it is one of ours, else undefined. */
function memberSize(head: Buffer): number | undefined {
  if (head.length < MEMBER_HEAD.length || head.compare(MEMBER_HEAD, 0, MEMBER_SIZE_AT, 0, MEMBER_SIZE_AT) !== 0) return undefined;
  return head.readUInt32LE(MEMBER_SIZE_AT);
}

/**
 * Writes the envelope (body lines, then the footer with their count and SHA-256) as gzip, handing
 * the bytes to `out` a member at a time: a snapshot goes to its file as it is made. Shared by
 * segments and snapshots.
 */
export class LineSealer {
  private readonly digest = createHash('sha256');
  private pending: string[] = [];
  private pendingChars = 0;
  private count = 0;

  constructor(private readonly out: (bytes: Buffer) => void) {}

  add(line: string): void {
    this.pending.push(line);
    this.pendingChars += line.length + 1;
    this.count++;
    if (this.pendingChars >= BLOCK_CHARS) this.out(gzipMember(this.takeBody()));
  }

  /** Writes the footer (in the last member) and returns the body's SHA-256. */
  end(): string {
    const rest = this.takeBody();
    const hash = this.digest.digest('hex');
    const footer = Buffer.from(JSON.stringify({ end: true, lines: this.count, sha256: hash }) + '\n', 'utf8');
    this.out(gzipMember(Buffer.concat([rest, footer])));
    return hash;
  }

  /** The lines added since the last member, as bytes (never one string for the whole file: V8 caps a string at 2^29 characters). */
  private takeBody(): Buffer {
    const text = Buffer.from(this.pending.length > 0 ? this.pending.join('\n') + '\n' : '', 'utf8');
    this.pending = [];
    this.pendingChars = 0;
    this.digest.update(text);
    return text;
  }
}

/** Body lines + footer, gzipped, in memory: a segment. */
export function sealLines(lines: Iterable<string>): { bytes: Buffer; hash: string } {
  const parts: Buffer[] = [];
  const sealer = new LineSealer((bytes) => parts.push(bytes));
  for (const line of lines) sealer.add(line);
  const hash = sealer.end();
  return { bytes: Buffer.concat(parts), hash };
}

/** The inflated content of a gzip file, a piece at a time. */
function* inflate(source: ByteSource): Generator<Buffer> {
  let at = 0;
  while (at < source.size) {
    const size = memberSize(source.readAt(at, MEMBER_HEAD.length));
    if (size === undefined) {
      yield* inflateStream(source, at);
      return;
    }
    // Header, at least an empty deflate block, CRC and length: anything shorter is a damaged length.
    if (size < MEMBER_HEAD.length + 10) throw new BadFileError('truncated', 'a gzip member header is damaged');
    const member = source.readAt(at, size);
    if (member.length < size) throw new BadFileError('truncated', 'the file ends inside a gzip member');
    try {
      yield gunzipSync(member);
    } catch (error) {
      throw new BadFileError('truncated', `cannot unzip: ${(error as Error).message}`);
    }
    at += size;
  }
}

/** The rest of the file from `from` as one gzip stream of any shape (a file written before members carried their length). */
function* inflateStream(source: ByteSource, from: number): Generator<Buffer> {
  const out: Uint8Array[] = [];
  const gunzip = new Gunzip((piece) => out.push(piece));
  for (let at = from; ;) {
    const chunk = source.readAt(at, READ_CHUNK);
    at += chunk.length;
    const last = chunk.length === 0 || at >= source.size;
    try {
      gunzip.push(chunk, last);
    } catch (error) {
      throw new BadFileError('truncated', `cannot unzip: ${(error as Error).message}`);
    }
    for (const piece of out.splice(0)) yield Buffer.from(piece.buffer, piece.byteOffset, piece.length);
    if (last) return;
  }
}

const NEWLINE = 0x0a;

/** How many lines (newlines) `run` holds. */
function countLines(run: Buffer): number {
  let n = 0;
  for (let at = run.indexOf(NEWLINE); at >= 0; at = run.indexOf(NEWLINE, at + 1)) n++;
  return n;
}

/**
 * Reads an envelope a run of whole lines at a time, without holding the file, and verifies it:
 * the footer is the last line, so the latest line is held back until another follows, and when
 * the file ends the footer's line count and SHA-256 are checked against what was read. Nothing
 * read may be trusted before next() has returned null.
 */
export class EnvelopeReader {
  private readonly digest = createHash('sha256');
  private readonly pieces: Iterator<Buffer>;
  private carry: Buffer = Buffer.alloc(0);
  private count = 0;
  /** The body's SHA-256 and line count, set once the footer verified them. */
  verified: { hash: string; count: number } | undefined;

  constructor(source: ByteSource) {
    this.pieces = inflate(source);
  }

  /** The next run of body lines, each ending in "\n"; null once the file has ended and verified. Throws BadFileError. */
  next(): Buffer | null {
    for (;;) {
      const piece = this.pieces.next();
      if (piece.done) {
        this.verify();
        return null;
      }
      const data = this.carry.length > 0 ? Buffer.concat([this.carry, piece.value]) : piece.value;
      const last = data.lastIndexOf(NEWLINE);
      // (lastIndexOf with a negative offset would count from the end.)
      const cut = last > 0 ? data.lastIndexOf(NEWLINE, last - 1) : -1;
      if (cut < 0) {
        this.carry = data;
        continue;
      }
      const run = data.subarray(0, cut + 1);
      this.carry = data.subarray(cut + 1);
      this.digest.update(run);
      this.count += countLines(run);
      return run;
    }
  }

  private verify(): void {
    const footerText = this.carry;
    if (this.count === 0 || footerText.length === 0 || footerText.indexOf(NEWLINE) !== footerText.length - 1) {
      throw new BadFileError('truncated', 'no footer line');
    }
    let footer: { end?: boolean; lines?: number; sha256?: string };
    try {
      footer = JSON.parse(footerText.toString('utf8')) as typeof footer;
    } catch {
      throw new BadFileError('truncated', 'footer is not complete');
    }
    if (footer.end !== true || typeof footer.sha256 !== 'string' || typeof footer.lines !== 'number') throw new BadFileError('truncated', 'footer is missing');
    const hash = this.digest.digest('hex');
    if (hash !== footer.sha256) throw new BadFileError('checksum', 'checksum does not match the content');
    if (this.count !== footer.lines) throw new BadFileError('checksum', 'line count does not match the footer');
    this.verified = { hash, count: this.count };
  }
}

/** The lines of runs (see EnvelopeReader), one string at a time. */
export function* linesOf(runs: Iterable<Buffer>): Generator<string> {
  for (const run of runs) {
    let start = 0;
    for (let at = run.indexOf(NEWLINE); at >= 0; at = run.indexOf(NEWLINE, start)) {
      yield run.toString('utf8', start, at);
      start = at + 1;
    }
  }
}

/**
 * Whole lines (a run, or part of one: not empty) as the text of one JSON array of them,
 * `[line,line,…]`: parsed in one go, by JSON.parse or by SQLite, instead of line by line.
 */
export function jsonArrayOf(lines: Buffer): Buffer {
  const array = Buffer.allocUnsafe(lines.length + 1);
  array[0] = 0x5b; // [
  lines.copy(array, 1);
  for (let at = array.indexOf(NEWLINE, 1); at >= 0; at = array.indexOf(NEWLINE, at + 1)) array[at] = 0x2c; // ,
  array[array.length - 1] = 0x5d; // ] in place of the last newline
  return array;
}

/** A whole file in memory (a segment), unzipped and verified: its runs of lines. */
function readWhole(bytes: Buffer): { runs: Buffer[]; hash: string; count: number } {
  const reader = new EnvelopeReader(bufferSource(bytes));
  const runs: Buffer[] = [];
  for (let run = reader.next(); run; run = reader.next()) runs.push(run);
  return { runs, ...reader.verified! };
}

export interface OpenedLines {
  /** SHA-256 of the body, checked against the footer. */
  hash: string;
  count: number;
  /** The body's lines, decoded one at a time. */
  lines(): Generator<string>;
}

/** Unzips and verifies a whole file in memory; the lines are then read one by one. */
export function openLines(bytes: Buffer): OpenedLines {
  const { runs, hash, count } = readWhole(bytes);
  return { hash, count, lines: () => linesOf(runs) };
}

/** Opens (on an encrypted share: authenticates and decrypts, `keys`), unzips and verifies a segment. Throws BadFileError. */
export function decodeSegment(bytes: Buffer, keys: ShareKeys | null = null): Segment {
  const { runs, hash } = readWhole(contentBytes(keys, bytes));
  const first = runs[0]!;
  const headerEnd = first.indexOf(NEWLINE);
  const header = JSON.parse(first.toString('utf8', 0, headerEnd)) as SegmentHeader | null;
  if (!header || header.format !== SEGMENT_FORMAT) throw new BadFileError('unknown-format', 'not a Rapport segment');
  if (header.version > SEGMENT_VERSION) {
    throw new BadFileError('unknown-format', `segment format ${header.version} is newer than this app reads (${SEGMENT_VERSION})`);
  }
  // Parsed a run at a time: one JSON.parse per megabyte, not one per record.
  const records: ChangeRecord[] = [];
  for (const [i, run] of runs.entries()) {
    const lines = i === 0 ? run.subarray(headerEnd + 1) : run;
    if (lines.length === 0) continue;
    for (const record of JSON.parse(jsonArrayOf(lines).toString('utf8')) as ChangeRecord[]) records.push(record);
  }
  if (records.length !== header.count) throw new BadFileError('checksum', 'record count does not match the header');
  return { header, records, hash };
}
