/**
 * Convergence of file-share sync (brief SYNC.md, "What the tests must prove"): devices with their
 * own replicas of the share, a folder tool that delivers late, out of order, half-written, under
 * temporary names, with old mtimes and conflicted copies, clocks days apart, and kills at any
 * step. The harness and its model are in tests/helpers/sync-sim.ts; the soak runner
 * (tests/soak/sync-soak.ts) runs the same property for thousands of cases.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wallOf } from '../../electron/sync/hlc';
import type { SyncSummary } from '../../electron/sync/engine';
import { BinExpiredError } from '../../electron/sync/changes';
import { DAY, SimWorld, conflictCopyName, inWorld, readField, runScenario, scenarioArb, segmentsOf, type CopyStyle } from '../helpers/sync-sim';

const conflictsOf = (world: SimWorld, dev: number) =>
  world.devices[dev]!.sqlite.prepare('SELECT tbl, row_id AS row, field, clock, value FROM sync_conflicts ORDER BY tbl, row_id, field, clock').all() as {
    tbl: string;
    row: string;
    field: string;
    clock: string;
    value: string;
  }[];

const valueOf = (world: SimWorld, dev: number, id: string, field: string) => readField(world.devices[dev]!.sqlite, 'accounts', id, field)?.value;

/** A round that must complete (no kill is armed). */
function round(world: SimWorld, dev: number): SyncSummary {
  const summary = world.sync(dev);
  if (summary === 'crashed') throw new Error('unexpected crash');
  return summary;
}

/** The clock ChangeLog gave the last write of a field (from the model, which read it from the outbox). */
const lastClock = (world: SimWorld, id: string, field: string) => world.model.writesOf('accounts', id, field).at(-1)!.clock;

