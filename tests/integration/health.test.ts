/**
 * Account health end to end (issue 11): purchases falling month after month turn an account red,
 * the write raises exactly one alert with its intervention plan, a resolved alert stays resolved
 * for the same evidence, health can be read as of an earlier instant, and two laptops that raise
 * the same alert offline converge on one record through a real share folder, as do the settings.
 * Real stores on scratch folders; months are counted back from today (no purchase in the future).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertIdOf } from '../../shared/health';
import type { HealthSettings } from '../../shared/health';
import { call, cleanup, openTest, scratchDir, type Rec, type Runtime } from '../helpers/domain-fixtures';

afterAll(cleanup);

/** `YYYY-MM` of the month `back` months before this one (UTC, like the model's default day). */
function month(back: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
}

interface Indicator {
  code: string;
  status: string;
  applicable: boolean;
  value: number | null;
  evidenceKey: string | null;
  reason: { key: string; params: Record<string, unknown> };
}
interface Health {
  colour: string;
  plan: string;
  indicators: Indicator[];
  topIndicator: string | null;
  topReason: { key: string; params: Record<string, unknown> };
}
interface Inbox {
  items: { id: string; accountId: string; mine: boolean; colour: string }[];
  openCount: number;
  mineCount: number;
}

const purchasesDown = (h: Health) => h.indicators.find((i) => i.code === 'purchases_down')!;
const buy = (rt: Runtime, accountId: string, back: number, amount: number) =>
  call(rt, 'purchases.create', { accountId, period: month(back), amount, currency: 'EUR' });
const alertsOf = (rt: Runtime, accountId: string) => call<Rec[]>(rt, 'alerts.list', { accountId });
const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
/** The tasks of the team's first intervention template (by name, then id: the one a red alert's plan opens with). */
async function interventionTasks(rt: Runtime): Promise<string[]> {
  const templates = (await call<Rec[]>(rt, 'templates.list', {}))
    .filter((t) => t.planKind === 'intervention')
    .sort((x, y) => cmp(String(x.name), String(y.name)) || cmp(x.id, y.id));
  const tasks = templates[0]!.tasks;
  return ((typeof tasks === 'string' ? JSON.parse(tasks) : tasks) as { task: string }[]).map((t) => t.task).sort();
}
const health = (rt: Runtime, accountId: string, asOf?: string) => call<Health>(rt, 'health.account', asOf ? { accountId, asOf } : { accountId });

