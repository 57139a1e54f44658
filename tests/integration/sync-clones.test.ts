/**
 * Cloned laptops (a copied data folder: a restored backup, a disk image): both copies keep the same
 * device id and clock state until one of them sees the other's segment in its folder and takes a
 * new id (own-folder.ts). Minimal two- and three-device cases the soak's clone faults found, each
 * failing on the engine before its fix; the end-state check is the property's (world.check).
 */
import { describe, expect, it } from 'vitest';
import type { SyncSummary } from '../../electron/sync/engine';
import { checkShare } from '../../electron/sync/check';
import { Share } from '../../electron/sync/share';
import { SimWorld, inWorld, readField, segmentsOf } from '../helpers/sync-sim';

/** A round that must complete (no kill is armed). */
function round(world: SimWorld, dev: number): SyncSummary {
  const summary = world.sync(dev);
  if (summary === 'crashed') throw new Error('unexpected crash');
  return summary;
}

const problemsOf = (world: SimWorld, dev: number) => checkShare(new Share(world.devices[dev]!.replica)).findings.filter((f) => f.level !== 'info');

const conflictsOf = (world: SimWorld, dev: number) =>
  world.devices[dev]!.sqlite.prepare('SELECT tbl, row_id AS row, field, value FROM sync_conflicts ORDER BY tbl, row_id, field, clock, value').all();

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
      expectAgreed(world, id, 'Acme Ltd');
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
      expectAgreed(world, id, 'Acme Ltd');
      world.check(summaries);
    });
  });

  it('a cut-short conflicted copy of a segment in the folder of the id the clone kept is cleared by that copy (the writer now)', () => {
    // Soak seed 1337203378 (shrunk): the original published seg 1, then took a new id; the folder
    // tool left a cut-short copy of seg 1 in the clone's replica, where only the clone may clear it.
    inWorld({ devices: 2 }, (world) => {
      world.insert(0, 'accounts', { name: 'Acme' });
      world.settle();
      const seg1 = segmentsOf(world, 0)[0]!;
      const clone = world.addDevice({ cloneOf: 0 }).index;
      world.insert(clone, 'accounts', { name: '克隆机的新客户' });
      world.settle();
      expect(world.rotations.map((r) => r.device)).toEqual([0]);
      world.tool.copy(clone, seg1, 0, 0.4); // in the folder of the id the clone still writes as
      const summaries = world.settle();
      expect(problemsOf(world, clone)).toEqual([]);
      world.check(summaries);
    });
  });

  it('a publish cut short before the copy takes a new id is finished under the old id: its segment, damaged on the share later, is mended by its writer', () => {
    // Soak seed 1337203378, path 145: the original was killed after its segment was renamed into
    // place, then found the clone's segment and took a new id, dropping what it had begun. The file
    // was on the share, then cut short there: nobody held its bytes, every reader waited for good.
    const world = killedAfterPublishing();
    try {
      const [path] = world.tool.segments().filter((p) => p.includes(`/${world.devices[0]!.deviceId}/seg-0000000002-`) && !world.tool.latest.get(p)?.deleted);
      expect(path).toBeDefined();
      world.tool.damage(path!, 0.3); // cut short on the share, in every replica
      const summaries = world.settle();
      expect(world.rotations.length).toBeGreaterThanOrEqual(1);
      world.check(summaries);
    } finally {
      world.dispose();
    }
  });

  it('both copies writing one field with one clock and two values: a change replacing that clock replaces both, whichever arrives first', () => {
    // Soak seed 800763501, path 77 (shrunk): the copies share a clock state, so their first edits
    // after the copy can carry the same clock. The original then edits the field again, replacing
    // the clock it showed; a reader that applied that before the clone's value kept the clone's as a
    // conflict, one that applied it after did not.
    inWorld({ devices: 2 }, (world) => {
      const { id, clone } = oneClockTwoValues(world);
      world.now += 1000;
      world.update(0, 'accounts', id, { name: 'Acme Group' }); // replaces the clock it showed
      round(world, 0);
      round(world, clone);
      for (const path of world.tool.pending(1)) if (path.startsWith(`devices/${world.devices[0]!.deviceId}/`)) world.tool.deliver(1, path, 'full');
      round(world, 1); // the original's edits first
      world.tool.deliverAll();
      const summaries = world.settle();
      expectAgreed(world, id, 'Acme Group');
      world.check(summaries);
    });
  });

  it('both copies writing one field with one clock and two values, and both losing to a third edit: two conflict records with one clock', () => {
    // Soak seeds 1729331446/1548, 4455668/156, 430850559/68: the conflict records were keyed by
    // clock, so the second value with that clock was dropped (migration 0008 keys them by value too).
    inWorld({ devices: 2 }, (world) => {
      const { id } = oneClockTwoValues(world);
      world.now += 1000;
      world.update(1, 'accounts', id, { name: 'Acme Group' }); // concurrent with both, and later
      const summaries = world.settle();
      for (let dev = 0; dev < 3; dev++) {
        expect(readField(world.devices[dev]!.sqlite, 'accounts', id, 'name')?.value).toBe('"Acme Group"');
        expect(conflictsOf(world, dev).map((c) => (c as { value: string }).value)).toEqual(['"Acme (clone)"', '"Acme (original)"']);
      }
      world.check(summaries);
    });
  });
});

/** Every device shows the account named `name` and holds no conflict about it. */
function expectAgreed(world: SimWorld, id: string, name: string): void {
  for (let dev = 0; dev < world.devices.length; dev++) {
    expect(readField(world.devices[dev]!.sqlite, 'accounts', id, 'name')?.value).toBe(JSON.stringify(name));
    expect(conflictsOf(world, dev)).toEqual([]);
  }
}

/**
 * An account device 0 shares, then a clone of device 0 (device 2): the two copies share a clock
 * state, so their first edits of the account's name carry one clock with two values.
 */
function oneClockTwoValues(world: SimWorld): { id: string; clone: number } {
  const id = world.insert(0, 'accounts', { name: 'Acme' })!;
  world.settle();
  const clone = world.addDevice({ cloneOf: 0 }).index;
  world.update(0, 'accounts', id, { name: 'Acme (original)' });
  world.update(clone, 'accounts', id, { name: 'Acme (clone)' });
  const [a, b] = world.model.writesOf('accounts', id, 'name').slice(-2);
  expect(a!.clock).toBe(b!.clock); // one clock, two values
  return { id, clone };
}

/**
 * Device 0 and its clone (device 2) each publish a segment 2 under the shared id; device 0's round
 * is killed just after its segment was renamed into place (its publish not yet recorded), and it
 * is restarted. Found by trying each step of the round in turn, from a fresh office each time.
 */

function killedAfterPublishing(): SimWorld {
  for (let at = 1; at < 100; at++) {
    const world = new SimWorld({ devices: 2 });
    world.insert(0, 'accounts', { name: 'Acme' });
    world.settle();
    const clone = world.addDevice({ cloneOf: 0 }).index;
    world.insert(clone, 'accounts', { name: '克隆机的新客户' });
    round(world, clone);
    world.insert(0, 'accounts', { name: '原机的新客户' });
    const killed = world.sync(0, at) === 'crashed' && /^after renaming devices\/…\/… into place$/.test(world.devices[0]!.crash.log.at(-1) ?? '');
    if (killed) return world;
    world.dispose();
  }
  throw new Error('no step of the round publishes a segment');
}
