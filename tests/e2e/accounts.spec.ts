/**
 * Accounts as a whole: adding one from the portfolio, renaming it on its page, the bin (delete,
 * restore, Undo), a failed save, the language switch, and persistence across a restart.
 */
import { request as playwrightRequest, type Locator, type Page } from '@playwright/test';
import { AccountFields } from '../../shared/domain';
import type { Translate } from '../../shared/i18n';
import { expect, test } from './fixtures';
import { expectTitle, toasts } from './helpers';

const NAME_MAX = AccountFields.fields.name.maxLength ?? 200;

/** The portfolio's rows (the virtualised table's body). */
const portfolioRows = (page: Page, t: Translate): Locator => page.getByRole('rowgroup', { name: t('portfolio.rowsLabel') }).getByRole('row');
const rowOf = (page: Page, t: Translate, name: string): Locator => portfolioRows(page, t).filter({ has: page.getByRole('link', { name, exact: true }) });
const binRowOf = (page: Page, name: string): Locator =>
  page
    .getByRole('tabpanel')
    .getByRole('listitem')
    .filter({ has: page.getByText(name, { exact: true }) });

async function openAddAccount(page: Page, t: Translate): Promise<Locator> {
  await page
    .getByRole('navigation', { name: t('nav.label') })
    .getByRole('link', { name: t('nav.portfolio') })
    .click();
  await page
    .getByRole('main')
    .getByRole('button', { name: t('portfolio.addAccount') })
    .first()
    .click();
  return page.getByRole('dialog', { name: t('portfolio.addAccount') });
}

/** Adds an account from the portfolio; the new account's page opens. */
async function createAccount(page: Page, t: Translate, name: string): Promise<void> {
  const dialog = await openAddAccount(page, t);
  await dialog.getByLabel(t('accounts.newName')).fill(name);
  await dialog.getByRole('button', { name: t('accounts.add') }).click();
  await expect(toasts(page, t)).toContainText(t('accounts.created', { name }));
  await expectTitle(page, name);
  await expect(page.getByRole('tab', { name: t('account.layers.organisation') })).toHaveAttribute('aria-selected', 'true');
}

