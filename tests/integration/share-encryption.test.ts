/**
 * The encrypted share (issue 12, item 1; docs/security.md): real stores on temporary SQLite files,
 * a real share folder, the real sync engine, two to four devices. Each device has its own Share
 * object, as each laptop has in the app.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { migrationsDir } from '../../electron/host/paths';
import { openStore, type Store } from '../../electron/store/open';
import { quarantine } from '../../electron/store/bookkeeping';
import { ChangeLog, type SqlValue, type SyncedTableName } from '../../electron/sync/changes';
import { SyncEngine, type SyncSummary } from '../../electron/sync/engine';
import { exportCanonical } from '../../electron/sync/export';
import { checkShare } from '../../electron/sync/check';
import { BadFileError, decodeSegment, encodeSegment } from '../../electron/sync/segment';
import { readDeviceId } from '../../electron/store/meta';
import { contentBytes, epochOf, isSealed } from '../../electron/sync/seal';
import { DEVICES_DIR, FORMAT_FILE, Share } from '../../electron/sync/share';
import { createInvite, INVITE_TTL_MS, joinWorkspace, keysOf, readKeyring, recoverWorkspace, removeDevice, WorkspaceError } from '../../electron/sync/workspace';
import { enrol } from '../helpers/workspace';
import { tempDir } from '../helpers/temp';

const APP = '0.1.0';
const ACCOUNT = 'Zhongshan Precision Works';
const PHONE = '+86 138 0013 8000';
const NOTE = 'Prefers oolong; daughter starts at Fudan in September';

class Device {
  readonly store: Store;
  readonly share: Share;
  constructor(
    readonly dataDir: string,
    shareDir: string,
  ) {
    this.store = openStore({ dataDir, migrationsDir });
    this.share = new Share(shareDir);
  }
  get sqlite() {
    return this.store.sqlite;
  }
  round(options: { forceSnapshot?: boolean } = {}): SyncSummary {
    return new SyncEngine(this.sqlite, this.share, { appVersion: APP, schemaVersion: this.store.schemaVersion, ...options }).round();
  }
  insert(table: string, values: Record<string, SqlValue>): string {
    return new ChangeLog(this.sqlite).insert(table as SyncedTableName, values);
  }
  update(table: string, id: string, patch: Record<string, SqlValue>): void {
    expect(new ChangeLog(this.sqlite).update(table as SyncedTableName, id, patch)).toBe(true);
  }
  value(sql: string, ...params: SqlValue[]): SqlValue | undefined {
    return this.sqlite
      .prepare(sql)
      .pluck(true)
      .get(...params) as SqlValue | undefined;
  }
  export(): string {
    return exportCanonical(this.sqlite);
  }
}

function world(names: string[]) {
  const root = tempDir('rapport-share-enc-');
  const shareDir = join(root, 'share');
  const devices = names.map((n) => new Device(join(root, n), shareDir));
  return { root, shareDir, devices };
}

/** Rounds on every device until a full pass changes nothing. */
function settle(...devices: Device[]): void {
  for (let pass = 0; pass < 8; pass++) {
    let busy = 0;
    for (const d of devices) {
      const s = d.round();
      busy += s.published + s.segmentsApplied + (s.bootstrapped ? 1 : 0) + (s.resealed ?? 0);
    }
    if (busy === 0) return;
  }
  throw new Error('devices did not settle');
}

/** Every file under a folder, by path relative to it. */
function filesOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(path);
    }
  };
  walk(dir);
  return out;
}

/** Which of the needles appear in any file of the share, raw or gunzipped (as UTF-8 or JSON-escaped). */
function findInShare(shareDir: string, needles: string[]): string[] {
  const found: string[] = [];
  for (const path of filesOf(shareDir)) {
    const raw = readFileSync(path);
    const views = [raw];
    try {
      views.push(gunzipSync(raw));
    } catch {
      /* not gzip: the raw bytes are all there is */
    }
    for (const view of views) {
      const text = view.toString('utf8');
      for (const needle of needles)
        if (text.includes(needle) || text.includes(JSON.stringify(needle).slice(1, -1))) found.push(`${relative(shareDir, path)}: ${needle}`);
    }
  }
  return found;
}

/** A person with a phone number and a private note at a new account. */
function addClientData(d: Device, account = ACCOUNT, phone = PHONE, note = NOTE): { accountId: string; personId: string } {
  const accountId = d.insert('accounts', { name: account });
  const personId = d.insert('people', { account_id: accountId, name: 'Li Wei', phone });
  d.insert('person_notes', { person_id: personId, body: note });
  return { accountId, personId };
}

