/**
 * The three-layer views as a rep uses them, in Chinese and in English: sample data, an account's
 * three layers, a new person in the decision chain, a touchpoint logged with the quick log, and
 * both found again by a two-character Chinese search. Then the forms' validation (the user's
 * language, nothing saved, nothing typed lost, the service's reasons under their fields) and the
 * portfolio with 10,000 accounts.
 */
import type { Locator, Page } from '@playwright/test';
import { translator, type Translate } from '../../shared/i18n';
import { expect, test } from './fixtures';
import { call, expectTitle, go, toasts } from './helpers';

interface Person {
  id: string;
  name: string;
  roles: string[];
  reportsToId: string | null;
  ownerIds: string[];
  stance: string;
  deletedAt: string | null;
}

const portfolioRows = (page: Page, t: Translate): Locator => page.getByRole('rowgroup', { name: t('portfolio.rowsLabel') }).getByRole('row');
const chainRow = (page: Page, t: Translate, name: string): Locator =>
  page
    .getByRole('table', { name: t('people.chainTitle') })
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name, exact: true }) });
const accountIdIn = (url: string): string => /#\/accounts\/([^/]+)\//.exec(url)?.[1] ?? '';

/** The day after tomorrow as `YYYY-MM-DD` (local calendar), for a follow-up's due date. */
function inTwoDays(): string {
  const day = new Date(Date.now() + 2 * 86_400_000);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}