describe('health on one laptop', () => {
  let rt: Runtime;
  let owner: string;
  let otherOwner: string;
  let falling: string;
  let other: string;
  let alertId: string;
  let evidenceKey: string;

  beforeAll(async () => {
    rt = openTest();
    owner = (await call(rt, 'members.create', { name: '陈晓明', role: 'kam' })).id;
    otherOwner = (await call(rt, 'members.create', { name: 'Laura Becker', role: 'kam' })).id;
    await call(rt, 'templates.create', {
      name: 'Executive intervention',
      planKind: 'intervention',
      tasks: [
        { task: 'Call their purchasing director', dueInDays: 3 },
        { task: 'Executive visit', dueInDays: 14 },
      ],
    });
    falling = (await call(rt, 'accounts.create', { name: 'Falling GmbH', ownerId: owner })).id;
    other = (await call(rt, 'accounts.create', { name: 'Steady AG', ownerId: otherOwner })).id;
    // Steady AG: two months down, a watch (yellow) only.
    await buy(rt, other, 1, 700);
    await buy(rt, other, 2, 800);
    await buy(rt, other, 3, 900);
  });

  it('turns an account whose purchases fell three months running red, first in the portfolio', async () => {
    // Typed in month by month (a month without a record is skipped, not read as zero): three of the
    // four already fall twice, a yellow alert; the fourth makes the same run three months long, and
    // the same alert turns red (escalated, not raised twice).
    await buy(rt, falling, 1, 700);
    await buy(rt, falling, 3, 900);
    await buy(rt, falling, 4, 1000);
    const [yellow] = await alertsOf(rt, falling);
    expect(yellow).toMatchObject({ colour: 'yellow', state: 'open', planKind: 'maintenance' });
    await buy(rt, falling, 2, 800);
    expect((await alertsOf(rt, falling)).map((a) => [a.id, a.colour, a.state])).toEqual([[yellow!.id, 'red', 'open']]);

    const h = await health(rt, falling);
    expect(h.colour).toBe('red');
    expect(h.plan).toBe('intervention');
    const pd = purchasesDown(h);
    expect(pd).toMatchObject({ status: 'alert', applicable: true, value: 3 });
    expect(pd.evidenceKey).toBe(`purchases_down:${month(3)}..${month(1)}`);
    expect(pd.reason).toEqual({
      key: 'health.reasons.purchases_down.falling',
      params: { count: 3, drop: 30, from: month(4), to: month(1), currency: 'EUR' },
    });
    expect(h.topIndicator).toBe('purchases_down');
    expect(h.topReason).toEqual(pd.reason);
    evidenceKey = pd.evidenceKey!;

    const page = await call<{ total: number; rows: { id: string; healthColour: string | null; healthReason: string | null }[] }>(rt, 'portfolio.list', {
      sort: 'health',
    });
    expect(page.rows.map((r) => r.id)).toEqual([falling, other]);
    expect(page.rows[0]!.healthColour).toBe('red');
    expect(JSON.parse(page.rows[0]!.healthReason!)).toEqual(pd.reason);
    expect(page.rows[1]!.healthColour).toBe('yellow');
    const reds = await call<{ total: number; rows: { id: string }[] }>(rt, 'portfolio.list', { colour: 'red' });
    expect(reds.total).toBe(1);
    expect(reds.rows.map((r) => r.id)).toEqual([falling]);
  });

  it('raised exactly one alert with a derived id, owned by the account owner, with its plan as follow-ups', async () => {
    const alerts = (await alertsOf(rt, falling)).filter((a) => a.colour === 'red');
    expect(alerts).toHaveLength(1);
    const alert = alerts[0]!;
    alertId = alertIdOf(falling, 'purchases_down', evidenceKey);
    expect(alert).toMatchObject({
      id: alertId,
      rule: 'purchases_down',
      colour: 'red',
      evidenceKey,
      ownerId: owner,
      state: 'open',
      planKind: 'intervention',
    });
    expect(JSON.parse(String(alert.evidence))).toMatchObject({ key: 'health.reasons.purchases_down.falling' });

    const tasks = (await call<Rec[]>(rt, 'followups.list', { accountId: falling })).filter((f) => f.alertId === alertId);
    expect(tasks.map((t) => t.task).sort()).toEqual(await interventionTasks(rt));
    expect(tasks.length).toBeGreaterThan(0);
    for (const t of tasks) expect(t).toMatchObject({ ownerId: owner, done: false });

    const inbox = await call<Inbox>(rt, 'alerts.inbox', {});
    expect(inbox.items.map((i) => i.id)).toContain(alertId);
    expect(inbox.items[0]!.id).toBe(alertId); // red before the other account's yellow
    expect(inbox.items.some((i) => i.accountId === other)).toBe(true);
    // One account's alerts only (its plan page).
    const ofOther = await call<Inbox>(rt, 'alerts.inbox', { accountId: other });
    expect(ofOther.items.length).toBeGreaterThan(0);
    expect(ofOther.items.every((i) => i.accountId === other)).toBe(true);

    await call(rt, 'me.set', { memberId: owner });
    const mine = await call<Inbox>(rt, 'alerts.inbox', { mine: true });
    expect(mine.items[0]).toMatchObject({ id: alertId, mine: true });
    expect(mine.items.every((i) => i.mine)).toBe(true);
    expect(mine.mineCount).toBe(1);
    expect(mine.openCount).toBe(inbox.openCount);
  });

  it('does not raise a resolved alert again for the same evidence, but raises one for new evidence', async () => {
    await call(rt, 'alerts.update', { id: alertId, state: 'resolved', stateReason: 'Met their CEO; volumes agreed' });
    const recompute = await call<{ accounts: number; raised: number }>(rt, 'health.recompute', {});
    expect(recompute.raised).toBe(0);
    let alerts = (await alertsOf(rt, falling)).filter((a) => a.colour === 'red');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ id: alertId, state: 'resolved', stateReason: 'Met their CEO; volumes agreed' });
    expect((await call<Inbox>(rt, 'alerts.inbox', {})).items.map((i) => i.id)).not.toContain(alertId);

    // A month further back, higher still: the run is now four months long and starts a month
    // earlier, which is new evidence (a run that only goes on keeps its key, README).
    await buy(rt, falling, 5, 1100);
    const pd = purchasesDown(await health(rt, falling));
    expect(pd.value).toBe(4);
    expect(pd.evidenceKey).toBe(`purchases_down:${month(4)}..${month(2)}`);
    alerts = (await alertsOf(rt, falling)).filter((a) => a.colour === 'red');
    expect(alerts).toHaveLength(2);
    const fresh = alerts.find((a) => a.id !== alertId)!;
    expect(fresh).toMatchObject({ id: alertIdOf(falling, 'purchases_down', pd.evidenceKey!), state: 'open', colour: 'red', evidenceKey: pd.evidenceKey });
    expect(alerts.find((a) => a.id === alertId)!.state).toBe('resolved');
  });

  it('gives the health as it was before the decline from the same data', async () => {
    // Complete months then: month(5) 1100 and month(4) 1000, one month down, nothing alarming.
    const asOf = `${month(3)}-15T12:00:00.000Z`;
    const then = await health(rt, falling, asOf);
    expect(then.colour).not.toBe('red');
    expect(purchasesDown(then)).toMatchObject({ status: 'ok', value: 1 });
    expect((await health(rt, falling)).colour).toBe('red');
  });
});