describe('sync convergence: folder-tool faults', () => {
  it("removes a folder tool's conflicted copy that is identical to its segment, and applies the segment once", () => {
    inWorld({ devices: 2 }, (world) => {
      const id = world.insert(0, 'accounts', { name: '华为技术有限公司' })!;
      world.sync(0);
      const [seg] = segmentsOf(world, 0);
      // Dropbox, Syncthing and OneDrive names, all with the same bytes as the original.
      for (const style of [0, 1, 2] as CopyStyle[]) world.tool.deliver(1, seg!, 'copy', 0, false, style);
      const dir = join(world.devices[1]!.replica, seg!.split('/').slice(0, -1).join('/'));
      expect(readdirSync(dir)).toHaveLength(4);

      const summary = world.sync(1);
      expect(summary).toMatchObject({ segmentsApplied: 1, conflicts: 0, quarantined: 0, waiting: 0 });
      for (const style of [0, 1, 2] as CopyStyle[]) expect(existsSync(join(dir, conflictCopyName(seg!.split('/').pop()!, style)))).toBe(false);
      expect(readdirSync(dir)).toEqual([seg!.split('/').pop()]);
      expect(valueOf(world, 1, id, 'name')).toBe('"华为技术有限公司"');
      world.check(world.settle());
    });
  });

  it("quarantines a half-written segment with its reason, holds back that device's later ones, and applies all once it is complete", () => {
    inWorld({ devices: 2 }, (world) => {
      const id = world.insert(0, 'accounts', { name: 'Acme' })!;
      world.sync(0);
      world.update(0, 'accounts', id, { name: 'Acme GmbH' });
      world.sync(0);
      const [seg1, seg2] = segmentsOf(world, 0);
      world.tool.deliver(1, seg1!, 'partial', 0.6); // truncated, under the final name
      world.tool.deliver(1, seg2!, 'full');

      const first = world.sync(1);
      expect(first).toMatchObject({ segmentsApplied: 0, quarantined: 1, waiting: 2 });
      const quarantined = world.devices[1]!.sqlite.prepare('SELECT path, reason, tries FROM sync_quarantine').all() as {
        path: string;
        reason: string;
        tries: number;
      }[];
      expect(quarantined).toEqual([{ path: seg1, reason: expect.stringMatching(/^(truncated|checksum): \S/), tries: 1 }]);
      expect(world.rowIds(1, 'accounts')).toEqual([]);
      // Retried every round, never skipped.
      expect(world.sync(1)).toMatchObject({ segmentsApplied: 0, quarantined: 1 });
      expect((world.devices[1]!.sqlite.prepare('SELECT tries FROM sync_quarantine').get() as { tries: number }).tries).toBe(2);

      world.tool.deliver(1, seg1!, 'full');
      expect(world.sync(1)).toMatchObject({ segmentsApplied: 2, quarantined: 0, waiting: 0 });
      expect(valueOf(world, 1, id, 'name')).toBe('"Acme GmbH"');
      world.check(world.settle());
    });
  });

  it("ignores temporary files (the folder tools' and a killed writer's) and reads the segments once they are in place", () => {
    inWorld({ devices: 2 }, (world) => {
      world.insert(0, 'accounts', { name: 'Acme' });
      world.sync(0);
      world.insert(0, 'accounts', { name: '阿里巴巴' });
      world.sync(0);
      const [seg1, seg2] = segmentsOf(world, 0);
      world.tool.deliver(1, seg1!, 'temp', 0.3); // .syncthing.<name>.tmp
      world.tool.deliver(1, seg2!, 'temp', 0.7); // ~syncthing~<name>.tmp
      const dir = join(world.devices[1]!.replica, seg1!.split('/').slice(0, -1).join('/'));
      writeFileSync(join(dir, '.tmp-0badf00d-seg-0000000003-0badf00d.rseg'), 'half of a segment'); // a writer killed mid-write
      writeFileSync(join(dir, 'desktop.ini'), '[.ShellClassInfo]');
      expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toHaveLength(2);

      expect(world.sync(1)).toMatchObject({ segmentsApplied: 0, quarantined: 0, waiting: 0 });
      expect(world.rowIds(1, 'accounts')).toEqual([]);

      world.tool.deliverAll();
      expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      expect(world.sync(1)).toMatchObject({ segmentsApplied: 2, quarantined: 0, waiting: 0 });
      world.check(world.settle());
    });
  });

  it('waits for a segment delivered out of order, whatever the modification times say', () => {
    inWorld({ devices: 2 }, (world) => {
      const id = world.insert(0, 'accounts', { name: 'v1' })!;
      world.sync(0);
      world.update(0, 'accounts', id, { name: 'v2' });
      world.sync(0);
      const [seg1, seg2] = segmentsOf(world, 0);
      world.tool.deliver(1, seg2!, 'full', 0, true); // the later one first, with a 2019 mtime
      expect(world.sync(1)).toMatchObject({ segmentsApplied: 0, waiting: 1 });
      world.tool.deliver(1, seg1!, 'full', 0, true);
      expect(world.sync(1)).toMatchObject({ segmentsApplied: 2, waiting: 0 });
      expect(valueOf(world, 1, id, 'name')).toBe('"v2"');
      world.check(world.settle());
    });
  });

  it('loses nothing when a round is killed at any one of its steps, publishing or applying', () => {
    // Every crash point of a round that publishes, and of one that applies: kill there, restart, settle.
    for (const role of ['publisher', 'reader'] as const) {
      let steps = 0;
      for (let at = 1; ; at++) {
        const completed = inWorld({ devices: 2 }, (world) => {
          const id = world.insert(0, 'accounts', { name: 'Acme' })!;
          world.settle();
          world.update(0, 'accounts', id, { name: 'Acme 2' });
          world.insert(0, 'accounts', { name: '腾讯' });
          if (role === 'reader') {
            world.sync(0);
            world.tool.deliverAll();
          }
          const result = world.sync(role === 'publisher' ? 0 : 1, at);
          world.check(world.settle());
          expect(world.rotations).toEqual([]);
          return result !== 'crashed';
        });
        if (completed) break;
        steps = at;
      }
      expect(steps, `${role} round crash points`).toBeGreaterThan(10);
    }
  }, 60_000);
});

