/**
 * `search.query` through the contract: Chinese substrings of any length, case-insensitive
 * English, grouping by kind, the bin, renames, and queries full of LIKE/FTS syntax.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResult } from '../../shared/domain';
import { call, cleanup, closeTest, openTest, refuse, seedWorld, type Runtime, type World } from '../helpers/domain-fixtures';

afterAll(cleanup);

type Hit = SearchResult['accounts'][number];

const search = (rt: Runtime, text: string, limit?: number) => call<SearchResult>(rt, 'search.query', limit === undefined ? { text } : { text, limit });
const titles = (hits: Hit[]) => hits.map((h) => h.title).sort();
const hitIds = (hits: Hit[]) => hits.map((h) => h.id).sort();
const none = { count: 0, atLeast: false };

describe('search.query', () => {
  let rt: Runtime;
  let w: World;
  let wangWeiqiang: string;
  let tpNeeds: string;
  let tpEnglish: string;

  beforeAll(async () => {
    rt = openTest();
    w = await seedWorld(rt); // 华为技术 (张伟 采购总监, 李娜 技术总监), Siemens China (Anna Schmidt CTO), a visit to 华为
    await call(rt, 'accounts.update', { id: w.accountB, aliases: ['西门子中国'] });
    await call(rt, 'accounts.create', { name: '中兴通讯', industry: 'telecom' });
    wangWeiqiang = (await call(rt, 'people.create', { accountId: w.accountB, name: '王伟强', title: '采购经理' })).id;
    tpNeeds = (
      await call(rt, 'touchpoints.create', {
        accountId: w.accountA,
        at: '2026-11-21T10:00:00.000Z',
        kind: 'call',
        summary: '电话沟通交付进度',
        needs: '希望缩短交付周期',
      })
    ).id;
    tpEnglish = (
      await call(rt, 'touchpoints.create', {
        accountId: w.accountB,
        at: '2026-11-22T10:00:00.000Z',
        kind: 'meeting',
        summary: 'Technical exchange on the NEW Platform',
      })
    ).id;
  });

  it('a single Chinese character finds a person ("伟" → 张伟, 王伟强), with the account', async () => {
    const result = await search(rt, '伟');
    expect(titles(result.people)).toEqual(['张伟', '王伟强']);
    const zhang = result.people.find((h) => h.title === '张伟')!;
    expect(zhang).toMatchObject({ kind: 'person', id: w.personA1, accountId: w.accountA, accountName: '华为技术' });
    expect(result.people.find((h) => h.title === '王伟强')).toMatchObject({ id: wangWeiqiang, accountId: w.accountB, accountName: 'Siemens China' });
    expect(result.accounts).toEqual([]);
    expect(result.touchpoints).toEqual([]);
  });

  it('two characters find accounts, people (by title) and touchpoints, each in its own group', async () => {
    const result = await search(rt, '采购');
    // 张伟 is 采购总监, 王伟强 is 采购经理; the seeded visit is 拜访采购部.
    expect(titles(result.people)).toEqual(['张伟', '王伟强']);
    expect(hitIds(result.touchpoints)).toEqual([w.touchpointA]);
    expect(result.accounts).toEqual([]);
    expect(result.touchpoints[0]).toMatchObject({ kind: 'touchpoint', accountId: w.accountA, accountName: '华为技术' });
    expect(result.touchpoints[0]!.snippet).toContain('采购');

    expect(titles((await search(rt, '华为')).accounts)).toEqual(['华为技术']);
    expect(titles((await search(rt, '张伟')).people)).toEqual(['张伟']);
    // Needs learned are searched too.
    expect(hitIds((await search(rt, '缩短')).touchpoints)).toEqual([tpNeeds]);
  });

  it('three or more characters find any substring: names, aliases, summaries and needs', async () => {
    expect(titles((await search(rt, '王伟强')).people)).toEqual(['王伟强']);
    expect(titles((await search(rt, '兴通讯')).accounts)).toEqual(['中兴通讯']);
    expect(titles((await search(rt, '华为技术')).accounts)).toEqual(['华为技术']);
    const alias = await search(rt, '西门子');
    expect(alias.accounts.map((h) => h.id)).toEqual([w.accountB]);
    expect(hitIds((await search(rt, '框架协议')).touchpoints)).toEqual([w.touchpointA]);
    const needs = await search(rt, '缩短交付');
    expect(hitIds(needs.touchpoints)).toEqual([tpNeeds]);
    expect(needs.touchpoints[0]!.snippet).toContain('缩短');
    expect(hitIds((await search(rt, '交付')).touchpoints)).toEqual([tpNeeds]);
    // Nothing matches a string that is nowhere.
    expect(await search(rt, '不存在的客户')).toEqual({
      accounts: [],
      people: [],
      touchpoints: [],
      totals: { accounts: none, people: none, touchpoints: none },
    });
  });

  it('English is case-insensitive, short or long', async () => {
    for (const text of ['SIEMENS', 'siemens', 'Siemens China', 'SIEMENS CHINA', 'si', 'EMEN']) {
      expect(titles((await search(rt, text)).accounts), text).toEqual(['Siemens China']);
    }
    expect(titles((await search(rt, 'anna schmidt')).people)).toEqual(['Anna Schmidt']);
    expect(titles((await search(rt, 'cto')).people)).toEqual(['Anna Schmidt']);
    expect(hitIds((await search(rt, 'new platform')).touchpoints)).toEqual([tpEnglish]);
    expect(hitIds((await search(rt, 'TECHNICAL EXCHANGE')).touchpoints)).toEqual([tpEnglish]);
  });

  it('results are grouped by kind, and each group keeps to the limit', async () => {
    const result = await search(rt, '技术');
    // 华为技术 (account), 李娜 技术总监 (person), the English touchpoint has no 技术.
    expect(titles(result.accounts)).toEqual(['华为技术']);
    expect(titles(result.people)).toEqual(['李娜']);
    for (const [group, kind] of [
      ['accounts', 'account'],
      ['people', 'person'],
      ['touchpoints', 'touchpoint'],
    ] as const) {
      for (const hit of result[group]) expect(hit.kind).toBe(kind);
    }
    const one = await search(rt, '伟', 1);
    expect(one.people).toHaveLength(1);
  });

  it('refuses an empty or too long query', async () => {
    expect((await refuse(rt, 'search.query', { text: '   ' })).issues).toEqual([{ path: 'text', message: 'Required.' }]);
    expect((await refuse(rt, 'search.query', { text: 'x'.repeat(201) })).issues).toEqual([{ path: 'text', message: 'Use at most 200 characters.' }]);
    expect((await refuse(rt, 'search.query', { text: 'a', limit: 0 })).issues?.map((i) => i.path)).toEqual(['limit']);
  });
});

describe('search follows the bin and renames', () => {
  it('a binned account, person or touchpoint leaves the results and comes back on restore', async () => {
    const rt = openTest();
    const w = await seedWorld(rt);
    const has = async (text: string, group: 'accounts' | 'people' | 'touchpoints', id: string) => (await search(rt, text))[group].some((h) => h.id === id);

    await call(rt, 'people.delete', { id: w.personA1 });
    expect(await has('伟', 'people', w.personA1)).toBe(false);
    expect(await has('采购总监', 'people', w.personA1)).toBe(false);
    await call(rt, 'people.restore', { id: w.personA1 });
    expect(await has('伟', 'people', w.personA1)).toBe(true);
    expect(await has('采购总监', 'people', w.personA1)).toBe(true);

    await call(rt, 'accounts.delete', { id: w.accountA });
    expect(await has('华为', 'accounts', w.accountA)).toBe(false);
    expect(await has('华为技术', 'accounts', w.accountA)).toBe(false);
    await call(rt, 'accounts.restore', { id: w.accountA });
    expect(await has('华为', 'accounts', w.accountA)).toBe(true);
    expect(await has('华为技术', 'accounts', w.accountA)).toBe(true);

    await call(rt, 'touchpoints.delete', { id: w.touchpointA });
    expect(await has('采购', 'touchpoints', w.touchpointA)).toBe(false);
    expect(await has('框架协议', 'touchpoints', w.touchpointA)).toBe(false);
    await call(rt, 'touchpoints.restore', { id: w.touchpointA });
    expect(await has('采购', 'touchpoints', w.touchpointA)).toBe(true);
    expect(await has('框架协议', 'touchpoints', w.touchpointA)).toBe(true);
    closeTest(rt);
  });

  it('renaming updates the index (accounts, people, touchpoint text), also after a restart', async () => {
    let rt = openTest();
    const w = await seedWorld(rt);
    await call(rt, 'accounts.update', { id: w.accountA, name: '荣耀终端' });
    await call(rt, 'people.update', { id: w.personA1, name: '张晓东' });
    await call(rt, 'touchpoints.update', { id: w.touchpointA, summary: '技术交流日', needs: 'Wants better reporting' });

    const check = async () => {
      expect((await search(rt, '华为技术')).accounts).toEqual([]);
      expect((await search(rt, '华为')).accounts).toEqual([]);
      expect((await search(rt, '荣耀终端')).accounts.map((h) => h.id)).toEqual([w.accountA]);
      expect((await search(rt, '荣耀')).accounts.map((h) => h.id)).toEqual([w.accountA]);
      expect((await search(rt, '张伟')).people).toEqual([]);
      expect((await search(rt, '晓东')).people.map((h) => h.id)).toEqual([w.personA1]);
      // A person's hit names the account's current name.
      expect((await search(rt, '张晓东')).people[0]).toMatchObject({ id: w.personA1, accountName: '荣耀终端' });
      expect((await search(rt, '框架协议')).touchpoints).toEqual([]);
      expect((await search(rt, '交流日')).touchpoints.map((h) => h.id)).toEqual([w.touchpointA]);
      expect((await search(rt, 'BETTER REPORTING')).touchpoints.map((h) => h.id)).toEqual([w.touchpointA]);
    };
    await check();
    const dir = rt.dir;
    closeTest(rt);
    rt = openTest(dir);
    await check();
    closeTest(rt);
  });
});

describe('queries with LIKE and FTS syntax never throw and match literally', () => {
  const SPECIAL = 'Special 100% foo_bar "quoted" *star* (AND) OR NEAR(x y) a-b: c^d \\e\'f';
  const PLAIN = 'Plain 1000 fooXbar quoted star AND x y';
  let rt: Runtime;

  beforeAll(async () => {
    rt = openTest();
    for (const name of [SPECIAL, PLAIN]) {
      const account = (await call(rt, 'accounts.create', { name })).id;
      await call(rt, 'people.create', { accountId: account, name });
      await call(rt, 'touchpoints.create', { accountId: account, at: '2026-11-20T09:30:00.000Z', kind: 'visit', summary: name });
    }
  });

  const QUERIES = [
    '%',
    '_',
    '"',
    '*',
    '(',
    ')',
    '-',
    ':',
    '^',
    '\\',
    "'",
    '100%',
    '0%',
    'o_b',
    '%_',
    '"quoted"',
    '"quoted',
    '*star*',
    'star*',
    '(AND)',
    'AND',
    'OR',
    'NEAR',
    'OR NEAR',
    'NEAR(x y)',
    'NEAR(',
    'a OR b',
    'x AND y',
    'NOT x',
    'a-b:',
    'c^d',
    '\\e',
    "e'f",
    '"""',
    '***',
    '%%%',
    '___',
    'foo%bar',
    'foo_bar',
    'fooXbar',
    '{x}',
    '[x]',
  ];

  it.each(QUERIES)('%j', async (text) => {
    const result = await search(rt, text);
    const expected = [SPECIAL, PLAIN].filter((n) => n.toLowerCase().includes(text.toLowerCase())).sort();
    expect(titles(result.accounts)).toEqual(expected);
    expect(titles(result.people)).toEqual(expected);
    expect(result.touchpoints).toHaveLength(expected.length);
  });

  it('the wildcards are literal: "%" and "_" match only where they are written', async () => {
    expect(titles((await search(rt, 'foo_bar')).accounts)).toEqual([SPECIAL]);
    expect(titles((await search(rt, '100%')).accounts)).toEqual([SPECIAL]);
    expect(titles((await search(rt, '1000')).accounts)).toEqual([PLAIN]);
  });

  afterAll(() => closeTest(rt));
});

describe('search bugs', () => {
  it('each kind gets its own share of the limit: many matching accounts must not push every person out', async () => {
    const rt = openTest();
    const holder = (await call(rt, 'accounts.create', { name: 'Holder' })).id;
    // Twelve short account names and one longer person name, all containing 伟.
    for (let i = 1; i <= 12; i++) await call(rt, 'accounts.create', { name: `伟${i}` });
    const person = (await call(rt, 'people.create', { accountId: holder, name: '欧阳伟明' })).id;
    const result = await search(rt, '伟', 5);
    expect(result.accounts).toHaveLength(5);
    // Today the accounts and people share one query limited to 2 × limit rows, ordered by title
    // length, so ten accounts fill it and the people group comes back empty.
    expect(result.people.map((h) => h.id)).toEqual([person]);
    closeTest(rt);
  });

  it('the JSON of the aliases is not searchable text: "[]" and a double quote match no account', async () => {
    const rt = openTest();
    await call(rt, 'accounts.create', { name: 'Plain' });
    await call(rt, 'accounts.create', { name: 'Bosch Automotive', aliases: ['博世'] });
    // The index body holds the aliases as JSON text (`[]`, `["博世"]`), so brackets, quotes and
    // commas match accounts whose visible text has none.
    expect((await search(rt, '[]')).accounts).toEqual([]);
    expect((await search(rt, '"')).accounts).toEqual([]);
    expect((await search(rt, '["')).accounts).toEqual([]);
    closeTest(rt);
  });

  it("tells each kind's total beyond the page, and pages through every hit with offset, by each way of searching", async () => {
    const rt = openTest();
    const holder = (await call(rt, 'accounts.create', { name: 'Holder' })).id;
    for (let i = 1; i <= 13; i++) await call(rt, 'accounts.create', { name: `伟业${i} Acme` });
    const people: string[] = [];
    for (let i = 1; i <= 11; i++) people.push((await call(rt, 'people.create', { accountId: holder, name: `王伟${i}`, title: i % 2 ? '采购' : 'buyer' })).id);
    for (let i = 1; i <= 9; i++) {
      await call(rt, 'touchpoints.create', {
        accountId: holder,
        at: `2026-11-${String(i + 10)}T10:00:00.000Z`,
        kind: 'call',
        summary: `伟大的会议 Acme meeting ${i}`,
      });
    }
    // One character (the single-character index), two Latin letters (a scan), three or more (trigrams).
    for (const [text, accounts, persons, touchpoints] of [
      ['伟', 13, 11, 9],
      ['Ac', 13, 0, 9],
      ['Acme', 13, 0, 9],
      ['王伟', 0, 11, 0],
    ] as const) {
      const first = await call<SearchResult>(rt, 'search.query', { text, limit: 4 });
      expect(first.totals, text).toEqual({
        accounts: { count: accounts, atLeast: false },
        people: { count: persons, atLeast: false },
        touchpoints: { count: touchpoints, atLeast: false },
      });
      expect(first.accounts.length, text).toBe(Math.min(4, accounts));
      // Page by page through one kind: every hit once, none twice, and the others are not asked.
      for (const [kind, group, total] of [
        ['account', 'accounts', accounts],
        ['person', 'people', persons],
        ['touchpoint', 'touchpoints', touchpoints],
      ] as const) {
        const seen: string[] = [];
        for (let offset = 0; offset < total + 4; offset += 4) {
          const page = await call<SearchResult>(rt, 'search.query', { text, limit: 4, offset, kinds: [kind] });
          seen.push(...page[group].map((h) => h.id));
          for (const other of ['accounts', 'people', 'touchpoints'] as const) if (other !== group) expect(page[other]).toEqual([]);
        }
        expect(seen.length, `${text} ${kind}`).toBe(total);
        expect(new Set(seen).size, `${text} ${kind}`).toBe(total);
      }
    }
    closeTest(rt);
  });

  it('counts up to 1,000 and then says "at least"', async () => {
    const rt = openTest();
    const holder = (await call(rt, 'accounts.create', { name: 'Holder' })).id;
    // Straight into the table (the search triggers index them), a thousand calls would take seconds.
    const insert = rt.store.sqlite.prepare(
      "INSERT INTO people (id, account_id, name, roles, stance, influence, strength, owner_ids, status, strategies, created_at, updated_at) VALUES (?, ?, ?, '[]', 'neutral', 3, 1, '[]', 'active', '{}', '2026-01-01', '2026-01-01')",
    );
    rt.store.sqlite.transaction(() => {
      for (let i = 0; i < 1002; i++) insert.run(`bulk-${i}`, holder, `李${i}`);
    })();
    const result = await call<SearchResult>(rt, 'search.query', { text: '李', limit: 5 });
    expect(result.people).toHaveLength(5);
    expect(result.totals.people).toEqual({ count: 1000, atLeast: true });
    closeTest(rt);
  });
});
