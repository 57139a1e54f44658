/**
 * A merge is a synced operation (electron/services/merge.ts): two laptops share a real folder;
 * while laptop A merges a duplicate, laptop B, offline, edits the duplicate and links new records
 * to it. After sync both converge: B's edit is on the survivor, B's records name the survivor, the
 * duplicate stays in the bin (also when B restores it), and nothing is a conflict. The reconcile
 * step runs by itself after each round (electron/host/core.ts); the test never calls it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { call, cleanup, openTest, scratchDir, type Rec, type Runtime } from '../helpers/domain-fixtures';

afterAll(cleanup);

describe('merge through sync', () => {
  let a: Runtime;
  let b: Runtime;
  const both = async (rounds = 2) => {
    for (let i = 0; i < rounds; i++) {
      await call(a, 'sync.run', {});
      await call(b, 'sync.run', {});
    }
  };
  const live = async (rt: Runtime, area: string, input: object = {}) => (await call<Rec[]>(rt, `${area}.list`, input)).map((r) => r.id);

  beforeEach(async () => {
    const share = join(scratchDir(), 'share');
    mkdirSync(share);
    a = openTest();
    b = openTest();
    await call(a, 'sync.configure', { shareDir: share });
    await call(b, 'sync.configure', { shareDir: share });
  });

  it('lands an offline edit and new links to the merged-away account on the survivor, on both laptops', async () => {
    const rep = await call(a, 'members.create', { name: '刘洋' });
    const survivor = await call(a, 'accounts.create', { name: '宁德时代新能源科技股份有限公司', tier: 'strategic' });
    const dup = await call(a, 'accounts.create', { name: '宁德时代', region: '福建' });
    const boss = await call(a, 'people.create', { accountId: dup.id, name: '曾毓群', roles: ['decider'] });
    await both();
    expect(await live(b, 'accounts')).toEqual(expect.arrayContaining([survivor.id, dup.id]));

    // Offline at the same time: B works on the duplicate; A merges it away.
    await call(b, 'accounts.update', { id: dup.id, industry: '储能电池' });
    const tp = await call(b, 'touchpoints.create', {
      accountId: dup.id,
      at: '2026-11-30T09:00:00.000Z',
      kind: 'visit',
      summary: '拜访',
      theirParticipants: [boss.id],
      ourParticipants: [rep.id],
    });
    const newcomer = await call(b, 'people.create', { accountId: dup.id, name: '吴凯', reportsToId: boss.id });
    const task = await call(b, 'followups.create', { accountId: dup.id, task: '寄送方案', touchpointId: tp.id });
    await call(a, 'merge.apply', { kind: 'accounts', fromId: dup.id, intoId: survivor.id, take: ['region'] });

    await both(3);
    for (const rt of [a, b]) {
      expect(await live(rt, 'accounts')).toEqual(expect.arrayContaining([survivor.id]));
      expect(await live(rt, 'accounts')).not.toContain(dup.id);
      expect((await call(rt, 'accounts.get', { id: dup.id })).deletedAt).not.toBeNull();
      expect(await call(rt, 'accounts.get', { id: survivor.id })).toMatchObject({
        name: '宁德时代新能源科技股份有限公司',
        tier: 'strategic',
        region: '福建',
        industry: '储能电池',
      });
      expect((await call(rt, 'touchpoints.get', { id: tp.id })).accountId).toBe(survivor.id);
      expect((await call(rt, 'people.get', { id: newcomer.id })).accountId).toBe(survivor.id);
      expect((await call(rt, 'people.get', { id: boss.id })).accountId).toBe(survivor.id);
      expect((await call(rt, 'followups.get', { id: task.id })).accountId).toBe(survivor.id);
      expect(await call<unknown[]>(rt, 'conflicts.list', {})).toEqual([]);
      // Reconciling again finds nothing left to do.
      expect(await call(rt, 'merge.reconcile', {})).toEqual({ repointed: 0, carried: 0, rebinned: 0, handedOver: 0 });
    }
    // Both laptops hold the same records.
    for (const area of ['accounts', 'people', 'touchpoints', 'followups']) {
      const input = area === 'accounts' ? {} : { accountId: survivor.id };
      expect((await live(a, area, input)).sort()).toEqual((await live(b, area, input)).sort());
    }
  });

  it('carries an offline edit and link of a merged-away person to the survivor, and refuses to restore it', async () => {
    const account = await call(a, 'accounts.create', { name: 'Acme' });
    const keep = await call(a, 'people.create', { accountId: account.id, name: '王伟', title: 'CEO' });
    const dup = await call(a, 'people.create', { accountId: account.id, name: 'Wang Wei' });
    const peer = await call(a, 'people.create', { accountId: account.id, name: '李娜' });
    await both();

    await call(b, 'people.update', { id: dup.id, phone: '+86 139 0000 1111' });
    const link = await call(b, 'links.create', { accountId: account.id, fromId: peer.id, toId: dup.id });
    await call(a, 'merge.apply', { kind: 'people', fromId: dup.id, intoId: keep.id });
    await both(3);
    for (const rt of [a, b]) {
      expect(await call(rt, 'people.get', { id: keep.id })).toMatchObject({ name: '王伟', title: 'CEO', phone: '+86 139 0000 1111' });
      expect((await call(rt, 'links.get', { id: link.id })).toId).toBe(keep.id);
      expect(await live(rt, 'people', { accountId: account.id })).not.toContain(dup.id);
    }

    // Restoring the merged-away record is refused where the merge is known, naming the survivor.
    const refused = await b.dispatch('people.restore', { id: dup.id }, { locale: 'zh-CN' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toContain('已合并到“王伟”');
  });

  it('puts back in the bin a duplicate that a laptop restored offline while the other merged it', async () => {
    const account = await call(a, 'accounts.create', { name: 'Acme' });
    const keep = await call(a, 'people.create', { accountId: account.id, name: '王伟' });
    const dup = await call(a, 'people.create', { accountId: account.id, name: 'Wang Wei' });
    await call(b, 'sync.run', {});
    await call(a, 'people.delete', { id: dup.id });
    await both();
    // Offline: A restores it and merges it away; B, later, restores it too (it knows of no merge).
    await call(a, 'people.restore', { id: dup.id });
    await call(a, 'merge.apply', { kind: 'people', fromId: dup.id, intoId: keep.id });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await call(b, 'people.restore', { id: dup.id });
    expect((await call(b, 'people.get', { id: dup.id })).deletedAt).toBeNull();
    await both(3);
    for (const rt of [a, b]) {
      expect((await call(rt, 'people.get', { id: dup.id })).deletedAt).not.toBeNull();
      expect(await live(rt, 'people', { accountId: account.id })).toEqual([keep.id]);
    }
  });

  it('settles two laptops merging a pair each way on one survivor', async () => {
    const x = await call(a, 'accounts.create', { name: 'Bosch' });
    const y = await call(a, 'accounts.create', { name: 'Robert Bosch GmbH' });
    await both();
    await call(a, 'merge.apply', { kind: 'accounts', fromId: x.id, intoId: y.id });
    await call(b, 'merge.apply', { kind: 'accounts', fromId: y.id, intoId: x.id });
    await both(3);
    const keep = [x.id, y.id].sort()[0];
    for (const rt of [a, b]) {
      const ids = await live(rt, 'accounts');
      expect(ids.filter((id) => id === x.id || id === y.id)).toEqual([keep]);
    }
  });

  it('hands over what another laptop gave the leaver offline, once the handover arrives', async () => {
    const leaver = await call(a, 'members.create', { name: '赵磊', role: 'kam' });
    const li = await call(a, 'members.create', { name: '李娜' });
    const chen = await call(a, 'members.create', { name: '陈晨' });
    const alpha = await call(a, 'accounts.create', { name: 'Alpha', ownerId: leaver.id });
    const beta = await call(a, 'accounts.create', { name: 'Beta', ownerId: leaver.id });
    await both();

    // Offline: B gives the leaver a new account, a task on Beta and a person on Alpha; A hands over.
    const gamma = await call(b, 'accounts.create', { name: 'Gamma', ownerId: leaver.id });
    const task = await call(b, 'followups.create', { accountId: beta.id, task: 'Send the quote', ownerId: leaver.id });
    const person = await call(b, 'people.create', { accountId: alpha.id, name: 'P', ownerIds: [leaver.id] });
    await call(a, 'handover.apply', { memberId: leaver.id, to: [li.id, chen.id], assign: { [beta.id]: chen.id } });
    const alphaTaker = (await call(a, 'accounts.get', { id: alpha.id })).ownerId;
    expect([li.id, chen.id]).toContain(alphaTaker);
    expect((await call(a, 'accounts.get', { id: beta.id })).ownerId).toBe(chen.id);

    await both(3);
    const gammaOwner = (await call(a, 'accounts.get', { id: gamma.id })).ownerId;
    expect([li.id, chen.id]).toContain(gammaOwner);
    for (const rt of [a, b]) {
      expect((await call(rt, 'members.get', { id: leaver.id })).deletedAt).not.toBeNull();
      expect((await call(rt, 'accounts.get', { id: gamma.id })).ownerId).toBe(gammaOwner);
      expect((await call(rt, 'accounts.get', { id: alpha.id })).ownerId).toBe(alphaTaker);
      // The task on Beta goes with Beta, to its recorded taker; the person on Alpha to Alpha's.
      expect((await call(rt, 'followups.get', { id: task.id })).ownerId).toBe(chen.id);
      expect((await call(rt, 'people.get', { id: person.id })).ownerIds).toEqual([alphaTaker]);
      const open = rt.store.sqlite.prepare(`SELECT count(*) AS n FROM follow_ups WHERE deleted_at IS NULL AND done = 0 AND owner_id = ?`).get(leaver.id) as {
        n: number;
      };
      expect(open.n).toBe(0);
      expect(await call<unknown[]>(rt, 'conflicts.list', {})).toEqual([]);
    }
  });
});
