/**
 * A new laptop's first round reads the snapshot it starts from once: the load verifies it as it
 * goes (snapshot.ts openSnapshot), and a file that turns out cut short rolls the load back and is
 * quarantined instead of being loaded; the laptop starts from it once the folder tool delivered it whole.
 */
import { describe, expect, it } from 'vitest';
import type { SyncSummary } from '../../electron/sync/engine';
import { inWorld, type SimWorld } from '../helpers/sync-sim';

function round(world: SimWorld, dev: number): SyncSummary {
  const summary = world.sync(dev);
  if (summary === 'crashed') throw new Error('unexpected crash');
  return summary;
}

describe('sync bootstrap: the snapshot is read in one pass', () => {
  it('a snapshot cut short on arrival is quarantined by the load (rolled back), and the laptop is clean once it is whole', () => {
    const policy = { retireAfterDays: 30, snapshotEverySegments: 1, gcGraceMs: 0 };
    inWorld({ devices: 3, policy }, (world) => {
      for (let i = 0; i < 40; i++) world.insert(0, 'accounts', { name: `客户 ${i}` });
      const deliverTo = (j: number) => {
        for (const path of world.tool.pending(j)) world.tool.deliver(j, path, 'full');
      };
      expect(round(world, 0).snapshotWritten).toMatch(/^snap-/);
      deliverTo(1);
      expect(round(world, 1).bootstrapped).toBe(true);
      deliverTo(0);
      round(world, 0);
      const snapshots = world.tool.pending(2).filter((p) => p.startsWith('snapshots/'));
      expect(snapshots).toHaveLength(1);
      const snapshot = snapshots[0]!;
      for (const path of world.tool.pending(2)) world.tool.deliver(2, path, path === snapshot ? 'partial' : 'full', 0.8);
      const first = round(world, 2);
      expect(first.bootstrapped).toBeFalsy();
      expect(world.devices[2]!.sqlite.prepare('SELECT path FROM sync_quarantine').pluck().all()).toEqual([snapshot]);
      world.tool.deliverAll(); // the rest of the file arrives
      const summaries = world.settle();
      expect(world.rowIds(2, 'accounts')).toHaveLength(40);
      world.check(summaries);
    });
  });
});
