/**
 * Duplicates, merge and handover on a real temp store (electron/services/{duplicates,merge,handover}.ts):
 * the create check, candidate pairs and "not a duplicate", a merge that moves every record naming
 * the merged-away one (found from the registry), field choices, and a handover that leaves nothing
 * open pointing at the leaver; the single-point-of-failure score and the handover pack.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { referencesTo } from '../../electron/services/merge';
import { syncedTablesOf } from '../../electron/store/synced-tables';
import { call, cleanup, countRows, openTest, refuse, type Rec, type Runtime } from '../helpers/domain-fixtures';

afterAll(cleanup);

interface Pair {
  a: { id: string; name: string };
  b: { id: string; name: string };
  score: number;
  reasons: string[];
}

/** Every live row of every synced table that names `id` in any column (a JSON list too). */
function mentions(rt: Runtime, id: string, skip: string[] = []): string[] {
  const found: string[] = [];
  for (const [table, info] of syncedTablesOf(rt.store.sqlite)) {
    if (skip.includes(table)) continue;
    for (const column of info.fields) {
      const n = (
        rt.store.sqlite
          .prepare(`SELECT count(*) AS n FROM "${table}" WHERE deleted_at IS NULL AND ("${column}" = ? OR "${column}" LIKE ?)`)
          .get(id, `%"${id}"%`) as { n: number }
      ).n;
      if (n > 0) found.push(`${table}.${column}`);
    }
  }
  return found;
}

describe('duplicates', () => {
  let rt: Runtime;
  beforeEach(() => {
    rt = openTest();
  });

  it('warns on create about a likely duplicate account and person, in both languages of the reasons', async () => {
    const catl = await call(rt, 'accounts.create', { name: '宁德时代新能源科技股份有限公司' });
    await call(rt, 'accounts.create', { name: '比亚迪' });
    const matches = await call<Rec[]>(rt, 'duplicates.check', { kind: 'accounts', name: '宁德时代' });
    expect(matches).toEqual([{ id: catl.id, name: '宁德时代新能源科技股份有限公司', accountId: null, accountName: null, score: 0.9, reasons: ['same_name'] }]);
    expect(await call<Rec[]>(rt, 'duplicates.check', { kind: 'accounts', name: 'CATL Europe' })).toEqual([]);

    const zhang = await call(rt, 'people.create', { accountId: catl.id, name: '张伟', phone: '+86 138 0013 8000' });
    const byPhone = await call<Rec[]>(rt, 'duplicates.check', { kind: 'people', accountId: catl.id, name: 'Wei Zhang', phone: '13800138000' });
    expect(byPhone).toEqual([
      expect.objectContaining({ id: zhang.id, accountName: '宁德时代新能源科技股份有限公司', reasons: ['same_phone', 'same_name_spelled_in_account'] }),
    ]);
    // Saving anyway is allowed: the check only warns.
    await call(rt, 'people.create', { accountId: catl.id, name: 'Wei Zhang', phone: '13800138000' });
    expect(countRows(rt, 'people')).toBe(2);
  });

  it('lists candidate pairs best first, and forgets a pair said not to be a duplicate', async () => {
    const a = await call(rt, 'accounts.create', { name: '華為' });
    const b = await call(rt, 'accounts.create', { name: '华为技术有限公司' });
    const c = await call(rt, 'accounts.create', { name: 'Huawei Technologies Co., Ltd.' });
    const list = await call<{ pairs: Pair[]; total: number }>(rt, 'duplicates.list', { kind: 'accounts' });
    expect(list.total).toBe(3);
    expect(list.pairs[0]).toMatchObject({ score: 0.9, reasons: ['same_name'] });
    expect(new Set([list.pairs[0]!.a.id, list.pairs[0]!.b.id])).toEqual(new Set([a.id, b.id]));

    await call(rt, 'duplicates.dismiss', { kind: 'accounts', aId: c.id, bId: a.id });
    await call(rt, 'duplicates.dismiss', { kind: 'accounts', aId: a.id, bId: c.id }); // twice is one record
    expect(countRows(rt, 'distinct_pairs')).toBe(1);
    const after = await call<{ pairs: Pair[]; total: number }>(rt, 'duplicates.list', { kind: 'accounts' });
    expect(after.total).toBe(2);
    expect(after.pairs.some((p) => [p.a.id, p.b.id].includes(a.id) && [p.a.id, p.b.id].includes(c.id))).toBe(false);
  });
});

