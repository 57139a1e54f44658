/**
 * The share's format file (rapport-share.json): which format the share is in and the lowest app
 * version that may write to it. Created on a new share, written again when lost, never lowered.
 */
import type Database from 'better-sqlite3';
import { readMeta, writeMeta } from '../store/meta';
import { readDeviceId } from '../store/meta';
import type { Ack } from './maintenance';
import { FORMAT_FILE, PLAIN_FORMAT_VERSION, SHARE_FORMAT, SHARE_FORMAT_VERSION, type Share, type ShareFormat } from './share';

/**
 * The lowest app version that writes share format 1. The format file names this, not the version
 * of whoever created the share: a newer app making a new share must not lock older ones out.
 * Raised only when a change of the format needs every writer to understand it.
 */
export const MIN_WRITER_VERSION = '0.1.0';

/** The format file's exact text: every device writes the same bytes for the same format. */
export const formatFileText = (format: ShareFormat): string =>
  JSON.stringify(
    { format: format.format, version: format.version, minAppVersion: format.minAppVersion, ...(format.workspace ? { workspace: format.workspace } : {}) },
    null,
    2,
  ) + '\n';

/** The format as this device last read it on one share: proof the share had one, if it goes missing. */
export interface KnownFormat {
  root: string;
  format: ShareFormat;
}

export const knownFormat = (sqlite: Database.Database): KnownFormat | undefined => readMeta<KnownFormat>(sqlite, 'shareFormat');

export type FormatState =
  | { ok: true; readOnly: boolean; recreated?: boolean }
  | { ok: false; code: 'format_not_delivered' | 'format_unreadable' | 'format_unsupported'; version?: number };

/**
 * Reads the format file; creates it on a new share and recreates it on one that lost it.
 *
 * "Not delivered yet" and "lost" look alike (no file) and call for opposite answers: wait, or
 * write it again. The share provably had one when this device read it before (remembered per
 * share folder), or when another device's ack says which format it read (acks carry it), or
 * when acks of older versions are there (they only ever wrote format 1 from MIN_WRITER_VERSION).
 * Then the file is written again with exactly the text it had (formatFileText), never with a
 * lower minimum version than anyone recorded: a folder tool delivering the old one late finds
 * the same bytes. Device folders without any ack prove nothing yet: this device waits, read-only.
 */
export function checkFormat(
  sqlite: Database.Database,
  share: Share,
  acks: Map<string, Ack>,
  appVersion: string,
  encrypted?: ShareFormat,
  /** The format file as the round read it already (upgrade.ts, openWorkspace): read once a round. */
  found: ShareFormat | null = share.readFormat(),
): FormatState {
  const format = found;
  if (format) {
    if (format.format !== SHARE_FORMAT || format.version > SHARE_FORMAT_VERSION) return { ok: false, code: 'format_unsupported', version: format.version };
    const known = knownFormat(sqlite);
    if (!known || known.root !== share.root || formatFileText(known.format) !== formatFileText(format)) {
      writeMeta(sqlite, 'shareFormat', { root: share.root, format } satisfies KnownFormat);
    }
    return { ok: true, readOnly: compareVersions(appVersion, format.minAppVersion) < 0 };
  }
  // There but unreadable: still arriving, or damaged. Never overwritten: the complete one may ask for more.
  if (share.exists(FORMAT_FILE)) return { ok: false, code: 'format_unreadable' };
  const me = readDeviceId(sqlite);
  // An enrolled device writes its workspace's encrypted format (never a lower one than recorded).
  const ours: ShareFormat = encrypted ?? { format: SHARE_FORMAT, version: PLAIN_FORMAT_VERSION, minAppVersion: MIN_WRITER_VERSION };
  const recorded: ShareFormat[] = [];
  const remembered = knownFormat(sqlite);
  if (remembered?.root === share.root) recorded.push(remembered.format);
  let olderAcks = false;
  for (const [device, ack] of acks) {
    if (device === me) continue;
    if (ack.format) recorded.push(ack.format);
    else olderAcks = true;
  }
  const others = share.listDevices().some((d) => d !== me);
  if (recorded.length === 0 && !olderAcks && others) return { ok: false, code: 'format_not_delivered' };
  const chosen = [...recorded, ...(recorded.length === 0 || encrypted ? [ours] : [])].reduce((a, b) =>
    b.version > a.version || (b.version === a.version && compareVersions(b.minAppVersion, a.minAppVersion) > 0) ? b : a,
  );
  if (chosen.format !== SHARE_FORMAT || chosen.version > SHARE_FORMAT_VERSION) return { ok: false, code: 'format_unsupported', version: chosen.version };
  share.publish(formatFileText(chosen), FORMAT_FILE);
  writeMeta(sqlite, 'shareFormat', { root: share.root, format: chosen } satisfies KnownFormat);
  return { ok: true, readOnly: compareVersions(appVersion, chosen.minAppVersion) < 0, recreated: others || recorded.length > 0 };
}

/** Numeric compare of dotted versions (`0.10.0` > `0.9.3`); pre-release tags are ignored. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.+-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