for (const locale of ['zh-CN', 'en'] as const) {
  test.describe(`the three layers, in ${locale}`, () => {
    test.use({ locale });

    test('sample data, three tabs, a new person, a quick-logged touchpoint, both found by a Chinese substring', async ({ app: page, t, server }) => {
      test.setTimeout(90_000);
      // A suffix per language run keeps each run's names its own (the two runs use separate stores anyway).
      const personName = locale === 'zh-CN' ? '欧阳明轩' : '欧阳明哲';
      const summary = locale === 'zh-CN' ? '讨论智慧园区二期方案，客户关注交付周期' : '讨论智慧园区二期方案 with the CIO';
      const task = locale === 'zh-CN' ? '发送二期报价' : 'Send the phase-two quotation';

      // First run: the portfolio offers sample data.
      await expect(page.getByRole('heading', { level: 2, name: t('portfolio.emptyTitle') })).toBeVisible();
      await page.getByRole('button', { name: t('portfolio.loadDemo') }).click();
      await expect(toasts(page, t)).toContainText(t('portfolio.demoLoaded', { accounts: 30, people: 400, touchpoints: 3000 }), { timeout: 30_000 });
      await expect(page.getByText(t('portfolio.count', { count: 30 }), { exact: true })).toBeVisible();
      await expect(portfolioRows(page, t).first()).toBeVisible();

      // Find the account with the portfolio's name search and open it.
      await page.getByRole('searchbox', { name: t('portfolio.searchLabel') }).fill('华为技术');
      const matches = await call<{ total: number }>(page, server.origin, 'portfolio.list', { text: '华为技术', limit: 1 });
      expect(matches.total).toBeLessThan(30);
      await expect(page.getByText(t('portfolio.count', { count: matches.total }), { exact: true })).toBeVisible();
      await expect(portfolioRows(page, t)).toHaveCount(matches.total);
      await portfolioRows(page, t).getByRole('link', { name: '华为技术', exact: true }).click();
      await expectTitle(page, '华为技术');
      const accountId = accountIdIn(page.url());
      expect(accountId).not.toBe('');

      // Organisation layer.
      await expect(page.getByRole('tab', { name: t('account.layers.organisation') })).toHaveAttribute('aria-selected', 'true');
      const panel = page.getByRole('tabpanel');
      for (const title of [
        t('org.details'),
        t('org.levels.title'),
        t('org.group.title'),
        t('org.initiatives.title'),
        t('org.sponsors.title'),
        t('org.team.title'),
        t('org.agreements.title'),
      ]) {
        await expect(panel.getByRole('heading', { level: 2, name: title })).toBeVisible();
      }
      await expect(panel).toContainText(t('fields.shareOfWallet'));

      // Key people layer: the decision chain and the role coverage.
      await page.getByRole('tab', { name: t('account.layers.people') }).click();
      await expect(page.getByRole('tab', { name: t('account.layers.people') })).toHaveAttribute('aria-selected', 'true');
      expect(page.url()).toContain(`/accounts/${accountId}/people`);
      await expect(panel.getByRole('heading', { level: 2, name: t('people.coverage.title') })).toBeVisible();
      const chain = page.getByRole('table', { name: t('people.chainTitle') });
      await expect(chain.getByRole('row')).toHaveCount(14); // the header and the sample's 13 people

      // Touchpoints layer: the timeline, newest first.
      await page.getByRole('tab', { name: t('account.layers.touchpoints') }).click();
      await expect(page.getByRole('tab', { name: t('account.layers.touchpoints') })).toHaveAttribute('aria-selected', 'true');
      await expect(
        page
          .getByRole('list', { name: t('touchpoints.title') })
          .getByRole('listitem')
          .first(),
      ).toBeVisible();

      // Add a person with two roles and a manager.
      await page.getByRole('tab', { name: t('account.layers.people') }).click();
      await page.getByRole('button', { name: t('people.add') }).click();
      const dialog = page.getByRole('dialog', { name: t('people.add') });
      await dialog.getByRole('textbox', { name: t('fields.name') }).fill(personName);
      await dialog.getByRole('textbox', { name: t('fields.title') }).fill('采购总监');
      await dialog.getByRole('textbox', { name: t('fields.department') }).fill('采购部');
      const roles = dialog.getByRole('group', { name: t('fields.roles') });
      await roles.getByRole('checkbox', { name: t('enums.role.decider') }).check();
      await roles.getByRole('checkbox', { name: t('enums.role.buyer') }).check();
      const reportsTo = dialog.getByRole('combobox', { name: t('fields.reportsToId') });
      const manager = reportsTo.locator('option').nth(1);
      const managerId = (await manager.getAttribute('value')) ?? '';
      const managerName = ((await manager.textContent()) ?? '').split(' · ')[0]!;
      await reportsTo.selectOption(managerId);
      await dialog.getByRole('combobox', { name: t('fields.stance') }).selectOption('champion');
      await dialog
        .getByRole('group', { name: t('fields.ownerIds') })
        .getByRole('checkbox')
        .first()
        .check();
      await dialog.getByRole('button', { name: t('common.save') }).click();
      await expect(toasts(page, t)).toContainText(t('people.added', { name: personName }));
      await expect(dialog).toHaveCount(0);
      const row = chainRow(page, t, personName);
      await expect(row).toContainText(t('enums.role.decider'));
      await expect(row).toContainText(t('enums.role.buyer'));
      await expect(row).toContainText(managerName);
      await expect(row).toContainText(t('enums.stance.champion'));
      const saved = (await call<Person[]>(page, server.origin, 'people.list', { accountId })).find((p) => p.name === personName);
      expect(saved).toMatchObject({ reportsToId: managerId, stance: 'champion' });
      expect([...(saved?.roles ?? [])].sort()).toEqual(['buyer', 'decider']);
      expect(saved?.ownerIds).toHaveLength(1);

      // Quick log from the portfolio with the keyboard: the account picked by typing part of its name.
      await page
        .getByRole('navigation', { name: t('nav.label') })
        .getByRole('link', { name: t('nav.portfolio') })
        .click();
      await expect(page.getByRole('heading', { level: 1, name: t('portfolio.title') })).toBeVisible();
      await page.keyboard.press('Control+L');
      const log = page.getByRole('dialog', { name: t('quickLog.title') });
      await expect(log).toBeVisible();
      const accountPicker = log.getByRole('combobox', { name: t('fields.accountId') });
      await expect(accountPicker).toBeFocused();
      await accountPicker.fill('华为');
      await log.getByRole('option', { name: '华为技术', exact: true }).click();
      await expect(accountPicker).toHaveValue('华为技术');
      await log.getByRole('combobox', { name: t('fields.kind') }).selectOption('visit');
      await log.getByRole('textbox', { name: t('fields.summary') }).fill(summary);
      await log
        .getByRole('group', { name: t('fields.theirParticipants') })
        .getByRole('checkbox', { name: new RegExp(personName) })
        .check();
      await log.getByRole('textbox', { name: t('fields.task') }).fill(task);
      await log.getByLabel(t('fields.dueDate')).fill(inTwoDays());
      await log.getByRole('button', { name: t('quickLog.save') }).click();
      await expect(toasts(page, t)).toContainText(t('quickLog.logged', { account: '华为技术' }));
      await expect(log).toHaveCount(0);

      // The account's timeline has it first, with its follow-up, which can be ticked off.
      await go(page, `/accounts/${accountId}/touchpoints`);
      const newest = page
        .getByRole('list', { name: t('touchpoints.title') })
        .getByRole('listitem')
        .first();
      await expect(newest).toContainText(summary);
      await expect(newest).toContainText(personName);
      await newest.getByRole('checkbox', { name: task }).check();
      await expect(toasts(page, t)).toContainText(t('followups.markedDone', { task }));
      await expect(newest.getByRole('checkbox', { name: task })).toBeChecked();

      // Search by two characters of the person's name: the hit opens their page.
      const search = page.getByRole('combobox', { name: t('search.label') });
      await search.fill(personName.slice(1, 3));
      const personHit = page.getByRole('group', { name: t('search.groups.people') }).getByRole('option', { name: new RegExp(personName) });
      await expect(personHit).toBeVisible();
      await personHit.click();
      await expectTitle(page, personName);
      await expect(page.getByRole('region', { name: t('person.touchpoints.title') })).toContainText(summary);

      // Deleting the person goes to the bin, with Undo.
      await page.getByRole('button', { name: t('person.delete') }).click();
      await expect(page.getByRole('tab', { name: t('account.layers.people') })).toHaveAttribute('aria-selected', 'true');
      await expect(chainRow(page, t, personName)).toHaveCount(0);
      await toasts(page, t)
        .locator('div', { hasText: t('common.movedToBin', { name: personName }) })
        .getByRole('button', { name: t('common.undo') })
        .click();
      await expect(chainRow(page, t, personName)).toBeVisible();

      // Search by two characters of the summary: the hit opens the account's timeline at it.
      await search.fill('园区');
      const touchpointHit = page.getByRole('group', { name: t('search.groups.touchpoints') }).getByRole('option', { name: /园区/ });
      await expect(touchpointHit).toContainText('华为技术');
      await search.press('ArrowDown');
      await touchpointHit.click();
      await expect(page.getByRole('tab', { name: t('account.layers.touchpoints') })).toHaveAttribute('aria-selected', 'true');
      await expect(page.locator('[data-highlight]')).toContainText(summary);
    });

    test('an invalid person shows field errors in the user’s language, saves nothing and keeps what was typed', async ({ app: page, t, server }) => {
      const other = locale === 'zh-CN' ? 'en' : 'zh-CN';
      const account = await call<{ id: string }>(page, server.origin, 'accounts.create', { name: '星河电子' });
      const boss = await call<{ id: string }>(page, server.origin, 'people.create', { accountId: account.id, name: '李雷' });
      const buyer = await call<{ id: string }>(page, server.origin, 'people.create', { accountId: account.id, name: '韩梅梅', reportsToId: boss.id });

      // Opened by its address and reloaded, with nothing of the account cached, a person's page
      // shows whom they report to once the colleagues arrive, not “nobody” (asset-bank issue, item 5).
      await go(page, `/people/${buyer.id}`);
      await page.reload();
      await expectTitle(page, '韩梅梅');
      const buyerReportsTo = page.getByRole('form', { name: t('person.details') }).getByRole('combobox', { name: t('fields.reportsToId') });
      await expect(buyerReportsTo.locator('option:checked')).toHaveText('李雷');
      await expect(buyerReportsTo).toHaveValue(boss.id);

      await go(page, `/accounts/${account.id}/people`);
      await expectTitle(page, '星河电子');

      // In the dialog: a missing name and a malformed email are caught before anything is sent.
      await page.getByRole('button', { name: t('people.add') }).click();
      const dialog = page.getByRole('dialog', { name: t('people.add') });
      const name = dialog.getByRole('textbox', { name: t('fields.name') });
      const email = dialog.getByRole('textbox', { name: t('fields.email') });
      await dialog.getByRole('textbox', { name: t('fields.title') }).fill('销售副总裁');
      await email.fill('li.lei-at-example');
      await dialog.getByRole('checkbox', { name: t('enums.role.approver') }).check();
      await dialog.getByRole('button', { name: t('common.save') }).click();
      await expect(name).toHaveAttribute('aria-invalid', 'true');
      await expect(name).toHaveAccessibleDescription(t('validation.required'));
      await expect(email).toHaveAccessibleDescription(t('validation.format', { format: t('validation.formats.email') }));
      await expect(name).toBeFocused();
      await expect(dialog.getByRole('textbox', { name: t('fields.title') })).toHaveValue('销售副总裁');
      await expect(email).toHaveValue('li.lei-at-example');
      await expect(dialog.getByRole('checkbox', { name: t('enums.role.approver') })).toBeChecked();
      expect(await call<Person[]>(page, server.origin, 'people.list', { accountId: account.id })).toHaveLength(2);
      await dialog.getByRole('button', { name: t('common.cancel') }).click();
      await expect(dialog).toHaveCount(0);

      // On the person's page: a reporting cycle is refused by the service; its reason shows under
      // the field, in the user's language, and the choice stays.
      await chainRow(page, t, '李雷').getByRole('link', { name: '李雷' }).click();
      await expectTitle(page, '李雷');
      const details = page.getByRole('form', { name: t('person.details') });
      const reportsTo = details.getByRole('combobox', { name: t('fields.reportsToId') });
      await reportsTo.selectOption({ label: '韩梅梅' });
      await details.getByRole('button', { name: t('common.save') }).click();
      await expect(reportsTo).toHaveAttribute('aria-invalid', 'true');
      await expect(reportsTo).toHaveAccessibleDescription(t('errors.cycle_reports'));
      await expect(reportsTo.locator('option:checked')).toHaveText('韩梅梅');
      expect((await call<Person>(page, server.origin, 'people.get', { id: boss.id })).reportsToId).toBeNull();

      // A client-side error is re-worded when the user switches language.
      const personName = details.getByRole('textbox', { name: t('fields.name') });
      await personName.fill('');
      await details.getByRole('button', { name: t('common.save') }).click();
      await expect(personName).toHaveAccessibleDescription(t('validation.required'));
      await page
        .getByRole('group', { name: t('app.language') })
        .getByRole('button', { name: t(`app.localeNames.${other}`) })
        .click();
      const tOther = translator(other);
      const detailsNow = page.getByRole('form', { name: tOther('person.details') });
      await expect(detailsNow.getByRole('textbox', { name: tOther('fields.name') })).toHaveAccessibleDescription(tOther('validation.required'));
      expect((await call<Person>(page, server.origin, 'people.get', { id: boss.id })).name).toBe('李雷');
    });
  });
}