const listing = (dir: string) =>
  filesOf(dir)
    .map((p) => `${relative(dir, p)}:${statSync(p).size}:${statSync(p).mtimeMs}`)
    .sort();

describe('an encrypted share', () => {
  it('holds no client data in clear after sync, and every enrolled device reads it all', () => {
    const { shareDir, devices } = world(['a', 'b', 'c']);
    const [a, b, c] = devices as [Device, Device, Device];
    enrol(a.share, a.sqlite, b.sqlite, c.sqlite);
    const { personId } = addClientData(a);
    const other = addClientData(b, 'Hangzhou Valve Co', '+86 139 1111 2222', 'Dislikes long meetings');
    settle(a, b, c);
    c.update('people', personId, { title: 'Procurement Director' });
    settle(a, b, c);
    a.round({ forceSnapshot: true });
    settle(a, b, c);

    expect(b.value('SELECT phone FROM people WHERE id = ?', personId)).toBe(PHONE);
    expect(c.value('SELECT body FROM person_notes WHERE person_id = ?', other.personId)).toBe('Dislikes long meetings');
    expect(a.value('SELECT title FROM people WHERE id = ?', personId)).toBe('Procurement Director');
    expect(b.export()).toBe(a.export());
    expect(c.export()).toBe(a.export());

    // Something of every kind was written: segments, a snapshot, acks, device keys, key epochs.
    const files = filesOf(shareDir).map((p) => relative(shareDir, p));
    expect(files.filter((f) => f.endsWith('.rseg')).length).toBeGreaterThanOrEqual(3);
    expect(files.some((f) => f.endsWith('.rsnap'))).toBe(true);
    expect(files.filter((f) => f.endsWith('ack.json'))).toHaveLength(3);
    expect(
      findInShare(shareDir, [ACCOUNT, PHONE, NOTE, 'Li Wei', 'Hangzhou Valve Co', '+86 139 1111 2222', 'Dislikes long meetings', 'Procurement Director']),
    ).toEqual([]);
    // Every data file is sealed, acks included (they name the computer).
    for (const f of files.filter((f) => /\.(rseg|rsnap|rkey)$|ack\.json$/.test(f))) expect(isSealed(readFileSync(join(shareDir, f))), f).toBe(true);
    // The format file says format 2: an app that reads format 1 refuses the share and asks for an update.
    expect(JSON.parse(readFileSync(join(shareDir, FORMAT_FILE), 'utf8'))).toMatchObject({ format: 'rapport-share', version: 2 });
    // `rapport check` with an enrolled device's keys verifies everything.
    const checked = new Share(shareDir);
    checked.keys = keysOf(readKeyring(a.sqlite)!);
    expect(checkShare(checked).errors).toBe(0);
  });

  it('a device that is not enrolled gets "not enrolled" and writes nothing', () => {
    const { shareDir, devices } = world(['a', 'b', 'stranger']);
    const [a, b, stranger] = devices as [Device, Device, Device];
    enrol(a.share, a.sqlite, b.sqlite);
    addClientData(a);
    settle(a, b);
    const localId = addClientData(stranger, 'Stranger Ltd', '+1 555 0100', 'local only').accountId;
    const before = listing(shareDir);

    const summary = stranger.round();
    expect(summary.stuck.map((s) => s.code)).toEqual(['not_enrolled']);
    expect(summary.stuck[0]!.params).toMatchObject({ reason: 'not_member', pending: 3 });
    expect(summary.readOnly).toBe(true);
    expect(summary.published).toBe(0);
    expect(listing(shareDir)).toEqual(before);
    expect(stranger.value('SELECT count(*) FROM accounts WHERE name = ?', ACCOUNT)).toBe(0);
    // Its own work is kept for when it joins.
    expect(stranger.value('SELECT name FROM accounts WHERE id = ?', localId)).toBe('Stranger Ltd');
    // Without an enrolled device's keys, check only says the share is encrypted.
    expect(checkShare(new Share(shareDir)).findings.map((f) => f.code)).toContain('encrypted_not_checked');

    joinWorkspace(stranger.sqlite, stranger.share, createInvite(a.sqlite, a.share).code);
    settle(a, b, stranger);
    expect(stranger.round().stuck).toEqual([]);
    expect(a.value('SELECT name FROM accounts WHERE id = ?', localId)).toBe('Stranger Ltd');
    expect(stranger.export()).toBe(a.export());
  });

  it('an invitation code works once; a wrong or mistyped code fails clearly', () => {
    const { devices } = world(['a', 'b', 'c']);
    const [a, b, c] = devices as [Device, Device, Device];
    enrol(a.share, a.sqlite);
    const { code } = createInvite(a.sqlite, a.share);
    expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{1,4})+$/);
    joinWorkspace(b.sqlite, b.share, code.toLowerCase().replace(/-/g, ' '));
    const reused = (() => {
      try {
        joinWorkspace(c.sqlite, c.share, code);
      } catch (error) {
        return error;
      }
    })();
    expect(reused).toBeInstanceOf(WorkspaceError);
    expect((reused as WorkspaceError).code).toBe('invite_not_found');
    expect(readKeyring(c.sqlite)).toBeUndefined();
    expect(() => joinWorkspace(c.sqlite, c.share, 'ABCD-0000')).toThrow(expect.objectContaining({ code: 'bad_code' }) as Error);
    expect(() => joinWorkspace(c.sqlite, c.share, code.slice(0, -3))).toThrow(expect.objectContaining({ code: 'bad_code' }) as Error);
    // An invitation not used in 7 days opens nothing, and its maker removes it from the share.
    const stale = createInvite(a.sqlite, a.share, Date.now() - INVITE_TTL_MS - 1000);
    expect(() => joinWorkspace(c.sqlite, c.share, stale.code)).toThrow(expect.objectContaining({ code: 'invite_expired' }) as Error);
    const unused = createInvite(a.sqlite, a.share, Date.now() - INVITE_TTL_MS - 1000);
    expect(readdirSync(join(a.share.root, 'invites'))).toHaveLength(1);
    a.round();
    expect(readdirSync(join(a.share.root, 'invites'))).toHaveLength(0);
    expect(() => joinWorkspace(c.sqlite, c.share, unused.code)).toThrow(expect.objectContaining({ code: 'invite_not_found' }) as Error);
    // Only an enrolled device may invite; a member cannot join twice.
    expect(() => createInvite(c.sqlite, c.share)).toThrow(expect.objectContaining({ code: 'not_enrolled' }) as Error);
    expect(() => joinWorkspace(b.sqlite, b.share, createInvite(a.sqlite, a.share).code)).toThrow(
      expect.objectContaining({ code: 'already_enrolled' }) as Error,
    );
  });

  it('a removed member cannot read anything written after the rotation; the others converge', () => {
    const { shareDir, devices } = world(['a', 'b', 'c']);
    const [a, b, c] = devices as [Device, Device, Device];
    enrol(a.share, a.sqlite, b.sqlite, c.sqlite);
    addClientData(a);
    const fromC = c.insert('accounts', { name: 'Written by C before its removal' });
    settle(a, b, c);
    const cKeys = keysOf(readKeyring(c.sqlite)!);
    const cId = readDeviceId(c.sqlite);
    const before = new Set(filesOf(shareDir).map((p) => `${p}:${statSync(p).mtimeMs}`));

    const rotation = removeDevice(a.sqlite, a.share, cId);
    expect(rotation.members).not.toContain(cId);
    const secret = addClientData(a, 'After Rotation Corp', '+86 21 5555 0000', 'told us about the merger');
    const fromB = b.insert('touchpoints', { account_id: secret.accountId, summary: 'signed the framework agreement' });
    settle(a, b);
    const summary = c.round();
    expect(summary.stuck.map((s) => s.code)).toEqual(['not_enrolled']);
    expect(summary.stuck[0]!.params).toMatchObject({ reason: 'removed' });
    expect(c.value('SELECT count(*) FROM accounts WHERE id = ?', secret.accountId)).toBe(0);

    // Every data file written or rewritten since the rotation is sealed with the new epoch, which C cannot open.
    const written = filesOf(shareDir).filter((p) => !before.has(`${p}:${statSync(p).mtimeMs}`) && /\.(rseg|rsnap)$|ack\.json$/.test(p));
    expect(written.some((p) => p.endsWith('.rseg'))).toBe(true);
    expect(written.some((p) => p.endsWith('.rsnap'))).toBe(true); // the snapshot, written again under the new key
    for (const path of written) {
      const bytes = readFileSync(path);
      expect(epochOf(bytes), path).toBe(rotation.epoch);
      expect(() => contentBytes(cKeys, bytes)).toThrow(BadFileError);
    }
    // The others read it and agree.
    expect(b.value('SELECT phone FROM people WHERE account_id = ?', secret.accountId)).toBe('+86 21 5555 0000');
    expect(a.value('SELECT count(*) FROM touchpoints WHERE id = ?', fromB)).toBe(1);
    expect(b.export()).toBe(a.export());
    // The removed device holds back neither clean-up nor purges: it is retired at once.
    expect(b.value('SELECT name FROM accounts WHERE id = ?', fromC)).toBe('Written by C before its removal');
    expect(a.value('SELECT retired FROM sync_peers WHERE device = ?', cId)).toBe(1);
    expect(b.value('SELECT retired FROM sync_peers WHERE device = ?', cId)).toBe(1);
    expect(findInShare(shareDir, ['After Rotation Corp', 'told us about the merger', 'signed the framework agreement'])).toEqual([]);
  });

  it('a device that joined while a member was removed gets the new key from any member', () => {
    const { shareDir, devices } = world(['a', 'b', 'c', 'late']);
    const [a, b, c, late] = devices as [Device, Device, Device, Device];
    enrol(a.share, a.sqlite, b.sqlite, c.sqlite);
    settle(a, b, c);
    // `late` joins, but its key has not reached the share when A removes C (a folder tool is slow).
    joinWorkspace(late.sqlite, late.share, createInvite(b.sqlite, b.share).code);
    const lateKey = join(shareDir, DEVICES_DIR, readDeviceId(late.sqlite), 'device-key.rkey');
    const held = readFileSync(lateKey);
    rmSync(lateKey);
    const rotation = removeDevice(a.sqlite, a.share, readDeviceId(c.sqlite));
    expect(rotation.members).not.toContain(readDeviceId(late.sqlite));
    const secret = addClientData(a, 'Rotation Race Ltd', '+86 755 1234 0000', 'joined during the rotation');
    writeFileSync(lateKey, held); // now it arrives
    settle(a, b, late);
    settle(a, b, late);
    expect(readKeyring(late.sqlite)!.epochs[rotation.epoch]).toBeDefined();
    expect(late.value('SELECT phone FROM people WHERE account_id = ?', secret.accountId)).toBe('+86 755 1234 0000');
    expect(late.export()).toBe(a.export());
    for (const d of [a, b, late]) expect(d.round().stuck).toEqual([]);
    // The removed device still gets nothing from the key wrapped again.
    expect(c.round().stuck.map((s) => s.code)).toEqual(['not_enrolled']);
  });

  it('the recovery key enrols a new device that reads every epoch', () => {
    const { devices } = world(['a', 'b', 'c', 'spare']);
    const [a, b, c, spare] = devices as [Device, Device, Device, Device];
    const { recoveryKey } = enrol(a.share, a.sqlite, b.sqlite, c.sqlite);
    addClientData(a);
    settle(a, b, c);
    const cId = readDeviceId(c.sqlite);
    removeDevice(a.sqlite, a.share, cId);
    addClientData(b, 'Later Ltd', '+86 10 1234 5678', 'after the rotation');
    settle(a, b);
    expect(() => recoverWorkspace(spare.sqlite, spare.share, recoveryKey.replace(/^..../, 'AAAA'))).toThrow(
      expect.objectContaining({ code: 'recovery_wrong' }) as Error,
    );
    recoverWorkspace(spare.sqlite, spare.share, recoveryKey);
    expect(Object.keys(readKeyring(spare.sqlite)!.epochs)).toHaveLength(2);
    settle(a, b, spare);
    expect(spare.export()).toBe(a.export());
  });

  it('a tampered segment is refused with a reason and never applied', () => {
    const { shareDir, devices } = world(['a', 'b']);
    const [a, b] = devices as [Device, Device];
    enrol(a.share, a.sqlite, b.sqlite);
    settle(a, b);
    const { accountId } = addClientData(a);
    a.round();
    const aId = readDeviceId(a.sqlite);
    const dir = join(shareDir, DEVICES_DIR, aId);
    const name = readdirSync(dir)
      .filter((n) => n.endsWith('.rseg'))
      .sort()
      .pop()!;
    const bytes = readFileSync(join(dir, name));
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 40) ^ 0x01, bytes.length - 40); // one bit inside the ciphertext
    writeFileSync(join(dir, name), bytes);

    const summary = b.round();
    expect(summary.quarantined).toBe(1);
    const q = quarantine.all(b.sqlite)[0]!;
    expect(q.path).toBe(`${DEVICES_DIR}/${aId}/${name}`);
    expect(q.reason).toMatch(/^tampered: /);
    expect(summary.stuck.map((s) => s.code)).toContain('quarantined');
    expect(b.value('SELECT count(*) FROM accounts WHERE id = ?', accountId)).toBe(0);
    // A file in clear (anyone who can write to the share could have put it there) is refused too.
    const plain = encodeSegment({ schema: 1, appVersion: APP, device: aId, seq: 99, prev: null, wall: 0, deps: {}, outboxMax: 1 }, [
      ['accounts', 'x', 'name', 'Injected', '0', []],
    ]).bytes;
    expect(() => decodeSegment(plain, keysOf(readKeyring(b.sqlite)!))).toThrow(expect.objectContaining({ reason: 'not-encrypted' }) as Error);
    // The writer mends it: it publishes the bytes it kept, and the reader applies them.
    settle(a, b);
    expect(b.value('SELECT name FROM accounts WHERE id = ?', accountId)).toBe(ACCOUNT);
  });
});

