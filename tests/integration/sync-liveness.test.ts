/**
 * Never stuck in silence (brief SYNC.md point 15, issue 9): the ways a device could stop making
 * progress without a word, each reproduced with the simulated office of tests/helpers/sync-sim.ts
 * (real stores, real engine, a real folder per device), and the engine healing what can be healed.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationsDir } from '../../electron/host/paths';
import { openStore, type Store } from '../../electron/store/open';
import { ChangeLog } from '../../electron/sync/changes';
import { SyncEngine, type SyncSummary } from '../../electron/sync/engine';
import { checkShare } from '../../electron/sync/check';
import { FORMAT_FILE, Share } from '../../electron/sync/share';
import { DAY, MINUTE, conflictCopyName, inWorld, segmentsOf, type SimWorld } from '../helpers/sync-sim';
import { tempDir } from '../helpers/temp';

/** A round that must complete (no kill is armed). */
function round(world: SimWorld, dev: number): SyncSummary {
  const summary = world.sync(dev);
  if (summary === 'crashed') throw new Error('unexpected crash');
  return summary;
}

const problemsOf = (world: SimWorld, dev: number) => checkShare(new Share(world.devices[dev]!.replica)).findings.filter((f) => f.level !== 'info');

const orphansOf = (world: SimWorld, dev: number) => world.devices[dev]!.sqlite.prepare('SELECT tbl, row_id, field FROM sync_orphans').all();

describe('sync liveness: a copy of something already applied never blocks anything', () => {
  it('a cut-short conflicted copy of an applied segment is removed, and the device goes on to the next segments', () => {
    inWorld({ devices: 2 }, (world) => {
      const id = world.insert(0, 'accounts', { name: '宁德时代' })!;
      round(world, 0);
      world.tool.deliverAll();
      expect(round(world, 1).segmentsApplied).toBe(1);
      const [seg1] = segmentsOf(world, 0);
      // Dropbox stopped half-way through a duplicate of the segment device 1 has applied.
      world.tool.copy(1, seg1!, 0, 0.4);
      world.update(0, 'accounts', id, { name: '宁德时代新能源' });
      round(world, 0);
      world.tool.deliverAll();

      const summary = round(world, 1);
      expect(summary).toMatchObject({ segmentsApplied: 1, waiting: 0, quarantined: 0, stuck: [] });
      expect(world.rowIds(1, 'accounts')).toEqual([id]);
      const dir = join(world.devices[1]!.replica, 'devices', world.devices[0]!.deviceId);
      expect(existsSync(join(dir, conflictCopyName(seg1!.split('/').pop()!, 0)))).toBe(false);
      expect(problemsOf(world, 1)).toEqual([]);
      world.check(world.settle());
    });
  });

  it('a cut-short copy listed next to its not-yet-applied original waits for nothing: the original is applied', () => {
    inWorld({ devices: 2 }, (world) => {
      world.insert(0, 'accounts', { name: 'Acme' });
      round(world, 0);
      const [seg1] = segmentsOf(world, 0);
      world.tool.deliver(1, seg1!, 'full');
      world.tool.copy(1, seg1!, 1, 0.5);
      expect(round(world, 1)).toMatchObject({ segmentsApplied: 1, waiting: 0, quarantined: 0 });
      round(world, 1);
      expect(readdirSync(join(world.devices[1]!.replica, 'devices', world.devices[0]!.deviceId))).toEqual([seg1!.split('/').pop()]);
      world.check(world.settle());
    });
  });
});

describe('sync liveness: the share format file', () => {
  it('a lost format file is written again, exactly as it was, by a device that read it before, and nobody stays read-only', () => {
    inWorld({ devices: 2 }, (world) => {
      const id = world.insert(0, 'accounts', { name: 'Acme' })!;
      world.settle();
      const original = world.tool.latest.get(FORMAT_FILE)!.bytes;
      world.tool.lose(FORMAT_FILE); // deleted by hand, or the share restored from an old backup
      world.update(1, 'accounts', id, { name: 'Acme Ltd' });

      const summary = round(world, 1);
      expect(summary).toMatchObject({ readOnly: false, formatRecreated: true, published: 1, stuck: [] });
      expect(world.tool.latest.get(FORMAT_FILE)!.bytes.equals(original)).toBe(true);
      world.check(world.settle());
    });
  });

  it('a new laptop that never read the format file recreates it from the format the other devices acknowledged', () => {
    inWorld({ devices: 1, offsets: [0, 0] }, (world) => {
      world.insert(0, 'accounts', { name: 'Acme' });
      world.settle();
      const original = world.tool.latest.get(FORMAT_FILE)!.bytes;
      world.tool.lose(FORMAT_FILE);
      world.addDevice();
      world.tool.deliverAll(); // everything but the (lost) format file reaches the new laptop
      const summary = round(world, 1);
      expect(summary).toMatchObject({ readOnly: false, formatRecreated: true, segmentsApplied: 1, stuck: [] });
      expect(world.rowIds(1, 'accounts')).toHaveLength(1);
      world.tool.scan(1);
      expect(world.tool.latest.get(FORMAT_FILE)!.bytes.equals(original)).toBe(true);
      world.check(world.settle());
    });
  });

  it('a new laptop that sees only other devices’ segments waits read-only, says so at once, and goes on once their acks arrive', () => {
    inWorld({ devices: 1, offsets: [0, 0] }, (world) => {
      world.insert(0, 'accounts', { name: 'Acme' });
      round(world, 0);
      world.addDevice();
      for (const path of segmentsOf(world, 0)) world.tool.deliver(1, path, 'full'); // no format file, no ack yet
      const waiting = round(world, 1);
      expect(waiting.readOnly).toBe(true);
      expect(waiting.stuck).toEqual([{ code: 'format_not_delivered', since: expect.any(String), params: { file: FORMAT_FILE, pending: 0 } }]);
      expect(world.tool.latest.get(FORMAT_FILE)).toBeDefined(); // device 0's: still on its way
      world.tool.deliverAll();
      expect(round(world, 1)).toMatchObject({ readOnly: false, stuck: [] });
      world.check(world.settle());
    });
  });
});