describe('sync convergence: concurrent and sequential edits', () => {
  it('leaves exactly one conflict record per losing value for concurrent edits, none for sequential ones, none after a resolution', () => {
    inWorld({ devices: 3 }, (world) => {
      const id = world.insert(0, 'accounts', { name: 'Acme', industry: 'Retail', region: 'EMEA' })!;
      world.settle();

      // Two devices rename without having seen each other's edit.
      world.update(0, 'accounts', id, { name: 'Acme A' });
      world.now += 1000;
      world.update(1, 'accounts', id, { name: 'Acme B' });
      // Three devices change the industry concurrently.
      world.update(0, 'accounts', id, { industry: '制造业' });
      world.update(1, 'accounts', id, { industry: 'Banking' });
      world.update(2, 'accounts', id, { industry: 'Energy' });
      // Sequential: device 1 sees device 0's region before changing it again.
      world.update(0, 'accounts', id, { region: 'APAC' });
      world.sync(0);
      world.tool.deliverAll();
      world.sync(1);
      world.update(1, 'accounts', id, { region: '华东' });
      world.check(world.settle());

      const byClock = (field: string) =>
        world.model
          .writesOf('accounts', id, field)
          .filter((w) => !w.creation)
          .sort((a, b) => (a.clock < b.clock ? -1 : 1));
      for (let dev = 0; dev < 3; dev++) {
        const conflicts = conflictsOf(world, dev);
        const [nameLoser, nameWinner] = byClock('name');
        expect(valueOf(world, dev, id, 'name')).toBe(nameWinner!.value);
        expect(conflicts.filter((c) => c.field === 'name')).toEqual([
          { tbl: 'accounts', row: id, field: 'name', clock: nameLoser!.clock, value: nameLoser!.value },
        ]);
        const industry = byClock('industry');
        expect(valueOf(world, dev, id, 'industry')).toBe(industry.at(-1)!.value);
        expect(
          conflicts
            .filter((c) => c.field === 'industry')
            .map((c) => c.value)
            .sort(),
        ).toEqual(
          industry
            .slice(0, -1)
            .map((w) => w.value)
            .sort(),
        );
        expect(conflicts.filter((c) => c.field === 'region')).toEqual([]);
        expect(valueOf(world, dev, id, 'region')).toBe('"华东"');
      }

      // The user keeps the losing name on device 2: every device drops the conflict.
      const loser = conflictsOf(world, 2).find((c) => c.field === 'name')!;
      expect(world.resolve(2, 'accounts', id, 'name', 1)).toBe(true);
      world.check(world.settle());
      for (let dev = 0; dev < 3; dev++) {
        expect(conflictsOf(world, dev).filter((c) => c.field === 'name')).toEqual([]);
        expect(valueOf(world, dev, id, 'name')).toBe(loser.value);
      }
    });
  });
});

describe('sync convergence: clocks and identities', () => {
  it('a laptop offline for three weeks with its clock three weeks behind does not overwrite newer edits by syncing last', () => {
    inWorld({ devices: 3, offsets: [0, 0, -21 * DAY] }, (world) => {
      const id = world.insert(0, 'accounts', { name: 'Acme', industry: 'Retail' })!;
      world.settle(); // the laptop reads the share once, then leaves

      world.now += 2 * 60_000;
      world.update(2, 'accounts', id, { name: 'Acme (old laptop)', region: '华东' });
      world.now += 21 * DAY;
      world.update(0, 'accounts', id, { name: 'Acme Group' });
      world.update(1, 'accounts', id, { industry: 'Manufacturing' });
      for (const dev of [0, 1, 0]) {
        world.sync(dev);
        world.tool.deliverAll();
      }
      world.check(world.settle()); // the laptop syncs last

      for (let dev = 0; dev < 3; dev++) {
        expect(valueOf(world, dev, id, 'name')).toBe('"Acme Group"'); // newer edit kept
        expect(valueOf(world, dev, id, 'region')).toBe('"华东"'); // its own non-conflicting edit applied
        expect(valueOf(world, dev, id, 'industry')).toBe('"Manufacturing"');
        expect(conflictsOf(world, dev).map((c) => [c.field, c.value])).toEqual([['name', '"Acme (old laptop)"']]); // only the concurrent edit
      }

      // Having read, its clock has caught up: its next edit is newer than what it read, whatever its wall clock says.
      world.update(2, 'accounts', id, { industry: 'Logistics' });
      const laptop = lastClock(world, id, 'industry');
      expect(wallOf(laptop)).toBeGreaterThanOrEqual(wallOf(world.model.writesOf('accounts', id, 'industry').at(-2)!.clock));
      expect(wallOf(laptop)).toBeGreaterThan(world.devices[2]!.now() + 20 * DAY);
      world.check(world.settle());
      for (let dev = 0; dev < 3; dev++) {
        expect(valueOf(world, dev, id, 'industry')).toBe('"Logistics"');
        expect(conflictsOf(world, dev).filter((c) => c.field === 'industry')).toEqual([]);
      }
    });
  });

  it('a cloned laptop (a copied data folder) and its original both writing: one takes a new id and nothing is lost', () => {
    inWorld({ devices: 2 }, (world) => {
      const id = world.insert(0, 'accounts', { name: 'Acme', industry: 'Retail' })!;
      world.settle();
      world.update(0, 'accounts', id, { region: 'EMEA' }); // unpublished when the disk is copied
      const clone = world.addDevice({ cloneOf: 0 }).index;
      expect(world.devices[clone]!.deviceId).toBe(world.devices[0]!.deviceId);

      world.now += 1000;
      world.update(0, 'accounts', id, { name: 'Acme (original)' });
      world.insert(0, 'accounts', { name: '原机的新客户' });
      world.now += 1000;
      world.update(clone, 'accounts', id, { name: 'Acme (clone)', industry: '零售' });
      world.insert(clone, 'accounts', { name: '克隆机的新客户' });
      world.sync(0);
      world.sync(clone);
      world.check(world.settle());

      expect(world.rotations.length).toBeGreaterThanOrEqual(1);
      expect(world.devices[0]!.deviceId).not.toBe(world.devices[clone]!.deviceId);
      expect(world.rowIds(1, 'accounts')).toHaveLength(3);
      for (let dev = 0; dev < 3; dev++) {
        expect(valueOf(world, dev, id, 'name')).toBe('"Acme (clone)"');
        expect(conflictsOf(world, dev).map((c) => [c.field, c.value])).toEqual([['name', '"Acme (original)"']]);
        expect(valueOf(world, dev, id, 'region')).toBe('"EMEA"');
      }
    });
  });
});

