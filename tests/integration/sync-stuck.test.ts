/**
 * Stuck is visible (issue 9, brief SYNC.md point 15): every state in which a device cannot make
 * progress, produced on a real share folder with real stores, is reported by the app's status
 * (`sync.status`), by `rapport sync --json` (exit code 3) and in words by `rapport check` (exit 1).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rapportInProcess } from '../helpers/cli';
import { openRuntime, type HostRuntime } from '../../electron/host/runtime';
import { translator } from '../../shared/i18n';
import type { Result } from '../../shared/result';
import { StuckCode, type Stuck, type SyncStatus, type SyncSummary } from '../../shared/sync';
import { tempDir } from '../helpers/temp';
import { Share } from '../../electron/sync/share';
import { createWorkspace } from '../../electron/sync/workspace';

const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
};

const en = translator('en');

const rapport = (...args: string[]) => rapportInProcess(args);

interface Office {
  share: string;
  /** A device that writes through the app's services. */
  device(name: string): Promise<{ rt: HostRuntime; data: string; write(name: string): Promise<void>; sync(): SyncSummary }>;
  segments(device: HostRuntime): string[];
}

function office(): Office {
  const share = join(tempDir(), 'share');
  mkdirSync(share);
  const opened: HostRuntime[] = [];
  return {
    share,
    async device() {
      const data = tempDir();
      const rt = openRuntime(data, 'cli');
      opened.push(rt);
      value(await rt.dispatch('sync.configure', { shareDir: share }));
      return {
        rt,
        data,
        write: async (name: string) => void value(await rt.dispatch('accounts.create', { name })),
        sync: () => rt.sync.runOnce(),
      };
    },
    segments(rt: HostRuntime) {
      const dir = join(share, 'devices', rt.store.deviceId);
      return readdirSync(dir)
        .filter((n) => n.startsWith('seg-'))
        .sort()
        .map((n) => join(dir, n));
    },
  };
}

/** Each state, made real; `b` is the device whose status is looked at. */
const produce: Record<StuckCode, (o: Office) => Promise<{ data: string; rt: HostRuntime; rounds: number }>> = {
  async waiting_missing(o) {
    const a = await o.device('a');
    await a.write('one');
    a.sync();
    await a.write('two');
    a.sync();
    const [seg1] = o.segments(a.rt);
    renameSync(seg1!, join(o.share, '..', 'elsewhere')); // not delivered to this share yet
    return { ...(await o.device('b')), rounds: 2 };
  },
  async waiting_unreadable(o) {
    const a = await o.device('a');
    await a.write('one');
    a.sync();
    const [seg1] = o.segments(a.rt);
    truncateSync(seg1!, Math.floor(statSync(seg1!).size / 2));
    return { ...(await o.device('b')), rounds: 2 };
  },
  async waiting_dependency(o) {
    const a = await o.device('a');
    const c = await o.device('c');
    await a.write('from a');
    a.sync();
    c.sync(); // applies a's first segment, so c's next one depends on it
    await c.write('from c');
    c.sync();
    await a.write('again from a');
    a.sync();
    const [seg1] = o.segments(a.rt);
    renameSync(seg1!, join(o.share, '..', 'elsewhere'));
    return { ...(await o.device('b')), rounds: 2 };
  },
  async quarantined(o) {
    return produce.waiting_unreadable(o);
  },
  async read_only_app(o) {
    const a = await o.device('a');
    a.sync();
    writeFileSync(join(o.share, 'rapport-share.json'), JSON.stringify({ format: 'rapport-share', version: 1, minAppVersion: '99.0.0' }));
    await a.write('kept here');
    return { ...a, rounds: 1 };
  },
  async format_not_delivered(o) {
    const a = await o.device('a');
    await a.write('one');
    a.sync();
    rmSync(join(o.share, 'rapport-share.json'));
    rmSync(join(o.share, 'devices', a.rt.store.deviceId, 'ack.json'));
    return { ...(await o.device('b')), rounds: 1 };
  },
  async format_unreadable(o) {
    const a = await o.device('a');
    a.sync();
    writeFileSync(join(o.share, 'rapport-share.json'), '{"format": "rapport-sh');
    return { ...a, rounds: 1 };
  },
  async format_unsupported(o) {
    const a = await o.device('a');
    a.sync();
    writeFileSync(join(o.share, 'rapport-share.json'), JSON.stringify({ format: 'rapport-share', version: 99, minAppVersion: '9.0.0' }));
    return { ...a, rounds: 1 };
  },
  async not_enrolled(o) {
    // An encrypted share (issue 12): `a` created the workspace; `b` never joined.
    const a = await o.device('a');
    createWorkspace(a.rt.store.sqlite, new Share(o.share));
    await a.write('one');
    a.sync();
    return { ...(await o.device('b')), rounds: 1 };
  },
  async unreachable(o) {
    const a = await o.device('a');
    a.sync();
    rmSync(o.share, { recursive: true }); // unmounted, VPN down
    return { ...a, rounds: 1 };
  },
};

describe('stuck is visible', () => {
  it.each(StuckCode.options)('%s: in the status, in `rapport sync --json` (exit 3) and in words in `rapport check` (exit 1)', async (code) => {
    const o = office();
    const { data, rt, rounds } = await produce[code](o);
    // The app's own rounds first (a state that lasts from one round to the next is reported from the second).
    for (let i = 0; i < rounds; i++) {
      try {
        rt.sync.runOnce();
      } catch {
        /* unreachable: a state, reported below */
      }
    }
    const status = value<SyncStatus>(await rt.dispatch('sync.status', {}));
    const found = status.stuck.find((s) => s.code === code);
    expect(found, JSON.stringify(status.stuck)).toBeDefined();
    expect(Date.parse(found!.since)).toBeLessThanOrEqual(Date.now());
    rt.close();

    const sync = await rapport('--data', data, 'sync', '--json');
    // What the CLI's own round found (a quarantined file's count of tries has moved on since).
    let latest = found!;
    if (code === 'unreachable') {
      expect(sync.code).toBe(1);
      expect(sync.err).toContain(en('sync.stuck.unreachableRemedy', {}));
    } else {
      expect(sync.code).toBe(3);
      const summary = JSON.parse(sync.out) as SyncSummary;
      latest = summary.stuck.find((s: Stuck) => s.code === code)!;
      expect(latest).toBeDefined();
      expect(sync.err).toContain(en(`sync.stuck.${code}`, latest.params));
    }

    const check = await rapport('--data', data, 'check');
    expect(check.code).toBe(1);
    expect(check.out).toContain(en(`sync.stuck.${code}`, latest.params));
    expect(check.out).toContain(en(`sync.stuck.${code}Remedy`, latest.params));
    expect(check.out).not.toMatch(/sync\.stuck\.|\{\{/);
  });

  it('a device with nothing wrong reports nothing, and `rapport check` exits 0', async () => {
    const o = office();
    const a = await o.device('a');
    await a.write('one');
    a.sync();
    const b = await o.device('b');
    b.sync();
    b.sync();
    expect(value<SyncStatus>(await b.rt.dispatch('sync.status', {})).stuck).toEqual([]);
    b.rt.close();
    a.rt.close();
    expect((await rapport('--data', b.data, 'sync', '--json')).code).toBe(0);
    const check = await rapport('--data', b.data, 'check');
    expect(check.code, check.out).toBe(0);
    expect(existsSync(o.share)).toBe(true);
  });
});