describe('sync liveness: emptying the bin', () => {
  it('the parts of a purged record (a person’s history) go with it: nothing is kept aside for them', () => {
    const policy = { retireAfterDays: 60, snapshotEverySegments: 500, gcGraceMs: MINUTE };
    inWorld({ devices: 3, policy }, (world) => {
      const account = world.insert(0, 'accounts', { name: 'Acme' })!;
      const person = world.insert(0, 'people', { account_id: account, name: '张伟' })!;
      for (let i = 0; i < 4; i++) world.insert(1, 'person_changes', { person_id: person, account_id: account, field: 'title', value: `"v${i}"` });
      world.settle();
      world.update(2, 'people', person, { deleted_at: new Date(world.now).toISOString() });
      world.settle();
      world.now += 35 * DAY;
      world.check(world.settle());
      for (let dev = 0; dev < 3; dev++) {
        expect(world.rowIds(dev, 'people')).toEqual([]);
        expect(world.rowIds(dev, 'person_changes')).toEqual([]);
        expect(orphansOf(world, dev)).toEqual([]);
      }
    });
  });

  it('a person restored by a laptop that was away keeps its history aside with it, not lost', () => {
    const policy = { retireAfterDays: 2, snapshotEverySegments: 500, gcGraceMs: MINUTE };
    inWorld({ devices: 3, policy }, (world) => {
      const account = world.insert(0, 'accounts', { name: 'Acme' })!;
      const person = world.insert(0, 'people', { account_id: account, name: '张伟' })!;
      const change = world.insert(0, 'person_changes', { person_id: person, account_id: account, field: 'title', value: '"总监"' })!;
      world.settle();
      world.update(0, 'people', person, { deleted_at: new Date(world.now).toISOString() });
      for (const dev of [0, 1]) round(world, dev);
      world.tool.deliverAll();
      // Device 2 got the tombstone but then went away; it restores the person before the purge reaches it.
      round(world, 2);
      world.update(2, 'people', person, { deleted_at: null });
      world.now += 35 * DAY;
      for (let i = 0; i < 4; i++) {
        for (const dev of [0, 1]) round(world, dev);
        for (const dev of [0, 1])
          for (const path of world.tool.pending(dev).filter((p) => !p.includes(world.devices[2]!.deviceId))) world.tool.deliver(dev, path, 'full');
      }
      expect(world.rowIds(0, 'people')).toEqual([]);
      world.check(world.settle());
      const kept = orphansOf(world, 2) as { tbl: string; row_id: string }[];
      expect(kept.some((o) => o.tbl === 'people' && o.row_id === person)).toBe(true);
      expect(kept.some((o) => o.tbl === 'person_changes' && o.row_id === change)).toBe(true);
    });
  });
});

