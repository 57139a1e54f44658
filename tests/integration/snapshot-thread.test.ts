/**
 * A bootstrapping round reads its snapshot on a thread of its own (electron/sync/snapshot-runs.ts,
 * threadedRuns; the thread is snapshot-thread.ts, started here from the sources through
 * tests/helpers/snapshot-thread.mjs): the same runs as reading it on the round's thread, the same
 * errors for a damaged file, on a plain and on an encrypted share. And the snapshot's header
 * carries its writer's clock, which a new laptop's clock moves past.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { migrationsDir } from '../../electron/host/paths';
import { openStore, settleWal, type Store } from '../../electron/store/open';
import { ChangeLog, readClockState } from '../../electron/sync/changes';
import { SyncEngine } from '../../electron/sync/engine';
import { decodeClock, encodeClock } from '../../electron/sync/hlc';
import { ACK_FILE, SNAPSHOTS_DIR, Share } from '../../electron/sync/share';
import { readSnapshot } from '../../electron/sync/snapshot';
import { bodyRuns, threadedRuns } from '../../electron/sync/snapshot-runs';
import { badFileReason } from '../helpers/sync-sim';
import { tempDir } from '../helpers/temp';
import { enrol } from '../helpers/workspace';

const THREAD = fileURLToPath(new URL('../helpers/snapshot-thread.mjs', import.meta.url));
const APP = '0.1.0';

/** A store with enough rows that its snapshot is several gzip members (several runs), each row a little different. */
function filledStore(dir: string, rows = 6000): Store {
  const store = openStore({ dataDir: dir, migrationsDir });
  const changes = new ChangeLog(store.sqlite);
  store.sqlite.transaction(() => {
    for (let i = 0; i < rows; i++) changes.insert('accounts', { name: `客户 ${i} ${(i * 7919).toString(36)}`, industry: i % 3 ? '制造' : null });
  })();
  return store;
}

const round = (store: Store, share: Share, snapshotThread?: string) =>
  new SyncEngine(store.sqlite, share, { appVersion: APP, schemaVersion: store.schemaVersion, forceSnapshot: true, snapshotThread }).round();

const concat = (runs: Iterable<Buffer>) => Buffer.concat([...runs]);