// Minimal cases for engine bugs the property found: each failed on the engine before its fix.
describe('sync convergence: found by the property', () => {
  it('a device that started from a snapshot does not start from it again on every round', () => {
    const policy = { retireAfterDays: 30, snapshotEverySegments: 1, gcGraceMs: 3_600_000 };
    inWorld({ devices: 3, policy }, (world) => {
      world.insert(0, 'accounts', { name: 'Acme' });
      expect(round(world, 0).snapshotWritten).toMatch(/^snap-/);
      world.tool.deliverAll();
      expect(round(world, 1).bootstrapped).toBe(true);
      world.tool.deliverAll();
      // Device 1 never published: its own folder holds only ack.json, which must not read as "segments collected".
      expect(round(world, 1).bootstrapped).toBeFalsy();
      expect(round(world, 2).bootstrapped).toBe(true);
      world.tool.deliverAll();
      // Nor device 2's folder, seen from device 0 (which never bootstrapped).
      expect(round(world, 0).bootstrapped).toBeFalsy();
      expect(round(world, 1).bootstrapped).toBeFalsy();
    });
  });

  it('a device that started from a snapshot never reads its own later segments back (a field written twice in one would turn the first value into a false conflict)', () => {
    const policy = { retireAfterDays: 30, snapshotEverySegments: 1, gcGraceMs: 3_600_000 };
    inWorld({ devices: 2, policy }, (world) => {
      world.insert(1, 'accounts', { name: '本机先发布的客户' });
      round(world, 1); // device 1 publishes before it has read anything
      world.tool.deliverAll();
      const id = world.insert(0, 'accounts', { name: 'Acme' })!;
      expect(round(world, 0).snapshotWritten).toMatch(/^snap-/); // covers both devices
      world.tool.deliverAll();
      expect(round(world, 1).bootstrapped).toBe(true);
      world.update(1, 'accounts', id, { name: 'Acme Ltd' });
      world.update(1, 'accounts', id, { name: 'Acme Corp' });
      expect(round(world, 1).published).toBe(2); // both edits in one segment
      world.tool.deliverAll();
      expect(round(world, 1).segmentsApplied).toBe(0);
      expect(conflictsOf(world, 1)).toEqual([]);
      world.check(world.settle());
      expect(valueOf(world, 0, id, 'name')).toBe('"Acme Corp"');
    });
  });

  it('a record restored from the bin on one laptop is not resurrected as an empty shell where the tombstone was purged', () => {
    const policy = { retireAfterDays: 30, snapshotEverySegments: 500, gcGraceMs: 3_600_000 };
    inWorld({ devices: 3, policy }, (world) => {
      const id = world.insert(0, 'accounts', { name: 'Acme', industry: 'Retail' })!;
      world.settle();
      world.update(0, 'accounts', id, { deleted_at: new Date(world.now).toISOString() });
      world.settle(); // every device has applied (and acknowledged) the deletion
      world.now += 2 * DAY;
      world.update(2, 'accounts', id, { deleted_at: null }); // restored before this laptop's next round
      world.sync(0); // past retention: device 0 purges the row
      world.settle();

      const exports = world.devices.map((_, dev) =>
        world.rowIds(dev, 'accounts').map((row) => [row, valueOf(world, dev, row, 'name'), valueOf(world, dev, row, 'deleted_at')]),
      );
      expect(exports[1]).toEqual(exports[0]);
      expect(exports[2]).toEqual(exports[0]);
      // Either the purge wins everywhere, or the restored record comes back whole — never a shell with defaults.
      for (const [, name] of exports[0]!) expect(name).toBe('"Acme"');
    });
  });

  it('a device that knows no other does not collect its segments, so a laptop it has not heard of yet still catches up', () => {
    const policy = { retireAfterDays: 30, snapshotEverySegments: 2, gcGraceMs: 0 };
    inWorld({ devices: 2, policy }, (world) => {
      world.insert(1, 'accounts', { name: 'B 的客户' });
      world.sync(1); // device 1 has published (so its own folder is not mistaken for a collected one)
      const id = world.insert(0, 'accounts', { name: 'v1' })!;
      world.sync(0);
      const [a1] = segmentsOf(world, 0);
      world.tool.deliver(1, a1!, 'full');
      world.sync(1); // device 1 applied A1; its ack has not reached device 0 yet
      world.update(0, 'accounts', id, { name: 'v2' });
      expect(round(world, 0).snapshotWritten).toMatch(/^snap-/); // A2, and a snapshot covering A1..A2
      // Device 0 knows no other device (device 1's folder has not reached it): it keeps A1 and A2.
      expect(round(world, 0).segmentsCollected ?? 0).toBe(0);
      world.check(world.settle()); // device 1 must end with v2, not stay at v1
    });
  });

  it("a device that has only published does not start over from another device's snapshot and drop its own collected records", () => {
    const policy = { retireAfterDays: 30, snapshotEverySegments: 1, gcGraceMs: 0 };
    inWorld({ devices: 2, policy }, (world) => {
      const mine = world.insert(0, 'accounts', { name: '只在本机发布过的客户' })!;
      world.insert(1, 'accounts', { name: 'B1' });
      world.sync(1);
      world.insert(1, 'accounts', { name: 'B2' });
      world.sync(1); // device 1: two segments and a snapshot covering both
      world.sync(0); // device 0: A1 and its own snapshot covering it
      expect(round(world, 0).segmentsCollected ?? 0).toBe(0); // alone as far as it knows: it keeps A1
      world.tool.deliverAll();
      world.sync(0); // device 0 has never read anything, sees device 1's bigger snapshot…
      expect(world.rowIds(0, 'accounts')).toContain(mine); // …and must not lose what only its own snapshot still holds
      world.check(world.settle());
    });
  });

  it('a snapshot quarantined while half-delivered leaves the quarantine once it is complete', () => {
    const policy = { retireAfterDays: 30, snapshotEverySegments: 2, gcGraceMs: 3_600_000 };
    inWorld({ devices: 2, policy }, (world) => {
      world.insert(1, 'accounts', { name: 'B 的客户' });
      world.sync(1);
      world.insert(0, 'accounts', { name: 'Acme' });
      world.sync(0);
      world.insert(0, 'accounts', { name: '腾讯' });
      expect(round(world, 0).snapshotWritten).toMatch(/^snap-/);
      const snapshot = [...world.tool.latest.keys()].find((p) => p.startsWith('snapshots/'))!;
      for (const seg of segmentsOf(world, 0)) world.tool.deliver(1, seg, 'full');
      world.tool.deliver(1, snapshot, 'partial', 0.5);
      // A device that has read nothing yet looks for a snapshot first: this one is not readable yet.
      expect(round(world, 1)).toMatchObject({ segmentsApplied: 2, quarantined: 1 });
      world.check(world.settle()); // delivered whole: nothing may stay quarantined
    });
  });

  it("a half-delivered share format file is not replaced by this app's own (which would lower the minimum app version)", () => {
    inWorld({ devices: 1 }, (world) => {
      const file = join(world.devices[0]!.replica, 'rapport-share.json');
      const newer = JSON.stringify({ format: 'rapport-share', version: 1, minAppVersion: '0.2.0' }, null, 2) + '\n';
      writeFileSync(file, newer.slice(0, 30)); // the folder tool is still writing it
      world.insert(0, 'accounts', { name: 'Acme' });
      const summary = round(world, 0);
      expect(readFileSync(file, 'utf8')).not.toContain('"minAppVersion": "0.1.0"');
      expect(summary.published).toBe(0); // unknown minimum: this 0.1.0 app must not write yet
      writeFileSync(file, newer);
      expect(round(world, 0)).toMatchObject({ readOnly: true, published: 0, pendingLocal: 1 });
    });
  });

  it('a conflicted copy of an old segment, read while the original is missing, does not bring back a replaced value', () => {
    inWorld({ devices: 2 }, (world) => {
      const id = world.insert(0, 'accounts', { name: 'Acme' })!;
      world.sync(0);
      world.tool.deliverAll();
      world.sync(1);
      const [seg1] = segmentsOf(world, 0);
      world.update(0, 'accounts', id, { name: 'Acme Corp' });
      world.sync(0);
      world.tool.deliverAll();
      world.sync(1);
      // Dropbox on a conflict: the local file is renamed to the conflicted copy; the original comes back later.
      world.tool.copy(1, seg1!, 0);
      world.tool.hide(1, seg1!);
      world.sync(1);
      expect(conflictsOf(world, 1)).toEqual([]);
      world.check(world.settle());
    });
  });
});