describe('merge', () => {
  it('finds every reference to accounts and people from the registry', () => {
    const sites = (t: string) => referencesTo(t).map((s) => `${s.table}.${s.field}`);
    expect(sites('people')).toEqual(
      expect.arrayContaining([
        'people.reportsToId',
        'people.successorId',
        'influence_links.fromId',
        'influence_links.toId',
        'touchpoints.theirParticipants',
        'service_requests.personId',
        'sponsor_pairs.personId',
        'initiatives.theirParticipants',
        'alerts.theirExecutiveId',
        'person_changes.personId',
        'person_notes.personId',
        'accounts.referralPersonId',
      ]),
    );
    expect(sites('accounts')).toEqual(
      expect.arrayContaining(['people.accountId', 'touchpoints.accountId', 'purchases.accountId', 'alerts.accountId', 'accounts.parentId']),
    );
  });

  it('merges two accounts: everything moves, the chosen fields are kept, the other is in the bin', async () => {
    const rt = openTest();
    const rep = await call(rt, 'members.create', { name: '刘洋', role: 'rep' });
    const into = await call(rt, 'accounts.create', { name: '宁德时代新能源科技股份有限公司', tier: 'strategic', industry: '电池' });
    const from = await call(rt, 'accounts.create', { name: '宁德时代', tier: 'key', region: '福建', aliases: ['CATL'] });
    const child = await call(rt, 'accounts.create', { name: '时代一汽', parentId: from.id });
    const boss = await call(rt, 'people.create', { accountId: from.id, name: '曾毓群', roles: ['decider'], ownerIds: [rep.id] });
    const buyer = await call(rt, 'people.create', { accountId: from.id, name: '吴凯', reportsToId: boss.id });
    const tp = await call(rt, 'touchpoints.create', {
      accountId: from.id,
      at: '2026-11-01T10:00:00.000Z',
      kind: 'visit',
      summary: '拜访',
      theirParticipants: [boss.id],
      ourParticipants: [rep.id],
    });
    await call(rt, 'followups.create', { accountId: from.id, task: '寄送报价', touchpointId: tp.id, ownerId: rep.id });
    await call(rt, 'purchases.create', { accountId: from.id, period: '2026-10', amount: 1000, currency: 'CNY' });
    await call(rt, 'links.create', { accountId: from.id, fromId: buyer.id, toId: boss.id });
    await call(rt, 'agreements.create', { accountId: from.id, title: '框架协议', renewalDate: '2027-03-01' });

    const preview = await call<{ fields: { field: string; from: unknown; into: unknown }[]; moves: { table: string; count: number }[] }>(rt, 'merge.preview', {
      kind: 'accounts',
      fromId: from.id,
      intoId: into.id,
    });
    expect(preview.fields.map((f) => f.field).sort()).toEqual(['aliases', 'industry', 'name', 'region', 'tier']);
    expect(preview.fields.find((f) => f.field === 'tier')).toEqual({ field: 'tier', from: 'key', into: 'strategic' });
    expect(Object.fromEntries(preview.moves.map((m) => [m.table, m.count]))).toMatchObject({
      people: 2,
      touchpoints: 1,
      follow_ups: countRows(rt, 'follow_ups', `WHERE account_id = '${from.id}'`),
      purchases: 1,
      influence_links: 1,
      agreements: 1,
      accounts: 1,
    });

    const result = await call<{ moved: number; mergeId: string }>(rt, 'merge.apply', { kind: 'accounts', fromId: from.id, intoId: into.id, take: ['region'] });
    expect(result.moved).toBeGreaterThanOrEqual(8);
    const survivor = await call(rt, 'accounts.get', { id: into.id });
    expect(survivor).toMatchObject({ name: '宁德时代新能源科技股份有限公司', tier: 'strategic', industry: '电池', region: '福建' });
    expect(new Set(survivor.aliases as string[])).toEqual(new Set(['宁德时代', 'CATL']));
    expect((await call(rt, 'accounts.get', { id: from.id })).deletedAt).not.toBeNull();
    expect((await call(rt, 'accounts.get', { id: child.id })).parentId).toBe(into.id);
    expect((await call<Rec[]>(rt, 'people.list', { accountId: into.id })).map((p) => p.name).sort()).toEqual(['吴凯', '曾毓群'].sort());
    expect(await call<Rec[]>(rt, 'touchpoints.list', { accountId: into.id })).toHaveLength(1);
    expect((await call<Rec[]>(rt, 'followups.list', { accountId: into.id })).filter((f) => f.task === '寄送报价')).toHaveLength(1);
    expect(await call<Rec[]>(rt, 'purchases.list', { accountId: into.id })).toHaveLength(1);
    expect(await call<Rec[]>(rt, 'agreements.list', { accountId: into.id })).toHaveLength(1);
    expect(await call<Rec[]>(rt, 'links.list', { accountId: into.id })).toHaveLength(1);
    // Nothing live names the merged-away account but the merge record itself.
    expect(mentions(rt, from.id, ['merges'])).toEqual([]);
    expect(rt.store.sqlite.prepare('SELECT kind, from_id AS f, into_id AS i FROM merges').all()).toEqual([{ kind: 'accounts', f: from.id, i: into.id }]);
    // The health of the survivor now counts the moved purchase; the map shows both people.
    const map = await call<{ people: { id: string }[] }>(rt, 'map.get', { accountId: into.id });
    expect(map.people.map((p) => p.id).sort()).toEqual([boss.id, buyer.id].sort());
  });

  it('dismisses a moved alert when the survivor has its own of the same rule, saying why', async () => {
    const rt = openTest();
    const m = await call(rt, 'members.create', { name: 'M' });
    const into = await call(rt, 'accounts.create', { name: 'Acme', ownerId: m.id, stage: 'growth' });
    const from = await call(rt, 'accounts.create', { name: 'Acme Ltd', ownerId: m.id, stage: 'growth' });
    for (const a of [into, from]) await call(rt, 'people.create', { accountId: a.id, name: `Boss of ${a.name}`, roles: ['decider'] });
    const open = (account: string) =>
      rt.store.sqlite
        .prepare("SELECT id, rule FROM alerts WHERE account_id = ? AND deleted_at IS NULL AND state IN ('open', 'acknowledged', 'in_progress')")
        .all(account) as { id: string; rule: string }[];
    const moving = open(from.id);
    expect(moving.map((a) => a.rule)).toContain('coverage');
    await call(rt, 'merge.apply', { kind: 'accounts', fromId: from.id, intoId: into.id }, 'zh-CN');
    for (const alert of moving.filter((a) => a.rule === 'coverage')) {
      expect(await call(rt, 'alerts.get', { id: alert.id })).toMatchObject({
        accountId: into.id,
        state: 'dismissed',
        stateReason: '合并到“Acme”时关闭：该客户已有同一规则的预警。',
      });
    }
  });

  it('merges two people of one account: links, touchpoints, history and notes follow; a link to oneself goes', async () => {
    const rt = openTest();
    const account = await call(rt, 'accounts.create', { name: 'Acme' });
    const boss = await call(rt, 'people.create', { accountId: account.id, name: '王伟', title: 'CEO', email: 'ww@acme.cn' });
    const dup = await call(rt, 'people.create', { accountId: account.id, name: 'Wang Wei', title: 'Chief Executive', phone: '13900001111', reportsToId: null });
    const other = await call(rt, 'people.create', { accountId: account.id, name: '李娜', reportsToId: dup.id });
    await call(rt, 'links.create', { accountId: account.id, fromId: dup.id, toId: boss.id });
    await call(rt, 'links.create', { accountId: account.id, fromId: other.id, toId: dup.id });
    const tp = await call(rt, 'touchpoints.create', {
      accountId: account.id,
      at: '2026-11-02T10:00:00.000Z',
      kind: 'call',
      summary: 'x',
      theirParticipants: [dup.id, boss.id],
    });
    // Private notes are sealed to their author: someone uses this laptop.
    const me = await call(rt, 'members.create', { name: '陈晓明', role: 'kam' });
    await call(rt, 'me.set', { memberId: me.id });
    await call(rt, 'notes.create', { personId: dup.id, body: '喜欢打高尔夫' });

    await call(rt, 'merge.apply', { kind: 'people', fromId: dup.id, intoId: boss.id, take: ['phone'] });
    expect(await call(rt, 'people.get', { id: boss.id })).toMatchObject({ name: '王伟', title: 'CEO', phone: '13900001111', email: 'ww@acme.cn' });
    expect((await call(rt, 'people.get', { id: other.id })).reportsToId).toBe(boss.id);
    expect((await call(rt, 'touchpoints.get', { id: tp.id })).theirParticipants).toEqual([boss.id]);
    const links = await call<Rec[]>(rt, 'links.list', { accountId: account.id });
    expect(links.map((l) => [l.fromId, l.toId])).toEqual([[other.id, boss.id]]);
    expect((await call<Rec[]>(rt, 'notes.list', { personId: boss.id })).map((n) => n.body)).toEqual(['喜欢打高尔夫']);
    // History rows keep what was true then (Li Na reported to the record now merged away).
    expect(mentions(rt, dup.id, ['merges', 'person_changes'])).toEqual([]);
  });

  it('refuses what cannot be merged, in the reader’s language, and writes nothing', async () => {
    const rt = openTest();
    const a = await call(rt, 'accounts.create', { name: 'A' });
    const b = await call(rt, 'accounts.create', { name: 'B' });
    const pa = await call(rt, 'people.create', { accountId: a.id, name: 'X' });
    const pb = await call(rt, 'people.create', { accountId: b.id, name: 'X' });
    const before = countRows(rt, 'sync_outbox');
    expect((await refuse(rt, 'merge.apply', { kind: 'people', fromId: pa.id, intoId: pb.id }, 'zh-CN')).message).toContain('属于不同的客户');
    expect((await refuse(rt, 'merge.apply', { kind: 'accounts', fromId: a.id, intoId: a.id })).message).toMatch(/cannot be merged with itself/);
    expect((await refuse(rt, 'merge.apply', { kind: 'accounts', fromId: a.id, intoId: b.id, take: ['sync_clocks'] })).message).toMatch(/Unknown field/);
    expect((await refuse(rt, 'merge.apply', { kind: 'accounts', fromId: a.id, intoId: 'nope' })).code).toBe('not_found');
    expect(countRows(rt, 'sync_outbox')).toBe(before);
    expect(countRows(rt, 'accounts', 'WHERE deleted_at IS NULL')).toBe(2);
  });
});

