/**
 * Issue 12, item 2: private notes readable only on their author's own devices, a person's export,
 * and a synced erase that an older (or newer) offline edit cannot undo. Three devices sync through
 * a real share folder: the author's two laptops and a teammate's.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/host/cli';
import { TransferRefused, unwrapKeys, wrapKeys, keyIdOf } from '../../electron/services/privacy-keys';
import { exportCanonical } from '../../electron/sync/export';
import { ChangeLog } from '../../electron/sync/changes';
import { STORE_FILE } from '../../electron/store/open';
import { call, cleanup, closeTest, openTest, refuse, scratchDir, type Rec, type Runtime } from '../helpers/domain-fixtures';

const SECRET = '私人：女儿明年高考，别在六月约他 golf-7731';
const SECOND = 'Second-laptop note: allergic to peanuts 4412';

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The bytes of a file and, when it is gzip, its content too. */
function readable(path: string): Buffer[] {
  const raw = readFileSync(path);
  if (raw[0] !== 0x1f || raw[1] !== 0x8b) return [raw];
  try {
    return [raw, gunzipSync(raw)];
  } catch {
    return [raw];
  }
}

const holds = (bufs: Buffer[], text: string) => bufs.some((b) => b.includes(Buffer.from(text, 'utf8')));
const storeBytes = (rt: Runtime & { dir: string }) =>
  filesUnder(rt.dir)
    .filter((p) => p.includes(STORE_FILE))
    .map((p) => readFileSync(p));