describe('sync convergence: found by the soak', () => {
  it("two folder tools' copies of one segment, read in the same round, are applied once (a field written twice in it keeps no false conflict)", () => {
    inWorld({ devices: 2 }, (world) => {
      const id = world.insert(0, 'accounts', { name: 'Acme' })!;
      world.sync(0);
      world.tool.deliverAll();
      world.sync(1);
      world.update(0, 'accounts', id, { name: 'Acme Ltd' });
      world.update(0, 'accounts', id, { name: 'Acme Corp' });
      world.sync(0);
      const seg = segmentsOf(world, 0).at(-1)!;
      world.tool.deliver(1, seg, 'full');
      // Dropbox's and Syncthing's conflicted copies of it, and the original missing for a while.
      world.tool.copy(1, seg, 0);
      world.tool.copy(1, seg, 2);
      world.tool.hide(1, seg);
      expect(round(world, 1).segmentsApplied).toBe(1);
      expect(conflictsOf(world, 1)).toEqual([]);
      expect(valueOf(world, 1, id, 'name')).toBe('"Acme Corp"');
      world.check(world.settle());
    });
  });
});

describe('sync convergence: emptying the bin', () => {
  const purgedIds = (world: SimWorld, dev: number) =>
    (world.devices[dev]!.sqlite.prepare("SELECT row_id AS id FROM sync_purged WHERE tbl = 'accounts' ORDER BY row_id").all() as { id: string }[]).map(
      (r) => r.id,
    );
  const orphansOf = (world: SimWorld, dev: number) =>
    world.devices[dev]!.sqlite.prepare('SELECT tbl, row_id AS row, field, value FROM sync_orphans ORDER BY tbl, row_id, field').all() as {
      tbl: string;
      row: string;
      field: string;
      value: string;
    }[];

  it('a record in the bin past the retention period is purged on every device once every active one has acknowledged it', () => {
    const policy = { retireAfterDays: 60, snapshotEverySegments: 500, gcGraceMs: 3_600_000 };
    inWorld({ devices: 3, policy }, (world) => {
      const binned = world.insert(0, 'accounts', { name: '旧客户' })!;
      const kept = world.insert(0, 'accounts', { name: 'Acme' })!;
      const young = world.insert(1, 'accounts', { name: '新客户' })!;
      world.settle();
      world.update(1, 'accounts', binned, { deleted_at: new Date(world.now).toISOString() });
      world.settle();
      world.now += 20 * DAY;
      world.update(2, 'accounts', young, { deleted_at: new Date(world.now).toISOString() });
      world.settle();
      expect(purgedIds(world, 0)).toEqual([]); // 20 days: still restorable

      world.now += 12 * DAY;
      // Device 2 stays away: it has not acknowledged that it is past the expiry, so nobody purges yet.
      for (let i = 0; i < 3; i++) for (const dev of [0, 1]) round(world, dev);
      world.tool.deliverAll();
      for (const dev of [0, 1]) round(world, dev);
      expect(world.rowIds(0, 'accounts')).toContain(binned);

      const summaries = world.settle();
      world.check(summaries);
      for (let dev = 0; dev < 3; dev++) {
        expect(world.rowIds(dev, 'accounts')).toEqual([kept, young].sort());
        expect(purgedIds(world, dev)).toEqual([binned]);
      }
      // Past its expiry nothing can be written to a binned record any more.
      world.now += 20 * DAY;
      expect(() => world.devices[0]!.log.update('accounts', young, { deleted_at: null })).toThrow(BinExpiredError);
    });
  });

  it('a record that something outside the bin still names stays in the bin', () => {
    const policy = { retireAfterDays: 60, snapshotEverySegments: 500, gcGraceMs: 3_600_000 };
    inWorld({ devices: 2, policy }, (world) => {
      const account = world.insert(0, 'accounts', { name: '母公司' })!;
      world.insert(0, 'people', { account_id: account, name: '张伟' });
      world.update(0, 'accounts', account, { deleted_at: new Date(world.now).toISOString() });
      world.settle();
      world.now += 40 * DAY;
      world.check(world.settle());
      expect(world.rowIds(1, 'accounts')).toEqual([account]);
      expect(purgedIds(world, 1)).toEqual([]);
    });
  });

  it('a change from a laptop that was away while the record was purged is kept aside, and no empty shell comes back', () => {
    const policy = { retireAfterDays: 2, snapshotEverySegments: 500, gcGraceMs: 3_600_000 };
    inWorld({ devices: 3, policy }, (world) => {
      const id = world.insert(0, 'accounts', { name: 'Acme', industry: 'Retail' })!;
      world.settle();
      world.update(0, 'accounts', id, { deleted_at: new Date(world.now).toISOString() });
      // Device 2 goes to a client site for two months before this reaches it.
      for (const dev of [0, 1]) round(world, dev);
      world.now += 35 * DAY;
      for (let i = 0; i < 4; i++) {
        for (const dev of [0, 1]) round(world, dev);
        for (const path of [...world.tool.latest.keys()].filter((p) => !p.includes(world.devices[2]!.deviceId))) world.tool.deliver(1, path, 'full');
        for (const path of [...world.tool.latest.keys()].filter((p) => !p.includes(world.devices[2]!.deviceId))) world.tool.deliver(0, path, 'full');
      }
      expect(world.rowIds(0, 'accounts')).toEqual([]); // device 2 was retired for silence: the purge went ahead
      // Back online, it edits the record it still shows as live, then syncs.
      world.update(2, 'accounts', id, { industry: '零售' });
      world.check(world.settle());
      for (let dev = 0; dev < 3; dev++) {
        expect(world.rowIds(dev, 'accounts')).toEqual([]);
        expect(purgedIds(world, dev)).toEqual([id]);
      }
      // Nothing lost: the away laptop's edit is kept aside everywhere, its own laptop included (there
      // the purge met the edit on the record, newer than anything the purging laptop had seen).
      for (let dev = 0; dev < 3; dev++) expect(orphansOf(world, dev)).toEqual([{ tbl: 'accounts', row: id, field: 'industry', value: '"零售"' }]);
    });
  });
});

