/**
 * Cloned laptops (a copied data folder: a restored backup, a disk image): both copies keep the same
 * device id and clock state until one of them sees the other's segment in its folder and takes a
 * new id (own-folder.ts). Minimal two- and three-device cases the soak's clone faults found, each
 * failing on the engine before its fix; the end-state check is the property's (world.check).
 */
import { describe, expect, it } from 'vitest';
import type { SyncSummary } from '../../electron/sync/engine';
import { inWorld, readField, type SimWorld } from '../helpers/sync-sim';

/** A round that must complete (no kill is armed). */
function round(world: SimWorld, dev: number): SyncSummary {
  const summary = world.sync(dev);
  if (summary === 'crashed') throw new Error('unexpected crash');
  return summary;
}

const conflictsOf = (world: SimWorld, dev: number) =>
  world.devices[dev]!.sqlite.prepare('SELECT tbl, row_id AS row, field, value FROM sync_conflicts ORDER BY tbl, row_id, field, clock').all();

describe('sync with cloned laptops', () => {
  it('the copy that takes a new id does not turn its own unpublished write, published by the other copy, into a conflict with its later edit', () => {
    // Soak seed 2047047972, path 3 (shrunk): a record made and not yet published when the disk was
    // copied; the clone publishes it under the shared id, the original edits it, then notices the clone.
    inWorld({ devices: 2 }, (world) => {
      const id = world.insert(1, 'accounts', { name: 'Acme', industry: 'Retail' })!; // unpublished
      const clone = world.addDevice({ cloneOf: 1 }).index;
      round(world, clone); // publishes the record under the shared id
      world.now += 10_000;
      world.update(1, 'accounts', id, { name: 'Acme Ltd' }); // replaces the value the clone published
      world.tool.deliverAll();
      const summaries = world.settle();
      expect(world.rotations.map((r) => r.device)).toEqual([1]);
      for (let dev = 0; dev < 3; dev++) {
        expect(readField(world.devices[dev]!.sqlite, 'accounts', id, 'name')?.value).toBe('"Acme Ltd"');
        expect(conflictsOf(world, dev)).toEqual([]);
      }
      world.check(summaries);
    });
  });

  it('the copy that took a new id publishes its edit of such a write only after the other copy’s segment: every reader applies them in that order', () => {
    inWorld({ devices: 2 }, (world) => {
      const id = world.insert(1, 'accounts', { name: 'Acme', industry: 'Retail' })!; // unpublished
      const clone = world.addDevice({ cloneOf: 1 }).index;
      round(world, clone);
      const [proof] = world.tool.pending(1).filter((p) => p.includes('/seg-'));
      world.now += 10_000;
      world.update(1, 'accounts', id, { name: 'Acme Ltd' });
      for (const path of world.tool.pending(1)) world.tool.deliver(1, path, 'full'); // the original sees the clone's files, nobody else yet
      expect(proof).toBeDefined();
      const rotated = round(world, 1);
      expect(rotated.rotatedFrom).toBeDefined();
      if (rotated.published === 0) round(world, 1); // the edit is published once the clone's segment is applied
      const mine = world.tool.pending(0).filter((p) => p.startsWith(`devices/${world.devices[1]!.deviceId}/seg-`));
      expect(mine).toHaveLength(1);
      world.tool.deliver(0, mine[0]!, 'full'); // device 0 gets the edit before the clone's segment
      round(world, 0);
      world.tool.deliverAll();
      const summaries = world.settle();
      for (let dev = 0; dev < 3; dev++) {
        expect(readField(world.devices[dev]!.sqlite, 'accounts', id, 'name')?.value).toBe('"Acme Ltd"');
        expect(conflictsOf(world, dev)).toEqual([]);
      }
      world.check(summaries);
    });
  });
});
