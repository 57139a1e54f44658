/**
 * Segment files: the only thing a device writes for its changes. Immutable once published.
 *
 *   gzip( header-line  record-line*  footer-line )
 *
 * Each line is JSON. The footer holds the record count and the SHA-256 of every byte before it,
 * so a truncated or altered file is caught even when gzip's own check is not reached. A record
 * is `[table, rowId, field, value, clock, supersedes]`. See docs/sync-format.md.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { SqlValue } from './changes';
import type { Clock } from './hlc';

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

export class BadFileError extends Error {
  constructor(
    readonly reason: 'truncated' | 'checksum' | 'unknown-format' | 'unreadable',
    detail: string,
  ) {
    super(detail);
  }
}

export function encodeSegment(header: Omit<SegmentHeader, 'format' | 'version' | 'count'>, records: ChangeRecord[]): { bytes: Buffer; hash: string } {
  const full: SegmentHeader = { format: SEGMENT_FORMAT, version: SEGMENT_VERSION, ...header, count: records.length };
  const lines = [JSON.stringify(full), ...records.map((r) => JSON.stringify(r))];
  return sealLines(lines);
}

/**
 * Body lines + footer, gzipped. Shared with snapshots, which use the same envelope. Lines are
 * joined as bytes, never as one string: a snapshot of a million touchpoints is larger than the
 * longest string V8 can hold.
 */
export function sealLines(lines: Iterable<string>): { bytes: Buffer; hash: string } {
  const digest = createHash('sha256');
  const parts: Buffer[] = [];
  let count = 0;
  for (const line of lines) {
    const part = Buffer.from(`${line}\n`, 'utf8');
    digest.update(part);
    parts.push(part);
    count++;
  }
  const hash = digest.digest('hex');
  parts.push(Buffer.from(JSON.stringify({ end: true, lines: count, sha256: hash }) + '\n', 'utf8'));
  return { bytes: gzipSync(Buffer.concat(parts), { level: 1 }), hash };
}

export interface OpenedLines {
  /** SHA-256 of the body, checked against the footer. */
  hash: string;
  count: number;
  /** The body's lines, decoded one at a time. */
  lines(): Generator<string>;
}

/** Unzips and verifies the footer; the lines are then read one by one from the bytes. */
export function openLines(bytes: Buffer): OpenedLines {
  let text: Buffer;
  try {
    text = gunzipSync(bytes);
  } catch (error) {
    throw new BadFileError('truncated', `cannot unzip: ${(error as Error).message}`);
  }
  const end = text.lastIndexOf(0x0a, text.length - 2);
  if (text.length === 0 || text[text.length - 1] !== 0x0a || end < 0) throw new BadFileError('truncated', 'no footer line');
  let footer: { end?: boolean; lines?: number; sha256?: string };
  try {
    footer = JSON.parse(text.subarray(end + 1).toString('utf8'));
  } catch {
    throw new BadFileError('truncated', 'footer is not complete');
  }
  if (footer.end !== true || typeof footer.sha256 !== 'string' || typeof footer.lines !== 'number') throw new BadFileError('truncated', 'footer is missing');
  const body = text.subarray(0, end + 1);
  const hash = createHash('sha256').update(body).digest('hex');
  if (hash !== footer.sha256) throw new BadFileError('checksum', 'checksum does not match the content');
  let count = 0;
  for (let at = body.indexOf(0x0a); at >= 0; at = body.indexOf(0x0a, at + 1)) count++;
  if (count !== footer.lines) throw new BadFileError('checksum', 'line count does not match the footer');
  return {
    hash,
    count,
    *lines() {
      let start = 0;
      for (let at = body.indexOf(0x0a); at >= 0; at = body.indexOf(0x0a, start)) {
        yield body.toString('utf8', start, at);
        start = at + 1;
      }
    },
  };
}

export function decodeSegment(bytes: Buffer): Segment {
  const opened = openLines(bytes);
  const lines = opened.lines();
  const first = lines.next();
  const header = JSON.parse(first.done ? 'null' : first.value) as SegmentHeader | null;
  if (!header || header.format !== SEGMENT_FORMAT) throw new BadFileError('unknown-format', 'not a Rapport segment');
  if (header.version > SEGMENT_VERSION) {
    throw new BadFileError('unknown-format', `segment format ${header.version} is newer than this app reads (${SEGMENT_VERSION})`);
  }
  const records: ChangeRecord[] = [];
  for (const line of lines) records.push(JSON.parse(line) as ChangeRecord);
  const hash = opened.hash;
  if (records.length !== header.count) throw new BadFileError('checksum', 'record count does not match the header');
  return { header, records, hash };
}
