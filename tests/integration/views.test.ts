/**
 * The read models that cross record kinds, through the contract: the portfolio (filters, every
 * sort both ways, paging, pinyin name order, last touchpoint), due follow-ups and the role
 * strategies with their defaults in the caller's language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUYING_ROLES, PORTFOLIO_SORTS, type PortfolioRow } from '../../shared/domain';
import { en } from '../../shared/i18n/en';
import { zhCN } from '../../shared/i18n/zh-CN';
import { call, cleanup, closeTest, openTest, refuse, type Locale, type Rec, type Runtime } from '../helpers/domain-fixtures';

afterAll(cleanup);

type Page = { total: number; rows: PortfolioRow[] };
const portfolio = (rt: Runtime, input: Record<string, unknown> = {}, locale: Locale = 'en') => call<Page>(rt, 'portfolio.list', input, locale);
const names = (page: Page) => page.rows.map((r) => r.name);

describe('portfolio.list', () => {
  let rt: Runtime;
  const m = { wang: '', laura: '' };
  const a: Record<string, string> = {};

  beforeAll(async () => {
    rt = openTest();
    m.wang = (await call(rt, 'members.create', { name: '王磊', role: 'kam' })).id;
    m.laura = (await call(rt, 'members.create', { name: 'Laura Becker', role: 'kam' })).id;
    const accounts: [string, Record<string, unknown>][] = [
      ['中兴通讯', { tier: 'growth', stage: 'maturity', level: 'solution', ownerId: m.wang }],
      ['Siemens China', { tier: 'standard', stage: 'prospect', level: 'transactional', aliases: ['西门子'] }],
      ['阿里巴巴', { tier: 'strategic', stage: 'growth', level: 'strategic', ownerId: m.wang }],
      ['Bosch Automotive', { tier: 'key', stage: 'decline', level: 'preferred', ownerId: m.laura }],
      ['比亚迪', { tier: 'key', stage: 'development', level: 'preferred', ownerId: m.laura }],
      ['已删除客户', { tier: 'strategic', stage: 'growth', level: 'strategic', ownerId: m.wang }],
    ];
    for (const [name, fields] of accounts) a[name] = (await call(rt, 'accounts.create', { name, ...fields })).id;

    const person = async (account: string, name: string) => (await call(rt, 'people.create', { accountId: a[account], name })).id;
    await person('阿里巴巴', '张伟');
    await person('阿里巴巴', '李娜');
    await call(rt, 'people.delete', { id: await person('阿里巴巴', '已离开') });
    await person('比亚迪', '王芳');
    await person('已删除客户', '赵静');

    const touch = async (account: string, at: string) => (await call(rt, 'touchpoints.create', { accountId: a[account], at, kind: 'visit', summary: 's' })).id;
    await touch('阿里巴巴', '2026-02-01T08:00:00.000Z');
    await touch('阿里巴巴', '2025-12-01T08:00:00.000Z');
    // The newest touchpoint of 阿里巴巴 is in the bin: it does not count.
    await call(rt, 'touchpoints.delete', { id: await touch('阿里巴巴', '2026-05-01T08:00:00.000Z') });
    await touch('比亚迪', '2026-04-01T08:00:00.000Z');
    await touch('Siemens China', '2026-03-15T08:00:00.000Z');
    await touch('Bosch Automotive', '2026-01-10T08:00:00.000Z');
    await touch('已删除客户', '2026-06-01T08:00:00.000Z');
    // A binned account is in no page, whatever it holds.
    await call(rt, 'accounts.delete', { id: a['已删除客户'] });
  });

  it('lists every active account with owner, people and last touchpoint', async () => {
    const page = await portfolio(rt);
    expect(page.total).toBe(5);
    const byName = Object.fromEntries(page.rows.map((r) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(['Bosch Automotive', 'Siemens China', '中兴通讯', '比亚迪', '阿里巴巴'].sort());
    expect(byName['阿里巴巴']).toEqual({
      id: a['阿里巴巴'],
      name: '阿里巴巴',
      tier: 'strategic',
      stage: 'growth',
      level: 'strategic',
      ownerId: m.wang,
      ownerName: '王磊',
      lastTouchpointAt: '2026-02-01T08:00:00.000Z',
      people: 2,
      // Computed after each write: a score, a colour and the worst reason as { key, params }.
      healthScore: expect.any(Number),
      healthColour: expect.stringMatching(/^(green|yellow|red)$/),
      healthReason: expect.stringContaining('"key":"health.reasons.'),
    });
    expect(byName['中兴通讯']).toMatchObject({ lastTouchpointAt: null, people: 0, ownerName: '王磊' });
    expect(byName['Siemens China']).toMatchObject({ ownerId: null, ownerName: null, lastTouchpointAt: '2026-03-15T08:00:00.000Z' });
    expect(byName['比亚迪']).toMatchObject({ people: 1, ownerName: 'Laura Becker', lastTouchpointAt: '2026-04-01T08:00:00.000Z' });
  });

  it('lastTouchpointAt follows the newest non-deleted touchpoint as touchpoints are added, binned and restored', async () => {
    const id = a['Bosch Automotive']!;
    const last = async () => (await portfolio(rt, { text: 'Bosch' })).rows[0]!.lastTouchpointAt;
    expect(await last()).toBe('2026-01-10T08:00:00.000Z');
    const newer = (await call(rt, 'touchpoints.create', { accountId: id, at: '2026-02-20T08:00:00.000Z', kind: 'call', summary: 'newer' })).id;
    expect(await last()).toBe('2026-02-20T08:00:00.000Z');
    await call(rt, 'touchpoints.delete', { id: newer });
    expect(await last()).toBe('2026-01-10T08:00:00.000Z');
    await call(rt, 'touchpoints.restore', { id: newer });
    expect(await last()).toBe('2026-02-20T08:00:00.000Z');
    await call(rt, 'touchpoints.delete', { id: newer });
  });

  it.each([
    [{ tier: 'key' }, ['Bosch Automotive', '比亚迪']],
    [{ tier: 'strategic' }, ['阿里巴巴']],
    [{ stage: 'growth' }, ['阿里巴巴']],
    [{ stage: 'prospect' }, ['Siemens China']],
    [{ level: 'preferred' }, ['Bosch Automotive', '比亚迪']],
    [{ level: 'solution' }, ['中兴通讯']],
    [{ ownerId: 'OWNER:wang' }, ['中兴通讯', '阿里巴巴']],
    [{ ownerId: 'OWNER:laura' }, ['Bosch Automotive', '比亚迪']],
    [{ text: '阿里' }, ['阿里巴巴']],
    [{ text: 'SIEMENS' }, ['Siemens China']],
    [{ text: '西门子' }, ['Siemens China']], // an alias
    [{ text: 'o' }, ['Bosch Automotive']],
    [{ text: '已删除' }, []],
    [{ text: '%' }, []],
    [{ text: '_' }, []],
    [{ tier: 'key', ownerId: 'OWNER:laura', level: 'preferred', stage: 'decline' }, ['Bosch Automotive']],
    [{ tier: 'key', ownerId: 'OWNER:wang' }, []],
  ] as [Record<string, string>, string[]][])('filters by %j', async (filter, expected) => {
    const input = Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, v.startsWith('OWNER:') ? m[v.slice(6) as keyof typeof m] : v]));
    const page = await portfolio(rt, input);
    expect(names(page).sort()).toEqual([...expected].sort());
    expect(page.total).toBe(expected.length);
  });

  const rank = {
    tier: ['strategic', 'key', 'growth', 'standard'],
    stage: ['prospect', 'development', 'growth', 'maturity', 'decline'],
    level: ['transactional', 'preferred', 'solution', 'strategic'],
  } as const;
  /** The sort key of a row: ranks for enumerations, text otherwise; null sorts last either way. */
  const keyOf = (sort: (typeof PORTFOLIO_SORTS)[number], row: PortfolioRow): number | string | null => {
    switch (sort) {
      case 'tier':
      case 'stage':
      case 'level':
        return (rank[sort] as readonly string[]).indexOf(row[sort]);
      case 'owner':
        return row.ownerName;
      case 'lastTouchpoint':
        return row.lastTouchpointAt;
      case 'name':
        return row.name;
      case 'health':
        return row.healthColour === null ? null : `${['red', 'yellow', 'green'].indexOf(row.healthColour)}:${String(row.healthScore).padStart(3, '0')}`;
    }
  };

  it.each(PORTFOLIO_SORTS.filter((s) => s !== 'name').flatMap((sort) => [false, true].map((descending) => ({ sort, descending }))))(
    'sorts by $sort (descending: $descending), nulls last',
    async ({ sort, descending }) => {
      const page = await portfolio(rt, { sort, descending });
      expect(page.total).toBe(5);
      expect(page.rows).toHaveLength(5);
      const keys = page.rows.map((r) => keyOf(sort, r));
      const present = keys.filter((k) => k !== null);
      // Nulls (no owner, no touchpoint) come after every value.
      expect(keys.slice(present.length).every((k) => k === null)).toBe(true);
      for (let i = 1; i < present.length; i++) {
        const [prev, next] = [present[i - 1]!, present[i]!];
        if (descending) expect(prev >= next, `${String(prev)} before ${String(next)}`).toBe(true);
        else expect(prev <= next, `${String(prev)} before ${String(next)}`).toBe(true);
      }
      // The order is strict where the keys differ: the first row has the extreme key.
      const distinct = new Set(present).size;
      expect(distinct).toBeGreaterThan(1);
    },
  );

  it('sorts by each key to a known order', async () => {
    const order = async (sort: string, descending = false) => names(await portfolio(rt, { sort, descending }));
    expect((await order('tier')).slice(0, 1)).toEqual(['阿里巴巴']);
    expect((await order('tier')).slice(-2)).toEqual(['中兴通讯', 'Siemens China']);
    expect(await order('stage')).toEqual(['Siemens China', '比亚迪', '阿里巴巴', '中兴通讯', 'Bosch Automotive']);
    expect(await order('stage', true)).toEqual(['Bosch Automotive', '中兴通讯', '阿里巴巴', '比亚迪', 'Siemens China']);
    expect(await order('lastTouchpoint')).toEqual(['Bosch Automotive', '阿里巴巴', 'Siemens China', '比亚迪', '中兴通讯']);
    expect(await order('lastTouchpoint', true)).toEqual(['比亚迪', 'Siemens China', '阿里巴巴', 'Bosch Automotive', '中兴通讯']);
    expect((await order('owner')).at(-1)).toBe('Siemens China');
    expect((await order('owner', true)).at(-1)).toBe('Siemens China');
    expect((await order('owner')).slice(0, 2).sort()).toEqual(['Bosch Automotive', '比亚迪'].sort());
  });

  it('sorts names in pinyin order for zh-CN (阿里巴巴 < 比亚迪 < 中兴通讯), both directions', async () => {
    expect(names(await portfolio(rt, {}, 'zh-CN'))).toEqual(['阿里巴巴', '比亚迪', '中兴通讯', 'Bosch Automotive', 'Siemens China']);
    expect(names(await portfolio(rt, { descending: true }, 'zh-CN'))).toEqual(['Siemens China', 'Bosch Automotive', '中兴通讯', '比亚迪', '阿里巴巴']);
    const en = names(await portfolio(rt, {}, 'en'));
    expect(en.slice(0, 2)).toEqual(['Bosch Automotive', 'Siemens China']);
  });

  it.each(PORTFOLIO_SORTS)('pages with offset/limit and a stable total (sort: %s)', async (sort) => {
    const all = await portfolio(rt, { sort }, 'zh-CN');
    const pages: PortfolioRow[] = [];
    for (let offset = 0; offset < 6; offset += 2) {
      const page = await portfolio(rt, { sort, offset, limit: 2 }, 'zh-CN');
      expect(page.total).toBe(5);
      expect(page.rows.length).toBe(Math.min(2, 5 - offset));
      pages.push(...page.rows);
    }
    expect(pages).toEqual(all.rows);
    expect(await portfolio(rt, { sort, offset: 10, limit: 2 })).toEqual({ total: 5, rows: [] });
    const filtered = await portfolio(rt, { sort, tier: 'key', offset: 1, limit: 1 });
    expect(filtered.total).toBe(2);
    expect(filtered.rows).toHaveLength(1);
  });

  it('refuses a bad filter or page', async () => {
    expect((await refuse(rt, 'portfolio.list', { tier: 'gold' })).issues?.map((i) => i.path)).toEqual(['tier']);
    expect((await refuse(rt, 'portfolio.list', { sort: 'revenue' })).issues?.map((i) => i.path)).toEqual(['sort']);
    expect((await refuse(rt, 'portfolio.list', { limit: 0 })).issues?.map((i) => i.path)).toEqual(['limit']);
    expect((await refuse(rt, 'portfolio.list', { offset: -1 })).issues?.map((i) => i.path)).toEqual(['offset']);
  });
});