describe('health across two laptops sharing a folder', () => {
  let a: Runtime;
  let b: Runtime;
  let account: string;
  let redKey: string;
  let redId: string;

  const sync = (rt: Runtime) => call(rt, 'sync.run', {});
  const both = async (rounds = 2) => {
    for (let i = 0; i < rounds; i++) {
      await sync(a);
      await sync(b);
    }
  };

  beforeAll(async () => {
    const share = join(scratchDir(), 'share');
    mkdirSync(share);
    a = openTest();
    b = openTest();
    await call(a, 'sync.configure', { shareDir: share });
    await call(b, 'sync.configure', { shareDir: share });
    const owner = (await call(a, 'members.create', { name: 'Owner', role: 'kam' })).id;
    await call(a, 'templates.create', { name: 'Intervention', planKind: 'intervention', tasks: [{ task: 'Escalate', dueInDays: 2 }] });
    account = (await call(a, 'accounts.create', { name: 'Shared Corp', ownerId: owner })).id;
    // Two months down: a yellow watch on both laptops once synced.
    await buy(a, account, 1, 700);
    await buy(a, account, 2, 800);
    await buy(a, account, 3, 900);
    await both();
    await call(b, 'health.recompute', {});
    expect((await health(b, account)).colour).toBe('yellow');
    expect(await alertsOf(b, account)).toHaveLength(1);
  });

  it('converges on one alert that both laptops raised offline, and a resolve survives sync', async () => {
    // Offline, each laptop records the month before the run, higher: three months down, red.
    await buy(a, account, 4, 1000);
    await buy(b, account, 4, 1000);
    const ha = await health(a, account);
    const hb = await health(b, account);
    expect(ha.colour).toBe('red');
    expect(hb.colour).toBe('red');
    redKey = purchasesDown(ha).evidenceKey!;
    expect(purchasesDown(hb).evidenceKey).toBe(redKey);
    redId = alertIdOf(account, 'purchases_down', redKey);
    for (const rt of [a, b]) expect((await alertsOf(rt, account)).filter((x) => x.evidenceKey === redKey).map((x) => x.id)).toEqual([redId]);

    await both();
    for (const rt of [a, b]) {
      await call(rt, 'health.recompute', {});
      const alerts = await alertsOf(rt, account);
      expect(alerts.filter((x) => x.evidenceKey === redKey).map((x) => x.id)).toEqual([redId]);
      expect(alerts).toHaveLength(2); // the yellow watch and the red alert
      expect((await call<Rec[]>(rt, 'followups.list', { accountId: account })).filter((f) => f.alertId === redId)).toHaveLength(
        (await interventionTasks(rt)).length,
      );
      expect((await health(rt, account)).colour).toBe('red');
      // Both wrote the same record: merged, not a conflict for anyone to settle.
      expect(await call<unknown[]>(rt, 'conflicts.list', {})).toEqual([]);
    }

    await call(a, 'alerts.update', { id: redId, state: 'resolved', stateReason: 'Handled by the MD' });
    await both();
    for (const rt of [a, b]) expect((await alertsOf(rt, account)).find((x) => x.id === redId)).toMatchObject({ state: 'resolved' });
    expect((await call<{ raised: number }>(b, 'health.recompute', {})).raised).toBe(0);
    await both();
    for (const rt of [a, b]) {
      const alerts = await alertsOf(rt, account);
      expect(alerts.filter((x) => x.evidenceKey === redKey)).toHaveLength(1);
      expect(alerts.find((x) => x.id === redId)).toMatchObject({ state: 'resolved', stateReason: 'Handled by the MD' });
    }
  });

  it('changes the colour with the thresholds, and the settings sync to the other laptop', async () => {
    const current = await call<HealthSettings>(a, 'health.settings', {});
    expect(current.purchases_down.alertMonths).toBe(3);
    const saved = await call<HealthSettings>(a, 'health.configure', { ...current, purchases_down: { ...current.purchases_down, alertMonths: 4 } });
    expect(saved.purchases_down.alertMonths).toBe(4);
    const h = await health(a, account);
    expect(h.colour).toBe('yellow');
    expect(purchasesDown(h)).toMatchObject({ status: 'watch', value: 3, threshold: 2 });
    const page = await call<{ rows: { id: string; healthColour: string | null }[] }>(a, 'portfolio.list', {});
    expect(page.rows.find((r) => r.id === account)!.healthColour).toBe('yellow');

    await both();
    expect(await call<HealthSettings>(b, 'health.settings', {})).toEqual(saved);
    await call(b, 'health.recompute', {});
    expect((await health(b, account)).colour).toBe('yellow');
    const onB = await call<{ rows: { id: string; healthColour: string | null }[] }>(b, 'portfolio.list', {});
    expect(onB.rows.find((r) => r.id === account)!.healthColour).toBe('yellow');
  });
});

