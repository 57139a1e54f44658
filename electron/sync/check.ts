/**
 * `rapport check`: reads the whole share without changing it and says what it found: the format
 * file, every device's segments (checksums, sequence gaps, broken chains, forks), acks,
 * snapshots, temporary and unknown files. Findings are codes with parameters; the CLI words them.
 */
import { decodeSegment, BadFileError } from './segment';
import { readSnapshot } from './snapshot';
import { DEVICES_DIR, FORMAT_FILE, SHARE_FORMAT, SHARE_FORMAT_VERSION, Share } from './share';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface Finding {
  level: 'info' | 'warning' | 'error';
  code:
    | 'format_ok'
    | 'format_missing'
    | 'format_unknown'
    | 'device_ok'
    | 'segment_bad'
    | 'segment_gap'
    | 'segment_chain'
    | 'segment_fork'
    | 'segment_copy'
    | 'unknown_file'
    | 'temp_file'
    | 'ack_bad'
    | 'snapshot_ok'
    | 'snapshot_bad';
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

  const format = share.readFormat();
  if (!format) add('warning', 'format_missing', { file: FORMAT_FILE });
  else if (format.format !== SHARE_FORMAT || format.version > SHARE_FORMAT_VERSION) add('error', 'format_unknown', { version: format.version });
  else add('info', 'format_ok', { version: format.version, minAppVersion: format.minAppVersion });

  let segments = 0;
  const devices = share.listDevices();
  for (const device of devices) {
    const dir = share.deviceDir(device);
    for (const name of safeList(dir)) {
      if (name.startsWith('.') || name.startsWith('~') || /\.tmp$/i.test(name)) add('info', 'temp_file', { path: `${DEVICES_DIR}/${device}/${name}` });
    }
    const files = share.listDeviceFiles(device);
    const bySeq = new Map<number, { name: string; hash: string; prev: string | null }[]>();
    let bad = 0;
    for (const file of files) {
      if (file.kind === 'unknown') {
        add('warning', 'unknown_file', { path: `${DEVICES_DIR}/${device}/${file.name}` });
        continue;
      }
      if (file.kind === 'ack') {
        try {
          const ack = JSON.parse(share.read(DEVICES_DIR, device, file.name).toString('utf8')) as { device?: string };
          if (ack.device !== device) throw new Error('names another device');
        } catch (error) {
          add('warning', 'ack_bad', { device, reason: (error as Error).message });
        }
        continue;
      }
      if (file.kind === 'copy') add('info', 'segment_copy', { path: `${DEVICES_DIR}/${device}/${file.name}`, of: file.of });
      try {
        const segment = decodeSegment(share.read(DEVICES_DIR, device, file.name));
        segments++;
        const list = bySeq.get(file.seq) ?? [];
        if (!list.some((s) => s.hash === segment.hash)) list.push({ name: file.name, hash: segment.hash, prev: segment.header.prev });
        bySeq.set(file.seq, list);
      } catch (error) {
        bad++;
        const reason = error instanceof BadFileError ? error.reason : 'unreadable';
        add('error', 'segment_bad', { path: `${DEVICES_DIR}/${device}/${file.name}`, reason });
      }
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

function safeList(dir: string): string[] {
  try {
    return readdirSync(join(dir));
  } catch {
    return [];
  }
}