describe('portfolio bugs', () => {
  it('lastTouchpointAt is the newest touchpoint by instant, across time zones (09:00+08:00 is before 05:00Z)', async () => {
    const rt = openTest();
    const account = (await call(rt, 'accounts.create', { name: '顺丰速运' })).id;
    // 09:00 in Beijing is 01:00Z, four hours before the 05:00Z call.
    await call(rt, 'touchpoints.create', { accountId: account, at: '2026-01-01T09:00:00+08:00', kind: 'visit', summary: 'Beijing morning' });
    await call(rt, 'touchpoints.create', { accountId: account, at: '2026-01-01T05:00:00Z', kind: 'call', summary: 'later, in UTC' });
    const row = (await portfolio(rt)).rows[0]!;
    expect(Date.parse(row.lastTouchpointAt!)).toBe(Date.parse('2026-01-01T05:00:00Z'));
    closeTest(rt);
  });

  it('the text filter matches names and aliases, not the JSON around the aliases', async () => {
    const rt = openTest();
    await call(rt, 'accounts.create', { name: 'Plain' });
    await call(rt, 'accounts.create', { name: 'Bosch Automotive', aliases: ['博世'] });
    // `a.aliases LIKE '%[%'` matches every account: the column holds the JSON text `[]`.
    expect(await portfolio(rt, { text: '[' })).toEqual({ total: 0, rows: [] });
    expect(await portfolio(rt, { text: '"' })).toEqual({ total: 0, rows: [] });
    closeTest(rt);
  });
});