describe('routine reviews of green accounts', () => {
  it('schedule one review follow-up per period of the tier for the owner, never twice', async () => {
    const rt = openTest();
    const owner = (await call(rt, 'members.create', { name: '李娜', role: 'kam' })).id;
    const account = (await call(rt, 'accounts.create', { name: 'Green Ltd', tier: 'strategic', ownerId: owner })).id;
    const unowned = (await call(rt, 'accounts.create', { name: 'Nobody Ltd', tier: 'strategic' })).id;
    expect((await health(rt, account)).colour).toBe('green');
    await call(rt, 'health.recompute', {});
    await call(rt, 'health.recompute', {});
    const reviews = (await call<Rec[]>(rt, 'followups.list', { accountId: account })).filter((f) => f.id.startsWith('rv-'));
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ ownerId: owner, done: false });
    expect(String(reviews[0]!.task)).toMatch(/Routine review|常规维护回顾/);
    // Done, it stays done for the period: the next recompute does not schedule another.
    await call(rt, 'followups.update', { id: reviews[0]!.id, done: true });
    await call(rt, 'health.recompute', {});
    expect((await call<Rec[]>(rt, 'followups.list', { accountId: account })).filter((f) => f.id.startsWith('rv-'))).toHaveLength(1);
    // Nobody owns the other account: nobody to review it, no task.
    expect((await call<Rec[]>(rt, 'followups.list', { accountId: unowned })).filter((f) => f.id.startsWith('rv-'))).toHaveLength(0);
  });
});

describe('an alert whose evidence goes away', () => {
  it('closes by itself while nobody took it up, and stays with whoever did', async () => {
    const rt = openTest();
    const owner = (await call(rt, 'members.create', { name: '周杰', role: 'rep' })).id;
    const idle = (await call(rt, 'accounts.create', { name: 'Idle Ltd', ownerId: owner })).id;
    const worked = (await call(rt, 'accounts.create', { name: 'Worked Ltd', ownerId: owner })).id;
    for (const account of [idle, worked])
      for (const [back, amount] of [
        [4, 1000],
        [3, 900],
        [2, 800],
        [1, 700],
      ] as const)
        await buy(rt, account, back, amount);
    const [open] = (await alertsOf(rt, idle)).filter((a) => a.state === 'open' && a.rule === 'purchases_down');
    const [taken] = (await alertsOf(rt, worked)).filter((a) => a.state === 'open' && a.rule === 'purchases_down');
    expect(open).toBeDefined();
    await call(rt, 'alerts.update', { id: taken!.id, state: 'in_progress' });
    // Last month's purchases recover on both accounts.
    await buy(rt, idle, 1, 1200);
    await buy(rt, worked, 1, 1200);
    expect(await call(rt, 'alerts.get', { id: open!.id })).toMatchObject({
      state: 'resolved',
      stateReason: 'Closed by itself: the rule finds nothing any more.',
    });
    expect(await call(rt, 'alerts.get', { id: taken!.id })).toMatchObject({ state: 'in_progress' });
  });
});
