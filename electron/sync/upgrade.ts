/**
 * A round's workspace step (engine.ts) and the one-time upgrade of a plain share to an encrypted
 * one (docs/security.md, "Upgrading a plain share"):
 * - a device that holds the workspace's keys reads and writes sealed files only; one that does not,
 *   on an encrypted share, reads and writes nothing and says it is not enrolled;
 * - the first enrolled device turns the format file to format 2 (older apps then refuse the share
 *   with their "update Rapport" message), and every enrolled device seals its own segments in
 *   place, under the same names (a segment's identity is the hash of its content, so readers that
 *   applied the plain file see the same segment), then writes a snapshot of everything it has;
 * - a snapshot in clear is removed once a sealed one covers all it covers.
 */
import type Database from 'better-sqlite3';
import { published, segments } from '../store/bookkeeping';
import { formatFileText } from './format';
import { sealSegmentBytes } from './segment';
import { isSealed } from './seal';
import { DEVICES_DIR, FORMAT_FILE, SHARE_FORMAT, SHARE_FORMAT_VERSION, SNAPSHOTS_DIR, Share, type ShareFormat } from './share';
import { dominates, readSnapshot, type SnapshotHeader } from './snapshot';
import { ENCRYPTED_FORMAT_VERSION, encryptedFormat, keysOf, markReseal, readKeyring, refreshEpochs, shareIsEncrypted, type Keyring } from './workspace';

export type WorkspaceState =
  /** format: the encrypted format an enrolled device writes; found: the format file as read (once a round). */
  | { ok: true; keyring?: Keyring; format?: ShareFormat; found: ShareFormat | null }
  /** removed: an epoch left this device out; other: the share belongs to another workspace; not_member: never enrolled. */
  | { ok: false; reason: 'not_member' | 'removed' | 'other_workspace' };

/** Sets `share.keys` for this round, or says why this device may not touch the share. */
export function openWorkspace(sqlite: Database.Database, share: Share): WorkspaceState {
  share.keys = null;
  // A format newer than this app reads is said as such by the format check (checkFormat), never as "not enrolled".
  const found = share.readFormat();
  if (found && (found.format !== SHARE_FORMAT || found.version > SHARE_FORMAT_VERSION)) return { ok: true, found };
  const keyring = readKeyring(sqlite);
  if (!keyring) return shareIsEncrypted(share, found) ? { ok: false, reason: 'not_member' } : { ok: true, found };
  const format = found;
  if (format?.workspace && format.workspace !== keyring.workspace) return { ok: false, reason: 'other_workspace' };
  const epochs = refreshEpochs(sqlite, share, keyring);
  if (!epochs.ok) return { ok: false, reason: 'removed' };
  share.keys = keysOf(keyring);
  const encrypted = encryptedFormat(keyring.workspace);
  // A plain share this device belongs to a workspace of (it created the workspace on another
  // copy, or the format file went back to an old one): upgraded once, here.
  if (format && format.version < ENCRYPTED_FORMAT_VERSION) {
    share.publish(formatFileText(encrypted), FORMAT_FILE);
    markReseal(sqlite, 'all');
    return { ok: true, keyring, format: encrypted, found: encrypted };
  }
  return { ok: true, keyring, format: encrypted, found };
}

/**
 * Seals, in place, this device's segments that are still in clear on the share (it keeps the
 * bytes of every segment it published until they are collected, so the same segment is written
 * again, sealed, under its own name). Returns how many it sealed.
 */
export function resealOwnSegments(sqlite: Database.Database, share: Share): number {
  const keys = share.keys;
  if (!keys) return 0;
  let count = 0;
  for (const { device, name } of published.sizes(sqlite)) {
    const bytes = published.bytesOf(sqlite, device, name);
    const hash = segments.hashOf(sqlite, device, name);
    if (!bytes || !hash || isSealed(bytes)) continue;
    const sealed = sealSegmentBytes(keys, bytes, hash).bytes;
    share.publish(sealed, DEVICES_DIR, device, name);
    published.replace(sqlite, device, name, sealed);
    count++;
  }
  return count;
}

/**
 * Removes the snapshots in clear that a sealed snapshot covers (its vector dominates theirs):
 * what they hold is on the share sealed. Any enrolled device may: they are copies, not anyone's
 * only record. One not covered yet stays until one is.
 */
export function removeCoveredPlainSnapshots(share: Share): number {
  const names = share.listSnapshots();
  const plain = names.filter((n) => !share.isSealed(SNAPSHOTS_DIR, n));
  if (plain.length === 0) return 0;
  const sealedHeaders: SnapshotHeader[] = [];
  for (const name of names) {
    if (plain.includes(name)) continue;
    try {
      sealedHeaders.push(readSnapshot(share, name).header);
    } catch {
      /* not readable with our keys: covers nothing for us */
    }
  }
  const reader = new Share(share.root); // no keys: reads files in clear
  let removed = 0;
  for (const name of plain) {
    let header: SnapshotHeader;
    try {
      header = readSnapshot(reader, name).header;
    } catch {
      continue; // cut short or still arriving: looked at again next round
    }
    if (sealedHeaders.some((h) => dominates(h.vv, header.vv))) {
      share.remove(SNAPSHOTS_DIR, name);
      removed++;
    }
  }
  return removed;
}
