/**
 * Notifications (issue 11): an alert raised on an account I own, and a follow-up of mine that
 * falls due, are told once on this device, as `notice` events of the core; what was already there
 * when I chose who I am is not told; nothing is told twice, and nothing is told to nobody.
 * The real in-process core on a scratch folder: a write → data.changed → the core checks.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { AppEvent, Notice } from '../../shared/events';
import { noticeText } from '../../shared/notices';
import { translator } from '../../shared/i18n';
import { noticesDue } from '../../electron/services/notices';
import { call, cleanup, openTest, type Rec } from '../helpers/domain-fixtures';

afterAll(cleanup);

function month(back: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
}
const today = () => new Date().toISOString().slice(0, 10);

/** The notices the core emits until `ms` of quiet after `action`. */
async function noticesAfter(rt: ReturnType<typeof openTest>, action: () => Promise<unknown>, ms = 900): Promise<Notice[]> {
  const heard: Notice[] = [];
  const stop = rt.onEvent((event: AppEvent) => {
    if (event.type === 'notice') heard.push(event.notice);
  });
  await action();
  await new Promise((resolve) => setTimeout(resolve, ms));
  stop();
  return heard;
}

describe('notices', () => {
  // Four quiet times of 900 ms after as many actions: about 4 s, whatever the machine's load.
  it('tell me once of a red alert on my account and of my follow-up due, never what was there before, never twice', async () => {
    const rt = openTest();
    const me = await call(rt, 'members.create', { name: '王磊', role: 'kam' });
    const other = await call(rt, 'members.create', { name: 'Laura Becker', role: 'kam' });
    const mine = await call(rt, 'accounts.create', { name: '宁德时代', ownerId: me.id });
    const theirs = await call(rt, 'accounts.create', { name: 'Bosch', ownerId: other.id });
    // Before anyone chose who uses this laptop: nobody to tell.
    expect(noticesDue(rt.store.sqlite, new Date().toISOString())).toEqual([]);
    // Already there when I say who I am: the baseline, not told.
    await call(rt, 'followups.create', { accountId: mine.id, task: '旧任务', ownerId: me.id, dueDate: today() });
    await call(rt, 'me.set', { memberId: me.id });
    expect(noticesDue(rt.store.sqlite, new Date().toISOString())).toEqual([]);

    // Purchases falling three months running on my account: a red alert, told once.
    const falling = await noticesAfter(rt, async () => {
      for (const [back, amount] of [
        [1, 700],
        [3, 900],
        [4, 1000],
        [2, 800],
      ] as const)
        await call(rt, 'purchases.create', { accountId: mine.id, period: month(back), amount, currency: 'CNY' });
    });
    expect(falling).toEqual([expect.objectContaining({ kind: 'alert', accountId: mine.id, accountName: '宁德时代', colour: 'red' })]);
    const worded = noticeText(falling[0]!, translator('zh-CN'));
    expect(worded.title).toBe('红色预警：宁德时代');
    expect(worded.body).not.toMatch(/health\.reasons|\{\{/);

    // The same on the other member's account: not mine, not told.
    const elsewhere = await noticesAfter(rt, async () => {
      for (const [back, amount] of [
        [1, 700],
        [3, 900],
        [4, 1000],
        [2, 800],
      ] as const)
        await call(rt, 'purchases.create', { accountId: theirs.id, period: month(back), amount, currency: 'EUR' });
    });
    expect(elsewhere).toEqual([]);

    // A follow-up of mine due today: told once, in words.
    const due = await noticesAfter(rt, () => call(rt, 'followups.create', { accountId: mine.id, task: '发送报价', ownerId: me.id, dueDate: today() }));
    expect(due).toEqual([expect.objectContaining({ kind: 'followup', task: '发送报价', dueDate: today() })]);
    expect(noticeText(due[0]!, translator('en')).body).toBe(`发送报价 (due ${today()})`);
    // Anything else changes: nothing new to tell.
    expect(await noticesAfter(rt, () => call(rt, 'accounts.update', { id: mine.id, notes: '—' }))).toEqual([]);
    expect(noticesDue(rt.store.sqlite, new Date().toISOString())).toEqual([]);
  }, 30_000);

  it('tells many at once as a few and a summary', async () => {
    const rt = openTest();
    const me = await call(rt, 'members.create', { name: 'Tom Novak', role: 'rep' });
    const account = await call<Rec>(rt, 'accounts.create', { name: 'ABB', ownerId: me.id });
    await call(rt, 'me.set', { memberId: me.id });
    noticesDue(rt.store.sqlite, new Date().toISOString()); // the baseline
    for (let i = 0; i < 8; i++) await call(rt, 'followups.create', { accountId: account.id, task: `Task ${i}`, ownerId: me.id, dueDate: today() });
    const told = noticesDue(rt.store.sqlite, new Date().toISOString());
    expect(told.length).toBeLessThanOrEqual(5);
    expect(told.at(-1)).toEqual({ kind: 'summary', count: 8 - (told.length - 1) });
    expect(noticesDue(rt.store.sqlite, new Date().toISOString())).toEqual([]);
  });
});
