/**
 * `map.get` through the dispatcher on a real store: today's map (people, links, members, newest
 * touchpoints, flags, colour), the map as of earlier instants rebuilt from the stored history
 * (edits made at pinned times), the configurable decider window, and refusals in the caller's
 * language. The clock is faked (Date only) so each edit lands on a known day.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compareMaps } from '../../shared/map/history';
import type { MapView } from '../../shared/map/schemas';
import { call, cleanup, openTest, refuse, type Runtime } from '../helpers/domain-fixtures';

const T0 = '2026-01-10T09:00:00.000Z';
const T1 = '2026-02-10T09:00:00.000Z';
const T2 = '2026-03-10T09:00:00.000Z';
const NOW = '2026-04-01T09:00:00.000Z';

describe('map.get', () => {
  let rt: Runtime;
  const id: Record<string, string> = {};
  const map = (input: Record<string, unknown> = {}, locale: 'en' | 'zh-CN' = 'en') => call<MapView>(rt, 'map.get', { accountId: id.account, ...input }, locale);
  const byName = (view: MapView) => Object.fromEntries(view.people.map((p) => [p.name, p]));

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    rt = openTest();
    id.wang = (await call(rt, 'members.create', { name: '王磊', role: 'kam' })).id;
    id.laura = (await call(rt, 'members.create', { name: 'Laura Becker' })).id;
    id.gone = (await call(rt, 'members.create', { name: 'Tom Novak', active: false })).id;
    id.account = (await call(rt, 'accounts.create', { name: '华东重工' })).id;
    id.other = (await call(rt, 'accounts.create', { name: 'Elsewhere' })).id;
    const person = async (name: string, fields: Record<string, unknown>) => (await call(rt, 'people.create', { accountId: id.account, name, ...fields })).id;
    id.ceo = await person('赵总', { title: '总经理', roles: ['decider'], stance: 'sceptic', influence: 5, ownerIds: [id.wang] });
    id.cfo = await person('Anna Schmidt', { reportsToId: id.ceo, roles: ['approver'], stance: 'supporter', influence: 4, ownerIds: [id.laura] });
    id.eng = await person('陈工', { reportsToId: id.cfo, roles: ['user', 'influencer'], stance: 'champion', ownerIds: [id.gone] });
    id.buyer = await person('Bo Li', { reportsToId: id.cfo, roles: ['buyer'], ownerIds: [id.wang] });
    await call(rt, 'people.create', { accountId: id.other, name: 'Not here', roles: ['initiator', 'gatekeeper'] });
    id.link = (await call(rt, 'links.create', { accountId: id.account, fromId: id.eng, toId: id.ceo, strength: 4 })).id;

    vi.setSystemTime(T1);
    await call(rt, 'people.update', { id: id.ceo, stance: 'champion' });
    await call(rt, 'people.update', { id: id.eng, reportsToId: id.ceo });
    id.newbie = await person('Newbie', { roles: ['initiator', 'gatekeeper'], ownerIds: [id.laura] });

    vi.setSystemTime(T2);
    await call(rt, 'people.delete', { id: id.buyer });
    await call(rt, 'links.delete', { id: id.link });
    await call(rt, 'touchpoints.create', {
      accountId: id.account,
      at: '2026-03-01T10:00:00+08:00',
      kind: 'visit',
      summary: 'Visit',
      theirParticipants: [id.ceo, id.cfo],
    });
    await call(rt, 'touchpoints.create', { accountId: id.account, at: '2026-01-05T10:00:00.000Z', kind: 'call', summary: 'Call', theirParticipants: [id.cfo] });
    const binned = await call(rt, 'touchpoints.create', {
      accountId: id.account,
      at: '2026-03-30T10:00:00.000Z',
      kind: 'call',
      summary: 'Binned',
      theirParticipants: [id.ceo],
    });
    await call(rt, 'touchpoints.delete', { id: binned.id });

    vi.setSystemTime(NOW);
  });

  afterAll(() => {
    vi.useRealTimers();
    cleanup();
  });

  it('today: the account’s active people in name order, their newest touchpoints, links, the team', async () => {
    const view = await map();
    expect(view).toMatchObject({ accountId: id.account, accountName: '华东重工', asOf: null, evaluatedAt: NOW, decisionWindowDays: 90 });
    // English order compares the Chinese names by code point (赵 U+8D75 before 陈 U+9648); see the zh-CN test below.
    expect(view.people.map((p) => p.name)).toEqual(['Anna Schmidt', 'Newbie', '赵总', '陈工']);
    const people = byName(view);
    expect(people['赵总']).toMatchObject({
      stance: 'champion',
      reportsToId: null,
      roles: ['decider'],
      influence: 5,
      ownerIds: [id.wang],
      lastTouchpointAt: '2026-03-01T02:00:00.000Z',
    });
    expect(people['陈工']).toMatchObject({ reportsToId: id.ceo, lastTouchpointAt: null });
    expect(people['Anna Schmidt']!.lastTouchpointAt).toBe('2026-03-01T02:00:00.000Z');
    expect(view.links).toEqual([]);
    // Active members, and an inactive one only because someone here names them.
    expect(view.members.map((m) => [m.name, m.active]).sort()).toEqual([
      ['Laura Becker', true],
      ['Tom Novak', false],
      ['王磊', true],
    ]);
  });

  it('today’s flags and colour: the buyer role is vacant now the buyer is binned; all else holds', async () => {
    const view = await map();
    expect(view.flags.map((f) => `${f.kind}:${f.role ?? f.personId}`)).toEqual(['role_vacant:buyer']);
    expect(view.status).toEqual({
      colour: 'amber',
      reasons: [{ key: 'map.reasons.role_vacant.amber', severity: 'amber', params: { count: 1, roles: ['buyer'] } }],
    });
  });

  it('the decider window is the caller’s: 20 days makes a month-old visit too old', async () => {
    const view = await map({ decisionWindowDays: 20 });
    expect(view.flags).toContainEqual(expect.objectContaining({ kind: 'decider_stale', personId: id.ceo, days: 20, lastAt: '2026-03-01T02:00:00.000Z' }));
    expect(view.status.reasons.map((r) => r.key)).toContain('map.reasons.decider_stale.amber');
  });

  it('as of mid-January: the chain as first entered, the link, the buyer; no newbie; flags judged then', async () => {
    const view = await map({ asOf: '2026-01-20T00:00:00.000Z' });
    expect(view.asOf).toBe('2026-01-20T00:00:00.000Z');
    expect(view.evaluatedAt).toBe('2026-01-20T00:00:00.000Z');
    const people = byName(view);
    expect(Object.keys(people).sort()).toEqual(['Anna Schmidt', 'Bo Li', '陈工', '赵总'].sort());
    expect(people['赵总']!.stance).toBe('sceptic');
    expect(people['陈工']!.reportsToId).toBe(id.cfo);
    expect(people['Anna Schmidt']!.lastTouchpointAt).toBe('2026-01-05T10:00:00.000Z');
    expect(people['赵总']!.lastTouchpointAt).toBeNull();
    expect(view.links.map((l) => l.id)).toEqual([id.link]);
    const kinds = view.flags.map((f) => `${f.kind}:${f.severity}:${f.personId ?? f.role}`).sort();
    expect(kinds).toEqual(
      [`decider_stale:amber:${id.ceo}`, `decider_stance:amber:${id.ceo}`, 'role_vacant:amber:gatekeeper', 'role_vacant:amber:initiator'].sort(),
    );
  });

  it('as of mid-February: the stance and reporting line changed, the newbie arrived, the buyer still there', async () => {
    const view = await map({ asOf: '2026-02-20T00:00:00+08:00' });
    const people = byName(view);
    expect(Object.keys(people).sort()).toEqual(['Anna Schmidt', 'Bo Li', 'Newbie', '陈工', '赵总'].sort());
    expect(people['赵总']!.stance).toBe('champion');
    expect(people['陈工']!.reportsToId).toBe(id.ceo);
    expect(view.links).toHaveLength(1);
  });

  it('before anyone was entered: an empty map, red because every role is vacant', async () => {
    const view = await map({ asOf: '2025-12-31T23:59:59.999Z' });
    expect(view.people).toEqual([]);
    expect(view.status.colour).toBe('red');
    expect(view.flags.every((f) => f.kind === 'role_vacant')).toBe(true);
  });

  it('the compare of January with today: who came, who went, who changed', async () => {
    const then = await map({ asOf: '2026-01-20T00:00:00.000Z' });
    const now = await map();
    const diff = compareMaps(then, now);
    expect(diff.added).toEqual([id.newbie]);
    expect(diff.removed).toEqual([id.buyer]);
    expect(diff.changed).toEqual(
      expect.arrayContaining([
        { id: id.ceo, fields: ['stance'], stance: { from: 'sceptic', to: 'champion' } },
        { id: id.eng, fields: ['reportsToId'], stance: null },
      ]),
    );
    expect(diff.changed).toHaveLength(2);
    expect(diff.links).toEqual({ added: [], removed: [id.link] });
  });

  it('refuses an unknown account and bad input, in the caller’s language', async () => {
    expect((await refuse(rt, 'map.get', { accountId: 'nope' })).code).toBe('not_found');
    const bad = await refuse(rt, 'map.get', { accountId: id.account, asOf: 'yesterday', decisionWindowDays: 0 }, 'zh-CN');
    expect(bad.code).toBe('validation');
    expect(bad.issues?.map((i) => i.path).sort()).toEqual(['asOf', 'decisionWindowDays']);
    expect(bad.message).toMatch(/[\u4e00-\u9fff]/);
    expect((await refuse(rt, 'map.get', { accountId: id.account, extra: 1 })).code).toBe('validation');
  });

  it('sorts names in the caller’s language (pinyin for zh-CN)', async () => {
    const zh = await map({}, 'zh-CN');
    expect(zh.people.map((p) => p.name).indexOf('陈工')).toBeLessThan(zh.people.map((p) => p.name).indexOf('赵总'));
  });
});