describe('handover', () => {
  it('moves a leaver’s accounts, people, open follow-ups and alerts to two members by account, and nothing open names them after', async () => {
    const rt = openTest();
    const leaver = await call(rt, 'members.create', { name: '赵磊', role: 'kam' });
    const li = await call(rt, 'members.create', { name: '李娜', role: 'rep' });
    const chen = await call(rt, 'members.create', { name: '陈晨', role: 'rep' });
    const a1 = await call(rt, 'accounts.create', { name: 'Alpha', ownerId: leaver.id });
    const a2 = await call(rt, 'accounts.create', { name: 'Beta', ownerId: leaver.id });
    const p1 = await call(rt, 'people.create', { accountId: a1.id, name: 'P1', ownerIds: [leaver.id, li.id], roles: ['decider'] });
    const p2 = await call(rt, 'people.create', { accountId: a2.id, name: 'P2', ownerIds: [leaver.id] });
    const open = await call(rt, 'followups.create', { accountId: a2.id, task: 'Call back', ownerId: leaver.id });
    const done = await call(rt, 'followups.create', { accountId: a2.id, task: 'Old', ownerId: leaver.id, done: true });
    const tp = await call(rt, 'touchpoints.create', {
      accountId: a1.id,
      at: '2026-11-01T10:00:00.000Z',
      kind: 'visit',
      summary: 'Met',
      ourParticipants: [leaver.id],
      theirParticipants: [p1.id],
    });
    await call(rt, 'team.create', { accountId: a1.id, memberId: leaver.id, role: 'lead' });
    await call(rt, 'sponsors.create', { accountId: a2.id, memberId: leaver.id, personId: p2.id });

    // Health raised alerts and plan tasks for the leaver too (no contact yet): they move as well.
    const openOf = (account: string, table: string, where: string) =>
      countRows(rt, table, `WHERE account_id = '${account}' AND deleted_at IS NULL AND owner_id = '${leaver.id}' AND ${where}`);
    const expected = (account: string, other: number) => ({
      accounts: 1,
      people: 1,
      followups: openOf(account, 'follow_ups', 'done = 0'),
      alerts: openOf(account, 'alerts', "state IN ('open', 'acknowledged', 'in_progress')"),
      other,
    });
    const e1 = expected(a1.id, 1);
    const e2 = expected(a2.id, 1);
    expect(e2.followups).toBeGreaterThanOrEqual(1);
    const preview = await call<{ items: { accountName: string; to: string; counts: Record<string, number> }[]; totals: Record<string, number> }>(
      rt,
      'handover.preview',
      {
        memberId: leaver.id,
        to: [li.id, chen.id],
      },
    );
    expect(preview.items.map((i) => [i.accountName, i.to])).toEqual([
      ['Alpha', li.id],
      ['Beta', chen.id],
    ]);
    expect(preview.items[0]!.counts).toEqual(e1);
    expect(preview.items[1]!.counts).toEqual(e2);
    expect(preview.totals).toEqual({ accounts: 2, people: 2, followups: e1.followups + e2.followups, alerts: e1.alerts + e2.alerts, other: 2 });

    const result = await call<{ moved: number; removed: boolean }>(rt, 'handover.apply', { memberId: leaver.id, to: [li.id, chen.id] });
    expect(result).toEqual({ moved: 6 + e1.followups + e2.followups + e1.alerts + e2.alerts, removed: true });
    expect((await call(rt, 'accounts.get', { id: a1.id })).ownerId).toBe(li.id);
    expect((await call(rt, 'accounts.get', { id: a2.id })).ownerId).toBe(chen.id);
    expect((await call(rt, 'people.get', { id: p1.id })).ownerIds).toEqual([li.id]);
    expect((await call(rt, 'people.get', { id: p2.id })).ownerIds).toEqual([chen.id]);
    expect((await call(rt, 'followups.get', { id: open.id })).ownerId).toBe(chen.id);
    // History keeps who was there: a done task and a past touchpoint still name the leaver.
    expect((await call(rt, 'followups.get', { id: done.id })).ownerId).toBe(leaver.id);
    expect((await call(rt, 'touchpoints.get', { id: tp.id })).ourParticipants).toEqual([leaver.id]);
    // Closed alerts and done tasks are history too; nothing open is left.
    expect(countRows(rt, 'alerts', `WHERE owner_id = '${leaver.id}' AND state IN ('open', 'acknowledged', 'in_progress')`)).toBe(0);
    expect(rt.store.sqlite.prepare('SELECT member_id AS m, to_ids AS t FROM handovers').all()).toEqual([{ m: leaver.id, t: JSON.stringify([li.id, chen.id]) }]);
    expect(mentions(rt, leaver.id, ['touchpoints', 'person_changes', 'alerts', 'handovers']).filter((m) => m !== 'follow_ups.owner_id')).toEqual([]);
    expect(countRows(rt, 'follow_ups', `WHERE owner_id = '${leaver.id}' AND done = 0`)).toBe(0);
    expect((await call(rt, 'members.get', { id: leaver.id })).deletedAt).not.toBeNull();
  });

  it('refuses handing over to the leaver or to someone unknown, and moves nothing', async () => {
    const rt = openTest();
    const leaver = await call(rt, 'members.create', { name: 'L' });
    const a = await call(rt, 'accounts.create', { name: 'A', ownerId: leaver.id });
    const before = countRows(rt, 'sync_outbox');
    expect((await refuse(rt, 'handover.apply', { memberId: leaver.id, to: [leaver.id] })).message).toMatch(/cannot take over their own/);
    expect((await refuse(rt, 'handover.apply', { memberId: leaver.id, to: ['ghost'] }, 'zh-CN')).message).toContain('不是在职的团队成员');
    expect(countRows(rt, 'sync_outbox')).toBe(before);
    expect((await call(rt, 'accounts.get', { id: a.id })).ownerId).toBe(leaver.id);
  });

  it('scores single points of failure per account and member, and builds the handover pack', async () => {
    const rt = openTest();
    const solo = await call(rt, 'members.create', { name: 'Solo' });
    const m2 = await call(rt, 'members.create', { name: 'Two' });
    const risky = await call(rt, 'accounts.create', { name: 'Risky', ownerId: solo.id });
    const spread = await call(rt, 'accounts.create', { name: 'Spread', ownerId: m2.id });
    const boss = await call(rt, 'people.create', { accountId: risky.id, name: 'Boss', roles: ['decider'], ownerIds: [solo.id] });
    const boss2 = await call(rt, 'people.create', { accountId: spread.id, name: 'Boss2', roles: ['decider'], ownerIds: [solo.id, m2.id] });
    const recent = new Date(Date.now() - 30 * 86_400_000).toISOString();
    for (let i = 0; i < 3; i++) {
      await call(rt, 'touchpoints.create', {
        accountId: risky.id,
        at: recent,
        kind: 'call',
        summary: `c${i}`,
        ourParticipants: [solo.id],
        theirParticipants: [boss.id],
      });
      await call(rt, 'touchpoints.create', {
        accountId: spread.id,
        at: recent,
        kind: 'call',
        summary: `s${i}`,
        ourParticipants: [i % 2 ? solo.id : m2.id],
        theirParticipants: [boss2.id],
      });
    }
    await call(rt, 'touchpoints.create', { accountId: risky.id, at: '2020-01-01T00:00:00.000Z', kind: 'call', summary: 'old', ourParticipants: [m2.id] });
    await call(rt, 'followups.create', { accountId: risky.id, task: 'Renewal talk', ownerId: solo.id });
    await call(rt, 'agreements.create', { accountId: risky.id, title: 'Framework', renewalDate: '2027-02-01' });

    const risk = await call<{
      accounts: { accountId: string; score: number; soleCovered: { personId: string; memberId: string }[]; topShare: number }[];
      members: { memberId: string; score: number; accounts: number; soleKeyPeople: number }[];
    }>(rt, 'handover.risk', {});
    expect(risk.accounts[0]).toMatchObject({ accountId: risky.id, score: 100, topShare: 1, soleCovered: [{ personId: boss.id, memberId: solo.id }] });
    const spreadRisk = risk.accounts.find((a) => a.accountId === spread.id)!;
    expect(spreadRisk.soleCovered).toEqual([]);
    expect(spreadRisk.score).toBeLessThan(50);
    expect(risk.members[0]).toMatchObject({ memberId: solo.id, score: 100, accounts: 1, soleKeyPeople: 1 });

    const pack = await call<{
      people: { name: string; key: boolean; knownBy: { name: string; touchpoints: number; owner: boolean }[] }[];
      touchpoints: Rec[];
      followUps: Rec[];
      agreements: Rec[];
      risk: { score: number };
    }>(rt, 'handover.pack', { accountId: risky.id });
    expect(pack.people).toEqual([
      expect.objectContaining({ name: 'Boss', key: true, knownBy: [expect.objectContaining({ name: 'Solo', touchpoints: 3, owner: true })] }),
    ]);
    expect(pack.touchpoints).toHaveLength(3); // the one from 2020 is older than 12 months
    expect(pack.followUps.map((f) => f.task)).toContain('Renewal talk');
    expect(pack.followUps.every((f) => f.done === false)).toBe(true);
    expect(pack.agreements.map((a) => a.renewalDate)).toEqual(['2027-02-01']);
    expect(pack.risk.score).toBe(100);
  });
});