describe('sync convergence: the property', () => {
  // Few commands per case keep `npm test` fast (about 0.07 s of CPU a case); tests/soak/sync-soak.ts
  // runs thousands of longer cases from fresh seeds. Here the seed is fixed, so CI checks the same
  // 200 offices every run and a red run is always reproducible; SYNC_PROPERTY_SEED picks others,
  // SYNC_PROPERTY_RUNS more of them.
  const runs = Number(process.env.SYNC_PROPERTY_RUNS ?? 200);
  const seed = Number(process.env.SYNC_PROPERTY_SEED ?? 20261124);
  // The faults include cut-short copies of applied segments, segments damaged on the share, a lost
  // format file, clones and purges of records with history rows; after the last rounds nothing may
  // wait, be quarantined or read-only, and `rapport check` finds nothing to warn about.
  it(`${runs} random offices converge: identical exports, no acknowledged write lost, one conflict record per losing concurrent value, nothing stuck and check clean`, () => {
    fc.assert(
      fc.property(scenarioArb({ minDevices: 3, maxDevices: 8, maxCommands: 18 }), (scenario) => {
        runScenario(scenario);
      }),
      {
        numRuns: runs,
        seed,
        // Shrinking a failure re-runs whole offices: bounded, so a failing run still ends in time.
        plugins: [fc.interruptAfterTimeLimit(150_000)],
      },
    );
  }, 300_000);
});