describe('a snapshot read on a thread of its own', () => {
  it('gives the runs the round would read itself, and stops with the consumer', () => {
    const root = tempDir('rapport-snapthread-');
    const source = filledStore(join(root, 'a'));
    const share = new Share(join(root, 'share'));
    const name = round(source, share).snapshotWritten!;
    expect(name).toMatch(/^snap-/);
    const said = vi.spyOn(console, 'error');
    const runs = [...threadedRuns(share, name, THREAD)];
    // Read there, not here after a thread that did not start.
    expect(said).not.toHaveBeenCalled();
    said.mockRestore();
    expect(runs.length).toBeGreaterThan(1);
    expect(concat(runs).equals(concat(bodyRuns(share, name)))).toBe(true);
    // A consumer that stops after the first run (a load that failed): the thread is stopped, nothing hangs.
    const partial = threadedRuns(share, name, THREAD);
    expect(partial.next().done).toBe(false);
    expect(partial.return(undefined).done).toBe(true);
    // Without its file (an app built without it), the round reads the snapshot itself.
    expect(concat(threadedRuns(share, name, join(root, 'no-such-thread.cjs'))).equals(concat(runs))).toBe(true);
    source.close();
  });

  it('refuses a damaged file with the reason the round would give', () => {
    const root = tempDir('rapport-snapthread-');
    const source = filledStore(join(root, 'a'));
    const share = new Share(join(root, 'share'));
    const name = round(source, share).snapshotWritten!;
    const path = join(share.root, SNAPSHOTS_DIR, name);
    const whole = readFileSync(path);
    const cases: [string, Buffer][] = [
      ['cut short', whole.subarray(0, Math.floor(whole.length * 0.6))],
      ['one byte changed', Buffer.concat([whole.subarray(0, 2000), Buffer.from([whole[2000]! ^ 0xff]), whole.subarray(2001)])],
    ];
    for (const [, bytes] of cases) {
      writeFileSync(path, bytes);
      // Refused here (badFileReason fails the test if it is not)...
      const here = badFileReason(() => concat(bodyRuns(share, name)));
      // ...and for the same reason on the thread.
      expect(badFileReason(() => concat(threadedRuns(share, name, THREAD)))).toBe(here);
    }
    source.close();
  });

  it('bootstraps a new laptop on an encrypted share, the workspace keys crossing to the thread', () => {
    const root = tempDir('rapport-snapthread-');
    const share = new Share(join(root, 'share'));
    const a = filledStore(join(root, 'a'), 3000);
    const b = openStore({ dataDir: join(root, 'b'), migrationsDir });
    enrol(share, a.sqlite, b.sqlite);
    const written = round(a, share);
    expect(written.snapshotWritten).toMatch(/^snap-/);
    expect(share.isSealed(SNAPSHOTS_DIR, written.snapshotWritten!)).toBe(true);
    const summary = round(b, share, THREAD);
    expect(summary.bootstrapped).toBe(true);
    expect(summary.quarantined).toBe(0);
    const names = (store: Store) => store.sqlite.prepare('SELECT id, name, industry, sync_clocks FROM accounts ORDER BY id').all();
    expect(names(b)).toEqual(names(a));
    // The load was committed without waiting for the disk: nothing acknowledged until a later round.
    expect(summary.acknowledged).toBeFalsy();
    expect(existsSync(join(share.deviceDir(b.deviceId), ACK_FILE))).toBe(false);
    // The round left the copy of its WAL into the store file (and the fsync) to its caller
    // (engine.ts, round), and the connection as it was.
    expect(b.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(b.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const before = statSync(b.file).size;
    settleWal(b.sqlite);
    expect(statSync(b.file).size).toBeGreaterThan(before);
    // Settled: the next round acknowledges what the bootstrap loaded.
    expect(round(b, share).acknowledged).toBe(true);
    expect(existsSync(join(share.deviceDir(b.deviceId), ACK_FILE))).toBe(true);
    a.close();
    b.close();
  });
});

describe('a snapshot that goes while a new laptop reads it', () => {
  it('does not fail the round, read on the thread as on the round’s own', () => {
    for (const thread of [THREAD, undefined]) {
      const root = tempDir('rapport-snapgone-');
      const a = filledStore(join(root, 'a'), 200);
      const plain = new Share(join(root, 'share'));
      const name = round(a, plain).snapshotWritten!;
      const path = join(plain.root, SNAPSHOTS_DIR, name);
      // Its writer collects it just after this laptop chose it (read its header): the load finds it gone.
      class Collecting extends Share {
        opened = 0;
        override open(...parts: string[]) {
          const file = super.open(...parts);
          // Once its header is being read (the file open: that read still gets it).
          if (parts[0] === SNAPSHOTS_DIR && ++this.opened === 1) rmSync(path);
          return file;
        }
      }
      const b = openStore({ dataDir: join(root, 'b'), migrationsDir });
      // Not a failed round, nothing quarantined: it goes on with the segments (a later round would choose another snapshot).
      const first = round(b, new Collecting(plain.root), thread);
      expect(first.bootstrapped).toBeFalsy();
      expect(first.quarantined).toBe(0);
      expect(b.sqlite.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 200 });
      a.close();
      b.close();
    }
  });
});

describe('a snapshot replaced by a newer one while a laptop reads it', () => {
  it('is chosen again in the same round: the laptop starts from the newer one, though the segments it covers are gone', () => {
    for (const gone of ['before its header is read', 'while it loads'] as const)
      for (const thread of [THREAD, undefined]) {
        const root = tempDir('rapport-snapnewer-');
        const a = filledStore(join(root, 'a'), 200);
        const plain = new Share(join(root, 'share'));
        const older = round(a, plain).snapshotWritten!;
        const olderBytes = readFileSync(join(plain.root, SNAPSHOTS_DIR, older));
        const changes = new ChangeLog(a.sqlite);
        a.sqlite.transaction(() => {
          for (let i = 0; i < 50; i++) changes.insert('accounts', { name: `后来的客户 ${i}` });
        })();
        const newer = round(a, plain).snapshotWritten!;
        expect(newer).not.toBe(older);
        const newerPath = join(plain.root, SNAPSHOTS_DIR, newer);
        const newerBytes = readFileSync(newerPath);
        // The share as a laptop lists it just before the writer replaces its snapshot: the older
        // one there, the newer not yet; and the writer has collected the segments they cover.
        rmSync(newerPath);
        writeFileSync(join(plain.root, SNAPSHOTS_DIR, older), olderBytes);
        for (const file of readdirSync(plain.deviceDir(a.deviceId))) if (file.endsWith('.rseg')) rmSync(join(plain.deviceDir(a.deviceId), file));
        class Replacing extends Share {
          opened = 0;
          override open(...parts: string[]) {
            if (parts[0] === SNAPSHOTS_DIR && parts[1] === older) {
              this.opened++;
              const replace = () => {
                writeFileSync(newerPath, newerBytes);
                rmSync(join(plain.root, SNAPSHOTS_DIR, older), { force: true });
              };
              if (gone === 'before its header is read' && this.opened === 1) replace();
              const file = super.open(...parts);
              if (gone === 'while it loads' && this.opened === 1) replace();
              return file;
            }
            return super.open(...parts);
          }
        }
        const b = openStore({ dataDir: join(root, 'b'), migrationsDir });
        const first = round(b, new Replacing(plain.root), thread);
        expect(first.bootstrapped, `${gone}, ${thread ? 'on a thread' : 'here'}`).toBe(true);
        expect(first.quarantined).toBe(0);
        expect(first.waiting).toBe(0);
        expect(b.sqlite.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 250 });
        a.close();
        b.close();
      }
  });
});

describe("a snapshot's clock", () => {
  it('is its writer’s, and a new laptop’s clock moves past it, not only past the newest change it holds', () => {
    const root = tempDir('rapport-snapclock-');
    const share = new Share(join(root, 'share'));
    const a = filledStore(join(root, 'a'), 50);
    // The writer's clock ran ahead of its rows (it read a change from a laptop whose time was ahead, say).
    const ahead = { wall: Date.now() + 3_600_000, counter: 7 };
    a.sqlite.prepare("UPDATE local_meta SET value = ? WHERE key = 'hlc'").run(JSON.stringify(ahead));
    expect(readClockState(a.sqlite)).toEqual(ahead);
    const name = round(a, share).snapshotWritten!;
    const header = readSnapshot(share, name).header;
    expect(header.clock).toBeDefined();
    expect(decodeClock(header.clock!)).toMatchObject({ device: a.deviceId });
    expect(header.clock! >= encodeClock({ ...ahead, device: '' })).toBe(true);
    const b = openStore({ dataDir: join(root, 'b'), migrationsDir });
    expect(round(b, share, THREAD).bootstrapped).toBe(true);
    const state = readClockState(b.sqlite);
    expect(encodeClock({ ...state, device: b.deviceId }) > header.clock!).toBe(true);
    a.close();
    b.close();
  });
});