describe('sync liveness: healing what can be healed', () => {
  it('a segment cut short on the share itself is published again by its writer, and the reader goes on', () => {
    inWorld({ devices: 2 }, (world) => {
      const id = world.insert(0, 'accounts', { name: 'v1' })!;
      round(world, 0);
      world.update(0, 'accounts', id, { name: 'v2' });
      round(world, 0);
      const [seg1] = segmentsOf(world, 0);
      world.tool.damage(seg1!, 0.5); // on the share: every copy, the writer's too
      world.tool.deliverAll();

      expect(round(world, 1)).toMatchObject({ segmentsApplied: 0, quarantined: 1, waiting: 2, acknowledged: true });
      world.tool.deliverAll(); // device 1's ack names the damaged file
      expect(round(world, 0)).toMatchObject({ republished: 1 });
      world.tool.deliverAll();
      expect(round(world, 1)).toMatchObject({ segmentsApplied: 2, quarantined: 0, waiting: 0 });
      expect(world.rowIds(1, 'accounts')).toEqual([id]);
      expect(problemsOf(world, 1)).toEqual([]);
      world.check(world.settle());
    });
  });

  it('the old id of a cloned laptop stops holding back the bin as soon as both copies hold what it acknowledged', () => {
    const policy = { retireAfterDays: 60, snapshotEverySegments: 500, gcGraceMs: MINUTE };
    inWorld({ devices: 2, offsets: [0, 0, 0], policy }, (world) => {
      const binned = world.insert(0, 'accounts', { name: '旧客户' })!;
      world.insert(1, 'accounts', { name: 'Acme' });
      world.settle();
      const old = world.devices[1]!.deviceId;
      world.addDevice({ cloneOf: 1 }); // device 1's disk copied to a new laptop
      world.insert(1, 'accounts', { name: 'from the original' });
      world.insert(2, 'accounts', { name: 'from the clone' });
      world.update(0, 'accounts', binned, { deleted_at: new Date(world.now).toISOString() });
      world.settle();
      expect(new Set(world.rotations.map((r) => r.from))).toEqual(new Set([old]));
      expect(world.rotations.map((r) => r.device).sort()).toEqual([1, 2]);
      for (let dev = 0; dev < 3; dev++) {
        expect(world.devices[dev]!.sqlite.prepare('SELECT retired FROM sync_peers WHERE device = ?').get(old)).toEqual({ retired: 1 });
      }
      // 35 days on, the old id's last ack is well inside the 60-day retirement window: without
      // the successors it would hold the purge back.
      world.now += 35 * DAY;
      world.check(world.settle());
      for (let dev = 0; dev < 3; dev++) expect(world.rowIds(dev, 'accounts')).not.toContain(binned);
    });
  });
});

describe('sync liveness: stuck is visible', () => {
  it('a segment missing for longer than a round is reported with the device and number, from the second round', () => {
    inWorld({ devices: 2 }, (world) => {
      world.insert(0, 'accounts', { name: 'a' });
      round(world, 0);
      world.insert(0, 'accounts', { name: 'b' });
      round(world, 0);
      const [, seg2] = segmentsOf(world, 0);
      world.tool.deliver(1, FORMAT_FILE, 'full');
      world.tool.deliver(1, seg2!, 'full');
      expect(round(world, 1)).toMatchObject({ waiting: 1, stuck: [] });
      world.now += 5 * MINUTE;
      const second = round(world, 1);
      expect(second.stuck).toEqual([
        {
          code: 'waiting_missing',
          since: new Date(world.now - 5 * MINUTE).toISOString(),
          params: { device: world.devices[0]!.deviceId.slice(0, 8), seq: 1 },
        },
      ]);
      world.tool.deliverAll();
      expect(round(world, 1)).toMatchObject({ segmentsApplied: 2, stuck: [] });
    });
  });

  it('a format file that asks for a newer app is reported as read-only with both versions and the changes kept', () => {
    inWorld({ devices: 1 }, (world) => {
      round(world, 0);
      writeFileSync(join(world.devices[0]!.replica, FORMAT_FILE), JSON.stringify({ format: 'rapport-share', version: 1, minAppVersion: '9.0.0' }));
      world.insert(0, 'accounts', { name: 'Acme' });
      const summary = round(world, 0);
      expect(summary.readOnly).toBe(true);
      expect(summary.stuck).toEqual([
        { code: 'read_only_app', since: expect.any(String), params: { appVersion: '0.1.0', minAppVersion: '9.0.0', pending: 1 } },
      ]);
    });
  });
});

describe('sync liveness: a segment that goes between listing and reading', () => {
  it('is not taken for a damaged file: nothing quarantined, the device waits, and reads it once it is there again', () => {
    const root = tempDir('rapport-gone-');
    const share = new Share(join(root, 'share'));
    const a = openStore({ dataDir: join(root, 'a'), migrationsDir });
    const b = openStore({ dataDir: join(root, 'b'), migrationsDir });
    const engine = (store: Store, on: Share) => new SyncEngine(store.sqlite, on, { appVersion: '0.1.0', schemaVersion: store.schemaVersion });
    new ChangeLog(a.sqlite).insert('accounts', { name: 'ACME' });
    expect(engine(a, share).round().published).toBeGreaterThan(0);
    const [segment] = readdirSync(share.deviceDir(a.deviceId)).filter((n) => n.endsWith('.rseg'));
    const path = join(share.deviceDir(a.deviceId), segment!);
    const bytes = readFileSync(path);
    // Listed, then moved away before it is read (its writer collecting it, a folder tool moving it).
    class Moving extends Share {
      override read(...parts: string[]): Buffer {
        if (parts.at(-1) === segment) rmSync(path, { force: true });
        return super.read(...parts);
      }
    }
    const first = engine(b, new Moving(share.root)).round();
    expect(first).toMatchObject({ quarantined: 0, segmentsApplied: 0 });
    expect(b.sqlite.prepare('SELECT count(*) AS n FROM sync_quarantine').get()).toEqual({ n: 0 });
    writeFileSync(path, bytes);
    expect(engine(b, share).round()).toMatchObject({ quarantined: 0, segmentsApplied: 1, waiting: 0 });
    expect(b.sqlite.prepare('SELECT name FROM accounts').all()).toEqual([{ name: 'ACME' }]);
    a.close();
    b.close();
  });
});