describe('followups.due', () => {
  let rt: Runtime;
  const f: Record<string, string> = {};
  const m = { wang: '', laura: '' };
  const TODAY = '2026-06-10';

  beforeAll(async () => {
    rt = openTest();
    m.wang = (await call(rt, 'members.create', { name: '王磊' })).id;
    m.laura = (await call(rt, 'members.create', { name: 'Laura Becker' })).id;
    const account = (await call(rt, 'accounts.create', { name: '招商银行' })).id;
    const binnedAccount = (await call(rt, 'accounts.create', { name: '已删除客户' })).id;
    const add = async (key: string, fields: Record<string, unknown>, accountId = account) =>
      (f[key] = (await call(rt, 'followups.create', { accountId, task: key, ...fields })).id);
    await add('overdue', { dueDate: '2026-06-01', ownerId: m.wang });
    await add('today', { dueDate: TODAY, ownerId: m.laura });
    await add('in14', { dueDate: '2026-06-24', ownerId: m.wang });
    await add('in15', { dueDate: '2026-06-25', ownerId: m.wang });
    await add('doneOverdue', { dueDate: '2026-06-05', ownerId: m.wang, done: true });
    await add('undated', { ownerId: m.wang });
    await add('binned', { dueDate: '2026-06-02', ownerId: m.wang });
    await call(rt, 'followups.delete', { id: f.binned });
    await add('ofBinnedAccount', { dueDate: '2026-06-03', ownerId: m.wang }, binnedAccount);
    await call(rt, 'accounts.delete', { id: binnedAccount });
  });

  const due = async (input: Record<string, unknown>) => {
    const rows = await call<(Rec & { task: string; overdue: boolean; accountName: string })[]>(rt, 'followups.due', { today: TODAY, ...input });
    return rows;
  };
  const tasks = async (input: Record<string, unknown>) => (await due(input)).map((r) => r.task);

  it('lists open follow-ups overdue or due within 14 days, soonest first; done, undated and binned ones excluded', async () => {
    const rows = await due({});
    expect(rows.map((r) => r.task)).toEqual(['overdue', 'today', 'in14']);
    expect(rows.map((r) => r.overdue)).toEqual([true, false, false]);
    expect(rows.every((r) => r.accountName === '招商银行' && r.done === false && r.deletedAt === null)).toBe(true);
    expect(rows[0]).toMatchObject({ id: f.overdue, dueDate: '2026-06-01', ownerId: m.wang });
  });

  it.each([
    [0, ['overdue', 'today']],
    [14, ['overdue', 'today', 'in14']],
    [15, ['overdue', 'today', 'in14', 'in15']],
    [365, ['overdue', 'today', 'in14', 'in15']],
  ])('within %i days', async (withinDays, expected) => {
    expect(await tasks({ withinDays })).toEqual(expected);
  });

  it('filters by owner', async () => {
    expect(await tasks({ ownerId: m.wang, withinDays: 30 })).toEqual(['overdue', 'in14', 'in15']);
    expect(await tasks({ ownerId: m.laura })).toEqual(['today']);
    expect(await tasks({ ownerId: 'nobody' })).toEqual([]);
  });

  it('an earlier "today" makes fewer overdue; marking one done removes it', async () => {
    const rows = await due({ today: '2026-05-20', withinDays: 14 });
    expect(rows.map((r) => [r.task, r.overdue])).toEqual([['overdue', false]]);
    await call(rt, 'followups.update', { id: f.overdue, done: true });
    expect(await tasks({})).toEqual(['today', 'in14']);
    await call(rt, 'followups.update', { id: f.overdue, done: false });
    expect(await tasks({})).toEqual(['overdue', 'today', 'in14']);
  });

  it('refuses a malformed today or a window beyond a year', async () => {
    expect((await refuse(rt, 'followups.due', { today: '2026-6-10' })).issues?.map((i) => i.path)).toEqual(['today']);
    expect((await refuse(rt, 'followups.due', { withinDays: 366 })).issues).toEqual([{ path: 'withinDays', message: 'Must be at most 365.' }]);
  });
});