test.describe('a portfolio of 10,000 accounts', () => {
  test.use({ locale: 'en' });

  test('renders only the rows on screen, fetches pages as it scrolls, sorts by column and filters', async ({ app: page, t, server }) => {
    test.setTimeout(120_000);
    await call(page, server.origin, 'demo.load', { accounts: 10_000, people: 0, touchpoints: 0 }, 90_000);
    await page.reload();
    await expect(page.getByText(t('portfolio.count', { count: 10_000 }), { exact: true })).toBeVisible();
    const table = page.getByRole('table', { name: t('portfolio.tableLabel') });
    await expect(table).toHaveAttribute('aria-rowcount', '10001');
    const rows = portfolioRows(page, t);
    await expect(rows.first().getByRole('link')).toBeVisible();
    expect(await rows.count()).toBeLessThan(60);

    // Sorted by name: the first row is the first name in the store's order.
    const byName = await call<{ rows: { name: string }[] }>(page, server.origin, 'portfolio.list', { limit: 1 });
    await expect(rows.first().getByRole('link')).toHaveText(byName.rows[0]!.name);

    // Jump to the end: the last page is fetched and its rows shown, and still only a screenful is in the DOM.
    const body = page.getByRole('rowgroup', { name: t('portfolio.rowsLabel') });
    await body.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    const last = body.locator('[aria-rowindex="10001"]');
    await expect(last.getByRole('link')).toBeVisible();
    const byNameDescending = await call<{ rows: { name: string }[] }>(page, server.origin, 'portfolio.list', { limit: 1, descending: true });
    await expect(last.getByRole('link')).toHaveText(byNameDescending.rows[0]!.name);
    expect(await rows.count()).toBeLessThan(60);

    // Sort by owner with a click on its header, then reverse it.
    const ownerHeader = page.getByRole('columnheader', { name: t('portfolio.columns.owner') });
    await ownerHeader.getByRole('button').click();
    await expect(ownerHeader).toHaveAttribute('aria-sort', 'ascending');
    const byOwner = await call<{ rows: { name: string }[] }>(page, server.origin, 'portfolio.list', { sort: 'owner', limit: 1 });
    await expect(rows.first().getByRole('link')).toHaveText(byOwner.rows[0]!.name);
    await ownerHeader.getByRole('button').click();
    await expect(ownerHeader).toHaveAttribute('aria-sort', 'descending');
    const byOwnerDescending = await call<{ rows: { name: string }[] }>(page, server.origin, 'portfolio.list', { sort: 'owner', descending: true, limit: 1 });
    await expect(rows.first().getByRole('link')).toHaveText(byOwnerDescending.rows[0]!.name);

    // Filter by tier: the count follows the store's.
    const strategic = await call<{ total: number }>(page, server.origin, 'portfolio.list', { tier: 'strategic', limit: 1 });
    await page.getByRole('combobox', { name: t('fields.tier') }).selectOption('strategic');
    await expect(page.getByText(t('portfolio.count', { count: strategic.total }), { exact: true })).toBeVisible();
    expect(strategic.total).toBeLessThan(10_000);
    expect(page.url()).toContain('tier=strategic');
  });
});