describe('private notes, key transfer, export and erase across three devices', () => {
  let share: string;
  let a1: Runtime & { dir: string };
  let a2: Runtime & { dir: string };
  let b: Runtime & { dir: string };
  let author: string;
  let mate: string;
  let account: string;
  let person: string;
  let noteId: string;
  const all = () => [a1, a2, b];
  const syncAll = async (rounds = 2) => {
    for (let i = 0; i < rounds; i++) for (const rt of all()) await call(rt, 'sync.run', {});
  };
  const bodies = async (rt: Runtime, personId = person) => (await call<Rec[]>(rt, 'notes.list', { personId })).map((n) => n.body);

  beforeAll(async () => {
    share = join(scratchDir(), 'share');
    mkdirSync(share);
    a1 = openTest();
    a2 = openTest();
    b = openTest();
    for (const rt of all()) await call(rt, 'sync.configure', { shareDir: share });
    author = (await call(a1, 'members.create', { name: '陈晓明', role: 'kam' })).id;
    mate = (await call(a1, 'members.create', { name: 'Laura Becker', role: 'rep' })).id;
    account = (await call(a1, 'accounts.create', { name: '华为技术', ownerId: author })).id;
    person = (await call(a1, 'people.create', { accountId: account, name: '张伟', title: '采购总监', phone: '13800138000', email: 'zhang.wei@example.cn' })).id;
    await syncAll();
    await call(a1, 'me.set', { memberId: author });
    await call(a2, 'me.set', { memberId: author });
    await call(b, 'me.set', { memberId: mate });
  });
  afterAll(() => cleanup());

  it('a private note needs a member: without one it is refused and nothing is written', async () => {
    const solo = openTest();
    await call(solo, 'members.create', { name: 'Nobody chosen' });
    const acc = (await call(solo, 'accounts.create', { name: 'Acme' })).id;
    const p = (await call(solo, 'people.create', { accountId: acc, name: 'Ann' })).id;
    const error = await refuse(solo, 'notes.create', { personId: p, body: 'x' });
    expect(error.message).toMatch(/Choose who uses this laptop/);
    expect((await refuse(solo, 'notes.create', { personId: p, body: 'x' }, 'zh-CN')).message).toMatch(/请先选择使用本机的团队成员/);
    expect(solo.store.sqlite.prepare('SELECT count(*) AS n FROM person_notes').get()).toEqual({ n: 0 });
    closeTest(solo);
  });

  it('the author reads the note; store rows, outbox and share hold only ciphertext', async () => {
    noteId = (await call(a1, 'notes.create', { personId: person, body: SECRET })).id;
    expect(await bodies(a1)).toEqual([SECRET]);
    expect((await call(a1, 'notes.get', { id: noteId })).body).toBe(SECRET);
    const row = a1.store.sqlite.prepare('SELECT body FROM person_notes WHERE id = ?').get(noteId) as { body: string };
    expect(row.body).toMatch(/^rpn1:[^:]+:[0-9a-f]{16}:[\w-]+$/);
    const outbox = a1.store.sqlite.prepare("SELECT value FROM sync_outbox WHERE tbl = 'person_notes'").all() as { value: string }[];
    expect(outbox.length).toBeGreaterThan(0);
    for (const o of outbox) expect(o.value).not.toContain('高考');
    await syncAll();
    const files = filesUnder(share);
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) expect(holds(readable(file), SECRET), file).toBe(false);
    for (const fragment of ['女儿明年高考', 'golf-7731']) for (const file of files) expect(holds(readable(file), fragment), file).toBe(false);
    for (const rt of all()) expect(holds(storeBytes(rt), 'golf-7731')).toBe(false);
    // The row reached every device, sealed.
    for (const rt of [a2, b]) expect(rt.store.sqlite.prepare('SELECT body FROM person_notes WHERE id = ?').get(noteId)).toEqual(row);
  });

  it("a teammate's device never displays, searches or exports the author's note", async () => {
    expect(await bodies(b)).toEqual([]);
    expect(await call<Rec[]>(b, 'notes.list', { personId: person, state: 'all' })).toEqual([]);
    expect((await refuse(b, 'notes.get', { id: noteId })).code).toBe('not_found');
    expect((await refuse(b, 'notes.update', { id: noteId, body: 'overwritten' })).code).toBe('not_found');
    expect((await refuse(b, 'notes.delete', { id: noteId })).code).toBe('not_found');
    for (const q of ['高考', 'golf-7731', '女儿']) {
      const hits = await call<{ accounts: unknown[]; people: unknown[]; touchpoints: unknown[] }>(b, 'search.query', { text: q });
      expect([...hits.accounts, ...hits.people, ...hits.touchpoints]).toEqual([]);
    }
    const exported = await call<{ notes: unknown[]; notesWithheld: number }>(b, 'people.export', { personId: person, includePrivate: true });
    expect(exported.notes).toEqual([]);
    expect(exported.notesWithheld).toBe(1);
    expect(JSON.stringify(exported)).not.toContain('golf-7731');
    expect(exportCanonical(b.store.sqlite, { includePrivate: true })).not.toContain('golf-7731');
    // Claiming to be the author does not help: this device does not hold the key.
    await call(b, 'me.set', { memberId: author });
    expect(await bodies(b)).toEqual([]);
    await call(b, 'me.set', { memberId: mate });
  });

  it("the author's search never finds the note either (the index file would hold it in clear)", async () => {
    const hits = await call<{ accounts: unknown[]; people: unknown[]; touchpoints: unknown[] }>(a1, 'search.query', { text: 'golf-7731' });
    expect([...hits.accounts, ...hits.people, ...hits.touchpoints]).toEqual([]);
  });

  it("the author's second laptop reads it only after the key transfer, and only as the author", async () => {
    expect(await bodies(a2)).toEqual([]);
    // Written on the second laptop before the transfer: sealed with a key of its own.
    await call(a2, 'notes.create', { personId: person, body: SECOND });
    const { code, expiresAt } = await call<{ code: string; expiresAt: string }>(a1, 'privacy.keyExport', {});
    expect(code).toMatch(/^RPK1\.[\w-]+\.[\w-]+$/);
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    // The teammate cannot use the author's code.
    expect((await refuse(b, 'privacy.keyImport', { code })).message).toMatch(/another team member/);
    const imported = await call<{ keyIds: string[]; resealed: number }>(a2, 'privacy.keyImport', { code });
    expect(imported.resealed).toBe(1);
    expect(imported.keyIds[0]).toBe((await call<{ keyIds: string[] }>(a1, 'privacy.key', {})).keyIds[0]);
    expect((await bodies(a2)).sort()).toEqual([SECRET, SECOND].sort());
    await syncAll();
    // The note written on the second laptop is now readable on the first one too, never on the teammate's.
    expect((await bodies(a1)).sort()).toEqual([SECRET, SECOND].sort());
    expect(await bodies(b)).toEqual([]);
    for (const file of filesUnder(share)) expect(holds(readable(file), '4412'), file).toBe(false);
    expect(holds(storeBytes(b), 'peanuts')).toBe(false);
    // Another member using the second laptop does not read the author's notes.
    await call(a2, 'me.set', { memberId: mate });
    expect(await bodies(a2)).toEqual([]);
    await call(a2, 'me.set', { memberId: author });
    // The author's export includes their notes only when asked for.
    const without = await call<{ notes: unknown[] }>(a1, 'people.export', { personId: person });
    expect(without.notes).toEqual([]);
    const withNotes = await call<{ notes: { body: string }[] }>(a1, 'people.export', { personId: person, includePrivate: true });
    expect(withNotes.notes.map((n) => n.body).sort()).toEqual([SECRET, SECOND].sort());
  });

  it('refuses a mistyped, altered or expired transfer code in words, writing nothing', async () => {
    const { code } = await call<{ code: string }>(a1, 'privacy.keyExport', {});
    const before = a2.store.sqlite.prepare("SELECT count(*) AS n FROM local_meta WHERE key LIKE '%personal-key%'").get();
    expect((await refuse(a2, 'privacy.keyImport', { code: 'hello' })).message).toMatch(/not a transfer code/);
    const flipped = code.slice(0, -3) + (code.at(-3) === 'A' ? 'B' : 'A') + code.slice(-2);
    expect((await refuse(a2, 'privacy.keyImport', { code: flipped })).message).toMatch(/mistyped or altered/);
    expect((await refuse(a2, 'privacy.keyImport', { code: flipped }, 'zh-CN')).message).toMatch(/输错或被改动/);
    expect(a2.store.sqlite.prepare("SELECT count(*) AS n FROM local_meta WHERE key LIKE '%personal-key%'").get()).toEqual(before);
    // From a terminal: `me key-export` prints the code on stdout, `me key-import --code` takes it.
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (text: string) => void out.push(text), err: (text: string) => void err.push(text), env: { LANG: 'en_US.UTF-8' } };
    a1.close();
    a2.close();
    expect(await main(['--data', a1.dir, 'me', 'key-export'], io)).toBe(0);
    expect(out.at(-1)).toMatch(/^RPK1\.[\w-]+\.[\w-]+$/);
    expect(err.at(-1)).toMatch(/rapport me key-import --code CODE/);
    expect(await main(['--data', a2.dir, 'me', 'key-import', '--code', out.at(-1)!], io)).toBe(0);
    expect(err.at(-1)).toMatch(/^Key received/);
    expect(await main(['--data', a2.dir, 'me', 'key-import', '--code', 'RPK1.nope'], io)).toBe(1);
    expect(err.at(-1)).toMatch(/not a transfer code/);
    expect(await main(['--data', a2.dir, 'me', 'key-import'], io)).toBe(2);
    a1 = openTest(a1.dir);
    a2 = openTest(a2.dir);
    expect((await bodies(a2)).sort()).toEqual([SECRET, SECOND].sort());

    const key = { id: keyIdOf(Buffer.alloc(32, 7)), key: Buffer.alloc(32, 7) };
    const old = wrapKeys(author, [key], new Date('2026-01-01T00:00:00Z'));
    expect(unwrapKeys(old.code, author, new Date('2026-01-01T00:29:00Z'))).toEqual([key.key]);
    expect(() => unwrapKeys(old.code, author, new Date('2026-01-01T00:31:00Z'))).toThrow(TransferRefused);
  });

  it('exports everything held about the person: fields, history, touchpoints naming them, follow-ups, links (CLI too)', async () => {
    const other = (await call(a1, 'people.create', { accountId: account, name: '李娜' })).id;
    const tp = (
      await call(a1, 'touchpoints.create', {
        accountId: account,
        at: '2026-11-20T09:30:00.000Z',
        kind: 'visit',
        summary: '拜访张伟',
        theirParticipants: [person],
      })
    ).id;
    const fu = (await call(a1, 'followups.create', { accountId: account, touchpointId: tp, task: '寄样品' })).id;
    const link = (await call(a1, 'links.create', { accountId: account, fromId: person, toId: other, note: '老同学' })).id;
    await call(a1, 'sponsors.create', { accountId: account, memberId: author, personId: person });
    await call(a1, 'people.update', { id: person, title: '副总裁' });
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s), env: { LANG: 'en_US.UTF-8' } };
    a1.close();
    expect(await main(['--data', a1.dir, 'person', 'export', person, '--format', 'json'], io)).toBe(0);
    a1 = openTest(a1.dir);
    const exported = JSON.parse(out.join('')) as {
      person: Rec;
      history: Rec[];
      touchpoints: Rec[];
      followUps: Rec[];
      influenceLinks: Rec[];
      related: Record<string, Rec[]>;
      notes: unknown[];
      account: { name: string };
      names: Record<string, string>;
    };
    expect(exported.person).toMatchObject({ id: person, name: '张伟', phone: '13800138000', title: '副总裁' });
    expect(exported.account.name).toBe('华为技术');
    expect(exported.history.filter((h) => h.field === 'title').map((h) => h.value)).toEqual(expect.arrayContaining(['采购总监', '副总裁']));
    expect(exported.touchpoints.map((t) => t.id)).toEqual([tp]);
    expect(exported.followUps.map((f) => f.id)).toEqual([fu]);
    expect(exported.influenceLinks.map((l) => l.id)).toEqual([link]);
    expect(exported.related.sponsor_pairs).toHaveLength(1);
    // Ids named by the records, by name, for the printed page.
    expect(exported.names).toMatchObject({ [other]: '李娜', [author]: '陈晓明', [person]: '张伟' });
    expect(exported.notes).toEqual([]);
    expect(await main(['--data', a1.dir, 'person', 'export', '--format', 'json'], io)).toBe(2);
    expect(err.at(-1)).toMatch(/Name the person/);
  });

  it('an erase wins over older and newer offline edits on another device, everywhere, after sync', async () => {
    await syncAll();
    // The teammate edits offline first (older clocks than the erase)…
    await call(b, 'people.update', { id: person, phone: '13911112222', title: 'CTO-offline' });
    await new Promise((r) => setTimeout(r, 5));
    // …then the author erases, from the CLI, in Chinese.
    const err: string[] = [];
    const out: string[] = [];
    const io = { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s), env: { LANG: 'zh_CN.UTF-8' } };
    a1.close();
    expect(await main(['--data', a1.dir, 'person', 'erase', person], io)).toBe(2);
    expect(err.at(-1)).toMatch(/--yes/);
    expect(await main(['--data', a1.dir, 'person', 'erase', person, '--yes'], io)).toBe(0);
    a1 = openTest(a1.dir);
    await new Promise((r) => setTimeout(r, 5));
    // …and the second laptop edits after the erase, not having seen it (a newer clock).
    await call(a2, 'people.update', { id: person, email: 'late@example.cn', cadence: 'weekly' });
    await syncAll(3);

    for (const rt of all()) {
      const p = await call(rt, 'people.get', { id: person });
      expect(p).toMatchObject({ title: null, phone: null, email: null, cadence: null, preferredChannel: null, strategies: {}, erasedBy: author });
      expect(String(p.name)).toMatch(/^已删除的联系人 #[0-9a-f]{4}$/);
      expect(p.erasedAt).toEqual(expect.any(String));
      const history = await call<Rec[]>(rt, 'people.history', { personId: person });
      expect(history.filter((h) => h.field === 'title').every((h) => h.value === null)).toBe(true);
      expect(history.length).toBeGreaterThan(0);
      // Nothing kept aside: no conflict or orphan holds an old value.
      const kept = rt.store.sqlite.prepare('SELECT value FROM sync_conflicts UNION ALL SELECT value FROM sync_orphans').all() as { value: string }[];
      for (const old of ['13911112222', '13800138000', 'CTO-offline', 'late@example.cn', 'zhang.wei', '张伟', '副总裁', '老同学']) {
        expect(
          kept.some((k) => k.value.includes(old)),
          old,
        ).toBe(false);
      }
      const exported = JSON.stringify(await call(rt, 'people.export', { personId: person, includePrivate: true }));
      for (const old of ['13911112222', '13800138000', '老同学', 'CTO-offline', 'late@']) expect(exported, old).not.toContain(old);
      expect(await bodies(rt)).toEqual([]);
      // Touchpoints still name them.
      expect((await call<Rec[]>(rt, 'touchpoints.list', { accountId: account, personId: person })).length).toBe(1);
      const hits = await call<{ people: unknown[] }>(rt, 'search.query', { text: '13800138000' });
      expect(hits.people).toEqual([]);
    }
    // The record of who erased whom, without the erased data; personal fields cannot be filled in again.
    const refused = await refuse(b, 'people.update', { id: person, phone: '123' });
    expect(refused.message).toMatch(/erased/);
    expect((await refuse(b, 'notes.create', { personId: person, body: 'again' })).message).toMatch(/erased/);
  });
});

