/**
 * The health dashboard (`health.dashboard`) on a real store: counts by colour, the tier × colour
 * matrix and the lifecycle funnel agree with each account's own health; the accounts whose
 * purchases fell lead the "fell most" lists with their score as of then; and one account's month
 * series (purchases with the 3-month average, requests with complaints, NPS/CSAT per quarter).
 * Months are counted back from today, as the store's clock runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, cleanup, openTest, type Runtime } from '../helpers/domain-fixtures';

afterAll(cleanup);

function month(back: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
}
const dayBack = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

type Colours = { green: number; yellow: number; red: number; none: number };
interface Fell {
  accountId: string;
  name: string;
  scoreThen: number;
  scoreNow: number;
  colourNow: string;
}
interface Dashboard {
  portfolio: {
    total: number;
    colours: Colours;
    tiers: { tier: string; colours: Colours }[];
    funnel: { stage: string; colours: Colours }[];
    fell30: Fell[];
    fell90: Fell[];
  } | null;
  account: {
    accountId: string;
    healthOverTime: { month: string; asOf: string; score: number; colour: string }[];
    purchases: { currency: string | null; months: { month: string; amount: number; trend: number | null }[] };
    requests: { month: string; count: number; complaints: number }[];
    satisfaction: { quarter: string; nps: number | null; npsAnswers: number; csat: number | null; csatAnswers: number }[];
    health: { score: number; colour: string; indicators: { code: string }[] };
  } | null;
}
interface Health {
  score: number;
  colour: 'green' | 'yellow' | 'red';
}

describe('health.dashboard', () => {
  let rt: Runtime;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    rt = openTest();
    const make = async (name: string, tier: string, stage: string) => (ids[name] = (await call(rt, 'accounts.create', { name, tier, stage })).id);
    await make('Falling GmbH', 'strategic', 'maturity');
    await make('Slipping AG', 'key', 'maturity');
    await make('Steady SA', 'key', 'growth');
    await make('New Ltd', 'standard', 'prospect');
    const buy = (account: string, back: number, amount: number, currency = 'EUR') =>
      call(rt, 'purchases.create', { accountId: ids[account], period: month(back), amount, currency });
    for (const [back, amount] of [
      [6, 1000],
      [5, 1000],
      [4, 1000],
      [3, 900],
      [2, 800],
      [1, 700],
    ] as const)
      await buy('Falling GmbH', back, amount);
    for (const [back, amount] of [
      [4, 1000],
      [3, 1000],
      [2, 900],
      [1, 800],
    ] as const)
      await buy('Slipping AG', back, amount);
    for (let back = 1; back <= 6; back++) await buy('Steady SA', back, 500);
    // Another currency's purchase is not summed into the main one.
    await buy('Falling GmbH', 1, 99_999, 'USD');
    const thisMonth = month(0);
    await call(rt, 'requests.create', { accountId: ids['Falling GmbH'], openedAt: `${thisMonth}-01`, severity: 'medium', complaint: true, summary: 'late' });
    await call(rt, 'requests.create', { accountId: ids['Falling GmbH'], openedAt: `${thisMonth}-01`, severity: 'low', complaint: false, summary: 'q' });
    await call(rt, 'requests.create', { accountId: ids['Falling GmbH'], openedAt: `${month(2)}-10`, severity: 'low', complaint: false, summary: 'q' });
    await call(rt, 'surveys.create', { accountId: ids['Falling GmbH'], answeredOn: `${thisMonth}-01`, nps: 10, csat: 4 });
    await call(rt, 'surveys.create', { accountId: ids['Falling GmbH'], answeredOn: `${thisMonth}-01`, nps: 3, csat: 2 });
    await call(rt, 'surveys.create', { accountId: ids['Falling GmbH'], answeredOn: `${thisMonth}-01`, nps: 9 });
  });

  it('counts the portfolio by colour, tier and stage as each account’s own health says', async () => {
    const { portfolio, account } = await call<Dashboard>(rt, 'health.dashboard', {});
    expect(account).toBeNull();
    const health = new Map<string, Health>();
    for (const [name, id] of Object.entries(ids)) health.set(name, await call<Health>(rt, 'health.account', { accountId: id }));
    expect(health.get('Falling GmbH')!.colour).toBe('red');

    const expected: Colours = { green: 0, yellow: 0, red: 0, none: 0 };
    for (const h of health.values()) expected[h.colour]++;
    expect(portfolio!.total).toBe(4);
    expect(portfolio!.colours).toEqual(expected);

    expect(portfolio!.tiers.map((r) => r.tier)).toEqual(['strategic', 'key', 'growth', 'standard']);
    const tier = (name: string) => portfolio!.tiers.find((r) => r.tier === name)!.colours;
    expect(tier('strategic')).toEqual({ green: 0, yellow: 0, red: 1, none: 0 });
    expect(tier('growth')).toEqual({ green: 0, yellow: 0, red: 0, none: 0 });
    const keyColours: Colours = { green: 0, yellow: 0, red: 0, none: 0 };
    keyColours[health.get('Slipping AG')!.colour]++;
    keyColours[health.get('Steady SA')!.colour]++;
    expect(tier('key')).toEqual(keyColours);

    expect(portfolio!.funnel.map((r) => r.stage)).toEqual(['prospect', 'development', 'growth', 'maturity', 'decline']);
    const total = (c: Colours) => c.green + c.yellow + c.red + c.none;
    expect(portfolio!.funnel.map((r) => total(r.colours))).toEqual([1, 0, 1, 2, 0]);
    expect(portfolio!.funnel.find((r) => r.stage === 'maturity')!.colours.red).toBeGreaterThanOrEqual(1);
  });

  it('lists the accounts whose score fell most, largest fall first, with the score as of then', async () => {
    // Created today, they did not exist 30 or 90 days ago: nothing to compare with.
    const before = (await call<Dashboard>(rt, 'health.dashboard', {})).portfolio!;
    expect(before.fell30).toEqual([]);
    expect(before.fell90).toEqual([]);

    // As if recorded a year ago (the purchases are dated by month anyway).
    rt.store.sqlite.prepare("UPDATE accounts SET created_at = '2020-01-01T00:00:00.000Z', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')").run();
    const { portfolio } = await call<Dashboard>(rt, 'health.dashboard', {});
    for (const [list, days] of [
      [portfolio!.fell30, 30],
      [portfolio!.fell90, 90],
    ] as const) {
      const drops = list.map((f) => f.scoreThen - f.scoreNow);
      expect(drops.every((d) => d > 0)).toBe(true);
      expect([...drops].sort((x, y) => y - x)).toEqual(drops);
      for (const f of list) {
        const then = await call<Health>(rt, 'health.account', { accountId: f.accountId, asOf: `${dayBack(days)}T23:59:59.999Z` });
        const now = await call<Health>(rt, 'health.account', { accountId: f.accountId });
        expect(f).toEqual({ accountId: f.accountId, name: f.name, scoreThen: then.score, scoreNow: now.score, colourNow: now.colour });
      }
      expect(list.map((f) => f.name)).not.toContain('Steady SA');
    }
    // Three months running down since then: the largest fall over 90 days.
    expect(portfolio!.fell90[0]!.name).toBe('Falling GmbH');
    expect(portfolio!.fell90[0]!.colourNow).toBe('red');
  });

  it('gives one account’s month series', async () => {
    const { portfolio, account } = await call<Dashboard>(rt, 'health.dashboard', { accountId: ids['Falling GmbH'] });
    expect(portfolio).toBeNull();
    const a = account!;
    expect(a.purchases.currency).toBe('EUR');
    expect(a.purchases.months).toHaveLength(24);
    expect(a.purchases.months.at(-1)).toEqual({ month: month(1), amount: 700, trend: 800 });
    expect(a.purchases.months.at(-2)).toEqual({ month: month(2), amount: 800, trend: 900 });
    expect(a.purchases.months.at(-6)).toMatchObject({ month: month(6), amount: 1000 });
    expect(a.purchases.months[0]).toEqual({ month: month(24), amount: 0, trend: 0 });

    expect(a.requests).toHaveLength(12);
    expect(a.requests.at(-1)).toEqual({ month: month(0), count: 2, complaints: 1 });
    expect(a.requests.at(-3)).toEqual({ month: month(2), count: 1, complaints: 0 });
    expect(a.requests.at(-2)).toEqual({ month: month(1), count: 0, complaints: 0 });

    expect(a.satisfaction).toHaveLength(8);
    const now = a.satisfaction.at(-1)!;
    // 2 promoters, 1 detractor of 3: +33; CSAT (4 + 2) / 2.
    expect(now).toMatchObject({ nps: 33, npsAnswers: 3, csat: 3, csatAnswers: 2 });
    expect(a.satisfaction[0]).toMatchObject({ nps: null, npsAnswers: 0, csat: null });

    expect(a.healthOverTime.at(-1)).toMatchObject({ month: month(0), colour: 'red' });
    // Created "a year ago" (previous test): a point at each of the last 12 months' ends, as health.account says then.
    expect(a.healthOverTime.map((h) => h.month)).toEqual(Array.from({ length: 12 }, (_, i) => month(11 - i)));
    for (const point of a.healthOverTime.slice(0, -1)) {
      const then = await call<Health>(rt, 'health.account', { accountId: ids['Falling GmbH'], asOf: point.asOf });
      expect({ score: point.score, colour: point.colour }).toEqual({ score: then.score, colour: then.colour });
    }
    expect(new Set(a.healthOverTime.map((h) => h.colour)).size).toBeGreaterThan(1);
    const h = await call<Health>(rt, 'health.account', { accountId: ids['Falling GmbH'] });
    expect(a.health.score).toBe(h.score);
    expect(a.health.indicators.length).toBeGreaterThan(0);
  });

  it('refuses an account that does not exist', async () => {
    const { refuse } = await import('../helpers/domain-fixtures');
    const error = await refuse(rt, 'health.dashboard', { accountId: 'nope' });
    expect(error.code).toBe('not_found');
  });
});
