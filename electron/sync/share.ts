/**
 * The layout of the share folder and the only file operations sync does on it.
 *
 *   rapport-share.json                 format file: format version, lowest app version that may write
 *   devices/<deviceId>/seg-<seq>-<nonce>.rseg   immutable segments, one writer per folder
 *   devices/<deviceId>/ack.json        what that device has applied (for tombstone purge and GC)
 *   snapshots/snap-<sha256>.rsnap      content-named snapshots for fast bootstrap
 *
 * Files are published by writing a temporary name, flushing, and renaming; readers ignore
 * temporary names, ours and the folder tools'. A listing is only ever a hint: a file missing
 * from it is waited for, never taken as deleted.
 */
import {
  closeSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { isSealed, type ShareKeys } from './seal';

export const SHARE_FORMAT = 'rapport-share';
/** The highest share format this app reads: 2, an encrypted share (workspace.ts); a plain share stays 1. */
export const SHARE_FORMAT_VERSION = 2;
/** The format of a share in clear (written before workspaces, or never enrolled). */
export const PLAIN_FORMAT_VERSION = 1;
export const FORMAT_FILE = 'rapport-share.json';
export const DEVICES_DIR = 'devices';
export const SNAPSHOTS_DIR = 'snapshots';
export const ACK_FILE = 'ack.json';
/** A member device's public key, sealed with a workspace key (encrypted shares: docs/security.md). */
export const DEVICE_KEY_FILE = 'device-key.rkey';
/** Encrypted shares: the workspace's key epochs, each wrapped for its members (workspace.ts). */
export const WORKSPACE_DIR = 'workspace';
/** Encrypted shares: one-time invitations, each sealed with a key derived from its code. */
export const INVITES_DIR = 'invites';

export interface ShareFormat {
  format: typeof SHARE_FORMAT;
  version: number;
  /** The lowest app version that may write to this share; older ones sync read-only. */
  minAppVersion: string;
  /** Format 2 (encrypted): the workspace whose keys seal this share's files. */
  workspace?: string;
}

const SEGMENT_NAME = /^seg-(\d{10})-([0-9a-f]{8})\.rseg$/;
/** The start of a segment name with anything a folder tool adds before the extension or after it. */
const SEGMENT_LIKE = /^seg-(\d{10})-([0-9a-f]{8})(.*)$/;
const SNAPSHOT_NAME = /^snap-([0-9a-f]{64})\.rsnap$/;

/** Names folder tools and we use while a file is still being written: never read. */
export function isTemporaryName(name: string): boolean {
  return (
    name.startsWith('.') || // ours (.tmp-*), Syncthing (.syncthing.*.tmp), macOS, Dropbox caches
    name.startsWith('~') || // ~syncthing~*.tmp, Office locks
    /\.(tmp|part|partial|crdownload|download)$/i.test(name) ||
    /^(desktop\.ini|thumbs\.db|icon\r)$/i.test(name)
  );
}

export const segmentName = (seq: number, nonce: string) => `seg-${String(seq).padStart(10, '0')}-${nonce}.rseg`;
export const newNonce = () => randomBytes(4).toString('hex');

export type DeviceFile =
  | { kind: 'segment'; name: string; seq: number; nonce: string }
  /** A folder tool's duplicate of a segment ("conflicted copy", ".sync-conflict-…", "-LAPTOP"): `of` names the original. */
  | { kind: 'copy'; name: string; seq: number; nonce: string; of: string }
  | { kind: 'ack'; name: string }
  | { kind: 'key'; name: string }
  | { kind: 'unknown'; name: string };

export function classifyDeviceFile(name: string): DeviceFile | null {
  if (isTemporaryName(name)) return null;
  if (name === ACK_FILE) return { kind: 'ack', name };
  if (name === DEVICE_KEY_FILE) return { kind: 'key', name };
  const exact = SEGMENT_NAME.exec(name);
  if (exact) return { kind: 'segment', name, seq: Number(exact[1]), nonce: exact[2]! };
  const like = SEGMENT_LIKE.exec(name);
  if (like) return { kind: 'copy', name, seq: Number(like[1]), nonce: like[2]!, of: segmentName(Number(like[1]), like[2]!) };
  return { kind: 'unknown', name };
}

export const snapshotHashOf = (name: string): string | null => SNAPSHOT_NAME.exec(name)?.[1] ?? null;

export class Share {
  /**
   * The workspace keys when the share is encrypted and this device is enrolled (set by the engine
   * at the start of a round, workspace.ts): data files are then sealed and only sealed files read.
   */
  keys: ShareKeys | null = null;

  constructor(readonly root: string) {}

  deviceDir(device: string): string {
    return join(this.root, DEVICES_DIR, device);
  }

  /** Device folders present now (a missing one may simply not be delivered yet). */
  listDevices(): string[] {
    return safeReaddir(join(this.root, DEVICES_DIR)).filter((n) => /^[0-9a-z-]{4,64}$/i.test(n));
  }

  listDeviceFiles(device: string): DeviceFile[] {
    return safeReaddir(this.deviceDir(device))
      .map(classifyDeviceFile)
      .filter((f): f is DeviceFile => f !== null);
  }

  /** Names in a folder that are temporary (ours or a folder tool's). */
  listTemporary(...dir: string[]): string[] {
    return safeReaddir(join(this.root, ...dir)).filter(isTemporaryName);
  }

  /** A file's size in bytes, or null when it is not there (a cheap check that a file is whole). */
  sizeOf(...parts: string[]): number | null {
    try {
      return statSync(join(this.root, ...parts)).size;
    } catch {
      return null;
    }
  }

  modifiedAt(...parts: string[]): number {
    try {
      return statSync(join(this.root, ...parts)).mtimeMs;
    } catch {
      return Date.now();
    }
  }

  /** The names in a folder of the share (workspace/, invites/), temporary ones left out. */
  listFiles(...dir: string[]): string[] {
    return safeReaddir(join(this.root, ...dir)).filter((n) => !isTemporaryName(n));
  }

  listSnapshots(): string[] {
    return safeReaddir(join(this.root, SNAPSHOTS_DIR)).filter((n) => snapshotHashOf(n) !== null);
  }

  read(...parts: string[]): Buffer {
    return readFileSync(join(this.root, ...parts));
  }

  /** Whether a file is there, asked directly (a listing may leave it out for a while). */
  exists(...parts: string[]): boolean {
    try {
      return statSync(join(this.root, ...parts)).isFile();
    } catch {
      return false;
    }
  }

  /** Whether a file starts as an encrypted envelope (seal.ts); false when it cannot be read. */
  isSealed(...parts: string[]): boolean {
    try {
      const file = this.open(...parts);
      try {
        return isSealed(file.readAt(0, 4));
      } finally {
        file.close();
      }
    } catch {
      return false;
    }
  }

  readFormat(): ShareFormat | null {
    try {
      return JSON.parse(this.read(FORMAT_FILE).toString('utf8')) as ShareFormat;
    } catch {
      return null;
    }
  }

  /** Writes `bytes` under `parts` atomically: temp name in the same folder, flush, rename. */
  publish(bytes: Buffer | string, ...parts: string[]): void {
    const file = this.create(parts[parts.length - 1]!, ...parts.slice(0, -1));
    try {
      file.write(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
    } catch (error) {
      file.discard();
      throw error;
    }
    file.publish(parts[parts.length - 1]!);
  }

  /** Starts a file in the folder `dir` that is written in pieces and then published (see ShareWriter); `label` ends its temporary name. */
  create(label: string, ...dir: string[]): ShareWriter {
    const folder = join(this.root, ...dir);
    mkdirSync(folder, { recursive: true });
    return new ShareWriter(folder, join(folder, `.tmp-${newNonce()}-${label}`));
  }

  /** Opens a file for reading by position (see ShareFile): a snapshot is read without holding it whole. */
  open(...parts: string[]): ShareFile {
    const fd = openSync(join(this.root, ...parts), 'r');
    try {
      return new ShareFile(fd);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  remove(...parts: string[]): void {
    try {
      unlinkSync(join(this.root, ...parts));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/**
 * A file written to the share in pieces, under a temporary name in its folder (readers skip it)
 * until publish() flushes it and renames it into place: readers see all of it or nothing.
 */
export class ShareWriter {
  private readonly fd: number;
  private open = true;

  constructor(
    private readonly dir: string,
    private readonly temp: string,
  ) {
    this.fd = openSync(temp, 'w');
  }

  write(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length;) at += writeSync(this.fd, bytes, at);
  }

  /** Flushes the file and renames it to `name` in its folder (atomic publish); when that fails, the temporary file goes. */
  publish(name: string): void {
    try {
      fsyncSync(this.fd);
      this.close();
      renameSync(this.temp, join(this.dir, name));
    } catch (error) {
      this.discard();
      throw error;
    }
    // Flush the directory entry too where the OS allows it (not on Windows).
    try {
      const dirFd = openSync(this.dir, 'r');
      try {
        fsyncSync(dirFd);
      } finally {
        closeSync(dirFd);
      }
    } catch {
      /* directory fsync is unsupported on some systems and shares; the rename is still atomic */
    }
  }

  /** Gives the file up: the temporary file is removed. */
  discard(): void {
    this.close();
    rmSync(this.temp, { force: true });
  }

  private close(): void {
    if (!this.open) return;
    this.open = false;
    closeSync(this.fd);
  }
}

/** A share file open for reading by position. */
export class ShareFile {
  readonly size: number;
  /** Size, modification time and inode: a file replaced or rewritten since has another. */
  readonly signature: string;

  constructor(private readonly fd: number) {
    const st = fstatSync(fd);
    this.size = st.size;
    this.signature = `${st.size}:${st.mtimeMs}:${st.ino}`;
  }

  /** Up to `length` bytes from `position`; fewer only at the end of the file. */
  readAt(position: number, length: number): Buffer {
    const bytes = Buffer.allocUnsafe(Math.max(0, Math.min(length, this.size - position)));
    let got = 0;
    while (got < bytes.length) {
      const n = readSync(this.fd, bytes, got, bytes.length - got, position + got);
      if (n === 0) break;
      got += n;
    }
    return bytes.subarray(0, got);
  }

  close(): void {
    closeSync(this.fd);
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}