describe('notes written in clear by an earlier version', () => {
  afterAll(() => cleanup());

  it("are sealed to the member who uses the device that wrote them, and replace the clear copy on other devices; others' stay hidden", async () => {
    const share = join(scratchDir(), 'share');
    mkdirSync(share);
    let x = openTest();
    const y = openTest();
    for (const rt of [x, y]) await call(rt, 'sync.configure', { shareDir: share });
    const author = (await call(x, 'members.create', { name: 'Author' })).id;
    const mate = (await call(x, 'members.create', { name: 'Mate' })).id;
    const account = (await call(x, 'accounts.create', { name: 'Acme' })).id;
    const person = (await call(x, 'people.create', { accountId: account, name: 'Ann' })).id;
    // As an earlier version wrote them: the body in clear, through the change log.
    const legacy = new ChangeLog(x.store.sqlite).insert('person_notes', { person_id: person, body: 'legacy-clear-5521' });
    for (let i = 0; i < 2; i++) for (const rt of [x, y]) await call(rt, 'sync.run', {});
    await call(y, 'me.set', { memberId: mate });
    // Another device's note in clear is hidden here, and stays as it is: it is not this device's to seal.
    expect(await call<Rec[]>(y, 'notes.list', { personId: person })).toEqual([]);
    expect(y.store.sqlite.prepare('SELECT body FROM person_notes WHERE id = ?').get(legacy)).toEqual({ body: 'legacy-clear-5521' });

    // The device that wrote it: sealed when its user is chosen…
    await call(x, 'me.set', { memberId: author });
    expect((await call<Rec[]>(x, 'notes.list', { personId: person })).map((n) => n.body)).toEqual(['legacy-clear-5521']);
    expect(String((x.store.sqlite.prepare('SELECT body FROM person_notes WHERE id = ?').get(legacy) as { body: string }).body)).toMatch(/^rpn1:/);
    // …and when the store is opened (a note in clear from before, on a device whose user was chosen already).
    const later = new ChangeLog(x.store.sqlite).insert('person_notes', { person_id: person, body: 'legacy-clear-7730' });
    closeTest(x);
    x = openTest(x.dir);
    expect(String((x.store.sqlite.prepare('SELECT body FROM person_notes WHERE id = ?').get(later) as { body: string }).body)).toMatch(/^rpn1:/);
    expect((await call<Rec[]>(x, 'notes.list', { personId: person })).map((n) => n.body).sort()).toEqual(['legacy-clear-5521', 'legacy-clear-7730']);

    for (let i = 0; i < 2; i++) for (const rt of [x, y]) await call(rt, 'sync.run', {});
    // The sealed body replaced the clear copy on the other device.
    for (const id of [legacy, later])
      expect(String((y.store.sqlite.prepare('SELECT body FROM person_notes WHERE id = ?').get(id) as { body: string }).body)).toMatch(/^rpn1:/);
    expect(await call<Rec[]>(y, 'notes.list', { personId: person })).toEqual([]);
  });
});
