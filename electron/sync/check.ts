/**
 * `rapport check`: reads the whole share without changing it and says what it found: the format
 * file, every device's segments (checksums, sequence gaps, broken chains, forks), acks,
 * snapshots, temporary and unknown files. Findings are codes with parameters; the CLI words them.
 */
import { decodeSegment, BadFileError } from './segment';
import { readSnapshot } from './snapshot';
import { DEVICES_DIR, FORMAT_FILE, SHARE_FORMAT, SHARE_FORMAT_VERSION, Share } from './share';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readAcks, succeededIds } from './maintenance';
import { contentBytes } from './seal';
import { shareIsEncrypted } from './workspace';

export interface Finding {
  level: 'info' | 'warning' | 'error';
  code:
    | 'format_ok'
    | 'share_missing'
    | 'format_missing'
    | 'format_lost'
    | 'format_unknown'
    | 'device_ok'
    | 'segment_bad'
    | 'segment_gap'
    | 'segment_chain'
    | 'segment_fork'
    | 'segment_copy'
    | 'segment_copy_damaged'
    | 'device_cloned'
    | 'unknown_file'
    | 'temp_file'
    | 'ack_bad'
    | 'snapshot_ok'
    | 'snapshot_bad'
    | 'encrypted_not_checked';
  params: Record<string, string | number>;
}

export interface CheckReport {
  findings: Finding[];
  devices: number;
  segments: number;
  snapshots: number;
  errors: number;
  warnings: number;
}

export function checkShare(share: Share): CheckReport {
  const findings: Finding[] = [];
  const add = (level: Finding['level'], code: Finding['code'], params: Finding['params'] = {}) => findings.push({ level, code, params });

  if (!isFolder(share.root)) {
    add('error', 'share_missing', { path: share.root });
    return { findings, devices: 0, segments: 0, snapshots: 0, errors: 1, warnings: 0 };
  }
  const format = share.readFormat();
  const devices = share.listDevices();
  const acks = readAcks(share);
  // Devices that wrote here prove the share had a format file: missing now, it was lost (engine.ts, checkFormat).
  if (!format && devices.length > 0) add('error', share.exists(FORMAT_FILE) ? 'format_unknown' : 'format_lost', { file: FORMAT_FILE, devices: devices.length });
  else if (!format) add('info', 'format_missing', { file: FORMAT_FILE });
  else if (format.format !== SHARE_FORMAT || format.version > SHARE_FORMAT_VERSION) add('error', 'format_unknown', { version: format.version });
  else add('info', 'format_ok', { version: format.version, minAppVersion: format.minAppVersion });
  // An encrypted share read without its keys (no --data of an enrolled device): only names and sizes can be looked at.
  if (!share.keys && shareIsEncrypted(share)) {
    add('info', 'encrypted_not_checked', {});
    return { findings, devices: devices.length, segments: 0, snapshots: share.listSnapshots().length, errors: 0, warnings: 0 };
  }

  let segments = 0;
  const succeeded = succeededIds(acks);
  const successors = (device: string) =>
    [...acks.values()]
      .filter((a) => a.succeeds?.includes(device))
      .map((a) => a.device)
      .join(', ');
  for (const device of devices) {
    const dir = share.deviceDir(device);
    for (const name of safeList(dir)) {
      if (name.startsWith('.') || name.startsWith('~') || /\.tmp$/i.test(name)) add('info', 'temp_file', { path: `${DEVICES_DIR}/${device}/${name}` });
    }
    const files = share.listDeviceFiles(device);
    const bySeq = new Map<number, { name: string; hash: string; prev: string | null }[]>();
    let bad = 0;
    const readable = new Set<string>();
    const damagedCopies: { path: string; of: string; reason: string }[] = [];
    for (const file of files) {
      if (file.kind === 'unknown') {
        add('warning', 'unknown_file', { path: `${DEVICES_DIR}/${device}/${file.name}` });
        continue;
      }
      if (file.kind === 'key') continue;
      if (file.kind === 'ack') {
        try {
          const ack = JSON.parse(contentBytes(share.keys, share.read(DEVICES_DIR, device, file.name)).toString('utf8')) as { device?: string };
          if (ack.device !== device) throw new Error('names another device');
        } catch (error) {
          add('warning', 'ack_bad', { device, reason: (error as Error).message });
        }
        continue;
      }
      if (file.kind === 'copy') add('info', 'segment_copy', { path: `${DEVICES_DIR}/${device}/${file.name}`, of: file.of });
      try {
        const segment = decodeSegment(share.read(DEVICES_DIR, device, file.name), share.keys);
        segments++;
        readable.add(file.name);
        const list = bySeq.get(file.seq) ?? [];
        if (!list.some((s) => s.hash === segment.hash)) list.push({ name: file.name, hash: segment.hash, prev: segment.header.prev });
        bySeq.set(file.seq, list);
      } catch (error) {
        const reason = error instanceof BadFileError ? error.reason : 'unreadable';
        if (file.kind === 'copy') damagedCopies.push({ path: `${DEVICES_DIR}/${device}/${file.name}`, of: file.of, reason });
        else {
          bad++;
          add('error', 'segment_bad', { path: `${DEVICES_DIR}/${device}/${file.name}`, reason });
        }
      }
    }
    // A damaged copy next to its intact original holds nothing else (one name, one content): sync removes it.
    for (const copy of damagedCopies) {
      if (readable.has(copy.of)) add('warning', 'segment_copy_damaged', copy);
      else {
        bad++;
        add('error', 'segment_bad', { path: copy.path, reason: copy.reason });
      }
    }
    if (succeeded.has(device) || successors(device)) {
      // A cloned laptop's old id: both copies wrote here, so forks and broken chains are expected.
      add('info', 'device_cloned', { device, successors: successors(device) });
      if (bad === 0 && bySeq.size > 0) add('info', 'device_ok', { device, first: Math.min(...bySeq.keys()), last: Math.max(...bySeq.keys()) });
      continue;
    }
    const seqs = [...bySeq.keys()].sort((a, b) => a - b);
    for (let i = 1; i < seqs.length; i++) {
      const [prev, next] = [seqs[i - 1]!, seqs[i]!];
      if (next !== prev + 1) add('warning', 'segment_gap', { device, from: prev + 1, to: next - 1 });
      else if (!bySeq.get(next)!.every((s) => bySeq.get(prev)!.some((p) => p.hash === s.prev))) add('warning', 'segment_chain', { device, seq: next });
    }
    for (const [seq, list] of bySeq) if (list.length > 1) add('warning', 'segment_fork', { device, seq, count: list.length });
    if (bad === 0 && seqs.length > 0) add('info', 'device_ok', { device, first: seqs[0]!, last: seqs[seqs.length - 1]! });
  }

  const snapshots = share.listSnapshots();
  for (const name of snapshots) {
    try {
      const snap = readSnapshot(share, name);
      add('info', 'snapshot_ok', { name, rows: snap.header.rows });
    } catch (error) {
      add('error', 'snapshot_bad', { name, reason: error instanceof BadFileError ? error.reason : 'unreadable' });
    }
  }
  return {
    findings,
    devices: devices.length,
    segments,
    snapshots: snapshots.length,
    errors: findings.filter((f) => f.level === 'error').length,
    warnings: findings.filter((f) => f.level === 'warning').length,
  };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(join(dir));
  } catch {
    return [];
  }
}