async function accountsOnServer(page: Page, origin: string): Promise<{ name: string; deletedAt: string | null }[]> {
  // page.request shares the page's cookies, so it is authenticated like the UI.
  const response = await page.request.post(`${origin}/api/accounts.list`, { data: { state: 'all' } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { value: { name: string; deletedAt: string | null }[] }).value;
}

for (const locale of ['zh-CN', 'en'] as const) {
  test.describe(`accounts, with the OS in ${locale}`, () => {
    test.use({ locale });

    test('create, rename, delete to the bin, restore, and undo a delete', async ({ app: page, t, server }) => {
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expect(page.getByRole('button', { name: t(`app.localeNames.${locale}`) })).toHaveAttribute('aria-pressed', 'true');
      await expect(page.getByRole('banner')).toContainText(t('app.mode.browser'));
      await expect(page.getByRole('tabpanel')).toContainText(t('portfolio.emptyTitle'));

      const name = '华为技术有限公司';
      const renamed = '华为终端有限公司';
      await createAccount(page, t, name);

      // Rename on the account's page.
      await page.getByRole('button', { name: t('org.editDetails') }).click();
      const edit = page.getByRole('dialog', { name: t('org.editTitle', { name }) });
      const nameField = edit.getByRole('textbox', { name: t('fields.name') });
      await expect(nameField).toHaveValue(name);
      await nameField.fill(renamed);
      await edit.getByRole('button', { name: t('common.save') }).click();
      await expect(toasts(page, t)).toContainText(t('org.saved', { name: renamed }));
      await expect(edit).toHaveCount(0);
      await expectTitle(page, renamed);

      // The portfolio lists it under its new name.
      await page
        .getByRole('navigation', { name: t('account.breadcrumb') })
        .getByRole('link', { name: t('nav.portfolio') })
        .click();
      await expect(rowOf(page, t, renamed)).toBeVisible();
      await expect(page.getByText(t('portfolio.count', { count: 1 }))).toBeVisible();

      // Delete from its page: back on the portfolio, which is empty again, and it is in the bin.
      await rowOf(page, t, renamed).getByRole('link', { name: renamed }).click();
      await page.getByRole('button', { name: t('account.delete') }).click();
      await expect(toasts(page, t)).toContainText(t('common.movedToBin', { name: renamed }));
      await expect(page.getByRole('heading', { level: 1, name: t('portfolio.title') })).toBeVisible();
      await expect(page.getByRole('tabpanel')).toContainText(t('portfolio.emptyTitle'));
      expect((await accountsOnServer(page, server.origin))[0]?.deletedAt).not.toBeNull();

      await page.getByRole('tab', { name: t('portfolio.tabs.bin') }).click();
      await expect(page.getByRole('tab', { name: t('portfolio.tabs.bin') })).toHaveAttribute('aria-selected', 'true');
      await expect(binRowOf(page, renamed)).toBeVisible();

      // Restore from the bin.
      await binRowOf(page, renamed)
        .getByRole('button', { name: t('accounts.restore') })
        .click();
      await expect(toasts(page, t)).toContainText(t('common.restored', { name: renamed }));
      await expect(page.getByRole('tabpanel')).toContainText(t('accounts.emptyBin'));
      await page.getByRole('tab', { name: t('portfolio.tabs.active') }).click();
      await expect(rowOf(page, t, renamed)).toBeVisible();

      // Delete again, then Undo from the notification.
      await rowOf(page, t, renamed).click();
      await expectTitle(page, renamed);
      await page.getByRole('button', { name: t('account.delete') }).click();
      await expect(page.getByRole('tabpanel')).toContainText(t('portfolio.emptyTitle'));
      const deletedToast = toasts(page, t).locator('div', { hasText: t('common.movedToBin', { name: renamed }) });
      await deletedToast.getByRole('button', { name: t('common.undo') }).click();
      await expect(rowOf(page, t, renamed)).toBeVisible();
      expect(await accountsOnServer(page, server.origin)).toEqual([expect.objectContaining({ name: renamed, deletedAt: null })]);
    });
  });
}

test.describe('validation', () => {
  test.use({ locale: 'zh-CN' });

  test('an empty or too long name shows the field error in the user’s language and creates nothing', async ({ app: page, t, server }) => {
    const dialog = await openAddAccount(page, t);
    const field = dialog.getByLabel(t('accounts.newName'));
    const add = dialog.getByRole('button', { name: t('accounts.add') });

    await add.click();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(t('validation.required'));
    await expect(dialog.getByText('必填。')).toBeVisible();

    await field.fill('   ');
    await add.click();
    await expect(field).toHaveAccessibleDescription(t('validation.required'));

    const tooLong = '客'.repeat(NAME_MAX + 1);
    await field.fill(tooLong);
    await add.click();
    await expect(field).toHaveAccessibleDescription(t('validation.tooLong', { maximum: NAME_MAX }));
    await expect(field).toHaveValue(tooLong);

    // Escape closes the dialog; nothing was created.
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('tabpanel')).toContainText(t('portfolio.emptyTitle'));
    expect(await accountsOnServer(page, server.origin)).toEqual([]);
  });

  test('when the save fails, the typed name stays and the reason is shown', async ({ app: page, t, server }) => {
    const dialog = await openAddAccount(page, t);
    await server.stop();
    await dialog.getByLabel(t('accounts.newName')).fill('阿里巴巴');
    await dialog.getByRole('button', { name: t('accounts.add') }).click();
    await expect(dialog.getByRole('alert')).toHaveText(t('errors.network'));
    await expect(dialog.getByLabel(t('accounts.newName'))).toHaveValue('阿里巴巴');
  });
});

test('the language switch changes the UI at once and is remembered', async ({ app: page }) => {
  await expect(page.getByRole('tab', { name: 'Bin' })).toBeVisible();
  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('tab', { name: '回收站' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('客户组合');
  await page.reload();
  await expect(page.getByRole('tab', { name: '回收站' })).toBeVisible();
  await expect(page.getByRole('group', { name: '语言' }).getByRole('button', { name: '中文' })).toHaveAttribute('aria-pressed', 'true');
});

test.describe('persistence', () => {
  test.use({ locale: 'zh-CN' });

  test('an account survives a server restart on the same data folder', async ({ app: page, t, server }) => {
    await createAccount(page, t, '腾讯科技');
    await createAccount(page, t, '比亚迪');
    await server.restart();
    await page.goto(server.url);
    await expect(rowOf(page, t, '腾讯科技')).toBeVisible();
    await expect(rowOf(page, t, '比亚迪')).toBeVisible();
    // Sorted in pinyin order for a Chinese user: bǐ before téng.
    await expect(portfolioRows(page, t)).toHaveText([/比亚迪/, /腾讯科技/]);
  });
});

test('the API refuses a request without the token', async ({ server }) => {
  const stranger = await playwrightRequest.newContext();
  try {
    const response = await stranger.post(`${server.origin}/api/accounts.list`, { data: { state: 'all' } });
    expect(response.status()).toBe(401);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    const wrongToken = await stranger.post(`${server.origin}/api/accounts.list`, {
      data: {},
      headers: { authorization: 'Bearer not-the-token' },
    });
    expect(wrongToken.status()).toBe(401);
    expect((await stranger.get(`${server.origin}/`)).status()).toBe(401);
  } finally {
    await stranger.dispose();
  }
});