describe('strategies', () => {
  it('lists the seven roles with the default in the caller language; a stored strategy wins afterwards', async () => {
    let rt = openTest();
    const list = (locale: Locale) => call<{ id: string; strategy: string }[]>(rt, 'strategies.list', {}, locale);
    expect(await list('en')).toEqual(BUYING_ROLES.map((id) => ({ id, strategy: en.strategyDefaults[id] })));
    expect(await list('zh-CN')).toEqual(BUYING_ROLES.map((id) => ({ id, strategy: zhCN.strategyDefaults[id] })));
    expect(new Set(Object.values(zhCN.strategyDefaults)).size).toBe(7);

    const custom = '每季度一次高层会面，提前准备行业对标数据';
    expect(await call(rt, 'strategies.update', { id: 'decider', strategy: custom })).toEqual({ id: 'decider', strategy: custom });
    for (const locale of ['en', 'zh-CN'] as const) {
      const strategies = await list(locale);
      expect(strategies.find((s) => s.id === 'decider')!.strategy).toBe(custom);
      expect(strategies.filter((s) => s.id !== 'decider')).toEqual(
        BUYING_ROLES.filter((r) => r !== 'decider').map((id) => ({ id, strategy: (locale === 'en' ? en : zhCN).strategyDefaults[id] })),
      );
    }

    // A second update replaces the stored text; it survives a restart.
    await call(rt, 'strategies.update', { id: 'decider', strategy: 'Quarterly executive meeting' });
    await call(rt, 'strategies.update', { id: 'gatekeeper', strategy: '' });
    const dir = rt.dir;
    closeTest(rt);
    rt = openTest(dir);
    const after = await list('zh-CN');
    expect(after.find((s) => s.id === 'decider')!.strategy).toBe('Quarterly executive meeting');
    // A template cleared to nothing falls back to the default: a role is never left without advice.
    expect(after.find((s) => s.id === 'gatekeeper')!.strategy).toBe(zhCN.strategyDefaults.gatekeeper);
    expect(after.map((s) => s.id)).toEqual([...BUYING_ROLES]);
    closeTest(rt);
  });

  it('refuses an unknown role or a too long strategy and writes nothing', async () => {
    const rt = openTest();
    expect((await refuse(rt, 'strategies.update', { id: 'chairman', strategy: 'x' })).issues?.map((i) => i.path)).toEqual(['id']);
    expect((await refuse(rt, 'strategies.update', { id: 'buyer', strategy: 'x'.repeat(4001) }, 'zh-CN')).issues).toEqual([
      { path: 'strategy', message: '最多 4000 个字符。' },
    ]);
    expect((rt.store.sqlite.prepare('SELECT count(*) AS n FROM role_strategies').get() as { n: number }).n).toBe(0);
    closeTest(rt);
  });
});
