/**
 * Backups and restore through a real share folder: a restore never loses what the share still
 * has, and never publishes a second, different segment under a number its device already used.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRuntime } from '../../electron/host/runtime';
import { createBackup, restoreBackup } from '../../electron/services/backup';
import { exportCanonical } from '../../electron/sync/export';
import { decodeSegment } from '../../electron/sync/segment';
import { DEVICES_DIR } from '../../electron/sync/share';
import type { Result } from '../../shared/result';
import { readFileSync } from 'node:fs';
import { tempDir } from '../helpers/temp';

const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
};

type Rt = ReturnType<typeof openRuntime>;
const names = async (rt: Rt) =>
  value<{ name: string }[]>(await rt.dispatch('accounts.list', {}))
    .map((a) => a.name)
    .sort();

/** Every segment on the share by writer and number: one writer never has two different segments under one number. */
function segmentsOnShare(share: string): Map<string, string> {
  const seen = new Map<string, string>();
  for (const device of readdirSync(join(share, DEVICES_DIR))) {
    for (const name of readdirSync(join(share, DEVICES_DIR, device))) {
      let segment;
      try {
        segment = decodeSegment(readFileSync(join(share, DEVICES_DIR, device, name)));
      } catch {
        continue; // acks and other files
      }
      const key = `${segment.header.device}#${segment.header.seq}`;
      const other = seen.get(key);
      if (other !== undefined && other !== segment.hash) throw new Error(`two different segments ${key}`);
      seen.set(key, segment.hash);
    }
  }
  return seen;
}

describe('backup and restore through a share', () => {
  it('A restores a backup older than edits it published; after a sync A has every edit and B converges', async () => {
    const share = join(tempDir(), 'share');
    mkdirSync(share);
    const a = openRuntime(tempDir(), 'cli');
    const b = openRuntime(tempDir(), 'cli');
    try {
      for (const rt of [a, b]) value(await rt.dispatch('sync.configure', { shareDir: share }));
      value(await a.dispatch('accounts.create', { name: 'Before backup' }));
      a.sync.runOnce();
      const backup = await createBackup(a, 'manual');
      expect(backup.publishedSeq).toBeGreaterThan(0);

      // After the backup: A edits and publishes, B edits and publishes, A applies B's.
      const renamed = value<{ id: string }>(await a.dispatch('accounts.create', { name: 'After backup, by A' }));
      value(await a.dispatch('accounts.update', { id: renamed.id, name: 'After backup, renamed by A' }));
      a.sync.runOnce();
      value(await b.dispatch('accounts.create', { name: 'By B' }));
      b.sync.runOnce();
      a.sync.runOnce();
      const expected = ['After backup, renamed by A', 'Before backup', 'By B'];
      expect(await names(a)).toEqual(expected);
      const oldId = a.store.deviceId;

      const result = await restoreBackup(a, backup.id);
      expect(result.leftDeviceId).toBe(oldId);
      expect(a.store.deviceId).not.toBe(oldId);
      // Right after the restore: as it was then.
      expect(await names(a)).toEqual(['Before backup']);

      // An edit before the first round after the restore: it must win over nothing and lose nothing.
      value(await a.dispatch('accounts.create', { name: 'After restore' }));
      a.sync.runOnce();
      a.sync.runOnce();
      b.sync.runOnce();
      const all = [...expected, 'After restore'].sort();
      expect(await names(a)).toEqual(all);
      expect(await names(b)).toEqual(all);
      expect(exportCanonical(a.store.sqlite)).toBe(exportCanonical(b.store.sqlite));
      // Never two different segments under one number from one writer.
      expect(segmentsOnShare(share).size).toBeGreaterThan(3);
      // The restore left a copy of the store as it was just before.
      expect(value<{ id: string; reason: string }[]>(await a.dispatch('backup.list', {})).map((x) => x.reason)).toContain('pre-restore');
    } finally {
      a.close();
      b.close();
    }
  });
});
