/**
 * Watching the accounts, as a manager does (issue 11), in Chinese and in English: purchases fall
 * three months running at one account of mine; I open the app, the red account is at the top of
 * the attention inbox, I read its reasons on the account's health, start the intervention plan,
 * and when the evidence changes (the purchases recover) the colour changes with it.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { call, go, toasts } from './helpers';

/** `YYYY-MM` of the month `back` months before this one (UTC). */
function month(back: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
}

const inboxItems = (page: Page, label: string) => page.getByRole('list', { name: label }).getByRole('listitem');

for (const locale of ['zh-CN', 'en'] as const) {
  test.describe(`account health, in ${locale}`, () => {
    test.use({ locale });

    test('the red account tops the inbox, its reasons are shown, the intervention starts, the colour follows the evidence', async ({
      app: page,
      t,
      server,
    }) => {
      test.setTimeout(90_000);
      const api = <T>(method: string, input: unknown) => call<T>(page, server.origin, method, input);
      const me = await api<{ id: string }>('members.create', { name: locale === 'zh-CN' ? '陈晓明' : 'Laura Becker', role: 'manager' });
      await api('me.set', { memberId: me.id });
      const falling = await api<{ id: string }>('accounts.create', { name: locale === 'zh-CN' ? '宁德时代' : 'Bosch Automotive', tier: 'strategic' });
      const ceo = locale === 'zh-CN' ? '曾毓群' : 'Stefan Hartung';
      await api('people.create', { accountId: falling.id, name: ceo, roles: ['decider'], influence: 5, stance: 'supporter', ownerIds: [me.id] });
      const steady = await api<{ id: string }>('accounts.create', { name: locale === 'zh-CN' ? '美的集团' : 'Siemens China', tier: 'key' });
      for (let back = 6; back >= 1; back--) await api('purchases.create', { accountId: steady.id, period: month(back), amount: 100_000, currency: 'CNY' });
      // Entered newest first, so only the last write completes the three-month fall (one alert).
      for (const [back, amount] of [
        [1, 500_000],
        [2, 700_000],
        [4, 1_000_000],
        [3, 900_000],
      ] as const)
        await api('purchases.create', { accountId: falling.id, period: month(back), amount, currency: 'CNY' });

      // The inbox: the red alert on my account first, with its sentence, counted in the header.
      await go(page, '/inbox');
      await expect(page.getByRole('heading', { level: 1, name: t('inbox.title') })).toBeVisible();
      const first = inboxItems(page, t('inbox.listLabel')).first();
      await expect(first).toContainText(t('inbox.colourAlert.red'));
      await expect(first.getByRole('link', { name: locale === 'zh-CN' ? '宁德时代' : 'Bosch Automotive' })).toBeVisible();
      await expect(first).toContainText(t('health.plans.intervention'));
      await expect(page.getByRole('link', { name: new RegExp(t('inbox.nav')) })).toBeVisible();

      // Start the intervention: who of ours, whom of theirs, by when; the toast says so and the alert shows its plan under way.
      await first.getByRole('button', { name: t('inbox.actions.start') }).click();
      const dialog = page.getByRole('dialog', { name: t('inbox.intervention.title', { name: locale === 'zh-CN' ? '宁德时代' : 'Bosch Automotive' }) });
      await dialog.getByRole('button', { name: t('inbox.intervention.confirm') }).click();
      await expect(dialog.getByRole('alert')).toHaveText(t('inbox.intervention.required'));
      await dialog.getByLabel(t('inbox.intervention.ours')).selectOption({ label: locale === 'zh-CN' ? '陈晓明' : 'Laura Becker' });
      await dialog.getByLabel(t('inbox.intervention.theirs')).selectOption({ label: ceo });
      const by = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
      await dialog.getByLabel(t('inbox.intervention.by')).fill(by);
      await dialog.getByRole('button', { name: t('inbox.intervention.confirm') }).click();
      await expect(toasts(page, t)).toContainText(t('inbox.done.in_progress', { name: locale === 'zh-CN' ? '宁德时代' : 'Bosch Automotive' }));
      await expect(first).toContainText(t('inbox.states.in_progress'));
      const alert = (
        await api<{ rule: string; state: string; ourExecutiveId: string | null; interveneBy: string | null }[]>('alerts.list', { accountId: falling.id })
      ).find((a) => a.rule === 'purchases_down');
      expect(alert).toMatchObject({ state: 'in_progress', ourExecutiveId: me.id, interveneBy: by });
      // The plan's tasks are follow-ups of the account.
      const tasks = await api<{ alertId: string | null }[]>('followups.list', { accountId: falling.id });
      expect(tasks.filter((f) => f.alertId !== null).length).toBeGreaterThan(0);

      // The account's reasons: the badge says red, and the panel words the fall.
      await first.getByRole('link', { name: locale === 'zh-CN' ? '宁德时代' : 'Bosch Automotive' }).click();
      const badge = page.getByRole('button', { name: new RegExp(t('health.colours.red')) });
      await expect(badge).toBeVisible();
      await badge.click();
      const panel = page.getByRole('dialog');
      await expect(panel.getByRole('table', { name: t('inbox.health.indicatorsLabel') })).toBeVisible();
      await expect(panel).toContainText(t('health.indicators.purchases_down'));
      await expect(panel).not.toContainText('health.reasons');
      await page.keyboard.press('Escape');

      // The evidence changes: last month's purchases recover. The colour is no longer red.
      await api('purchases.create', { accountId: falling.id, period: month(1), amount: 1_500_000, currency: 'CNY' });
      await page.reload();
      await expect(page.getByRole('button', { name: new RegExp(`${t('health.colours.yellow')}|${t('health.colours.green')}`) })).toBeVisible();
      await expect(page.getByRole('button', { name: new RegExp(t('health.colours.red')) })).toHaveCount(0);
    });
  });
}