describe('a plain share', () => {
  it('upgrades in place once, without losing an edit made offline before the upgrade', () => {
    const { shareDir, devices } = world(['a', 'b', 'c']);
    const [a, b, c] = devices as [Device, Device, Device];
    // Three devices sync in clear (the share as older versions made it), with a snapshot.
    const shared = addClientData(a);
    addClientData(b, 'Plain Era Ltd', '+86 20 8888 9999', 'met at the Canton fair');
    settle(a, b, c);
    a.round({ forceSnapshot: true });
    settle(a, b, c);
    expect(findInShare(shareDir, [ACCOUNT, PHONE]).length).toBeGreaterThan(0); // in clear, as before
    // B and C go offline and edit.
    b.update('people', shared.personId, { phone: '+86 138 9999 0000' });
    const offline = c.insert('accounts', { name: 'Offline Edit Co' });

    // A creates the workspace: the upgrade.
    enrol(a.share, a.sqlite);
    const upgrade = a.round();
    expect(upgrade.resealed).toBeGreaterThan(0);
    expect(upgrade.snapshotWritten).toBeTruthy();
    expect(JSON.parse(readFileSync(join(shareDir, FORMAT_FILE), 'utf8'))).toMatchObject({ version: 2 });

    // B comes back before joining: not enrolled, writes nothing, keeps its edit.
    const listingBefore = listing(shareDir);
    expect(b.round().stuck.map((s) => s.code)).toEqual(['not_enrolled']);
    expect(listing(shareDir)).toEqual(listingBefore);

    joinWorkspace(b.sqlite, b.share, createInvite(a.sqlite, a.share).code);
    joinWorkspace(c.sqlite, c.share, createInvite(a.sqlite, a.share).code);
    settle(a, b, c);
    settle(a, b, c);

    expect(a.value('SELECT phone FROM people WHERE id = ?', shared.personId)).toBe('+86 138 9999 0000');
    expect(a.value('SELECT name FROM accounts WHERE id = ?', offline)).toBe('Offline Edit Co');
    expect(b.export()).toBe(a.export());
    expect(c.export()).toBe(a.export());
    for (const d of [a, b, c]) expect(d.round().stuck).toEqual([]);
    // Nothing in clear is left: every segment sealed in place, the plain snapshot removed once a sealed one covered it.
    const dataFiles = filesOf(shareDir).filter((p) => /\.(rseg|rsnap)$|ack\.json$/.test(p));
    for (const path of dataFiles) expect(isSealed(readFileSync(path)), relative(shareDir, path)).toBe(true);
    expect(
      findInShare(shareDir, [ACCOUNT, PHONE, NOTE, 'Plain Era Ltd', '+86 20 8888 9999', 'met at the Canton fair', 'Offline Edit Co', '+86 138 9999 0000']),
    ).toEqual([]);
    // A new device joining later gets everything from the sealed files alone.
    const late = new Device(join(shareDir, '..', 'late'), shareDir);
    joinWorkspace(late.sqlite, late.share, createInvite(b.sqlite, b.share).code);
    settle(late);
    expect(late.export()).toBe(a.export());
  });
});
