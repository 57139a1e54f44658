import { request as playwrightRequest, type Locator, type Page } from '@playwright/test';
import { AccountFields } from '../../shared/domain';
import type { Translate } from '../../shared/i18n';
import { expect, test } from './fixtures';

const NAME_MAX = AccountFields.fields.name.maxLength ?? 200;

/** The row of the account shown with exactly this name. */
const rowOf = (page: Page, name: string): Locator =>
  page.getByRole('tabpanel').getByRole('listitem').filter({ has: page.getByText(name, { exact: true }) });

async function createAccount(page: Page, t: Translate, name: string): Promise<void> {
  await page.getByLabel(t('accounts.newName')).fill(name);
  await page.getByRole('button', { name: t('accounts.add') }).click();
  await expect(page.getByRole('status')).toContainText(t('accounts.created', { name }));
  await expect(page.getByLabel(t('accounts.newName'))).toHaveValue('');
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
      await expect(page.getByRole('tabpanel')).toContainText(t('accounts.empty'));

      const name = '华为技术有限公司';
      const renamed = '华为终端有限公司';
      await createAccount(page, t, name);
      await expect(rowOf(page, name)).toBeVisible();
      await expect(page.getByText(t('accounts.count', { count: 1 }))).toBeVisible();

      // Rename inline.
      await rowOf(page, name).getByRole('button', { name: t('accounts.rename') }).click();
      const nameField = page.getByRole('textbox', { name: t('accounts.renameLabel', { name }) });
      await expect(nameField).toBeFocused();
      await nameField.fill(renamed);
      await page.getByRole('button', { name: t('accounts.save') }).click();
      await expect(page.getByRole('status')).toContainText(t('accounts.renamed', { name: renamed }));
      await expect(rowOf(page, renamed)).toBeVisible();
      await expect(rowOf(page, name)).toHaveCount(0);

      // Delete: it leaves the active list and is in the bin.
      await rowOf(page, renamed).getByRole('button', { name: t('accounts.delete') }).click();
      await expect(page.getByRole('status')).toContainText(t('accounts.deleted', { name: renamed }));
      await expect(rowOf(page, renamed)).toHaveCount(0);
      await expect(page.getByRole('tabpanel')).toContainText(t('accounts.empty'));

      await page.getByRole('tab', { name: t('accounts.show.deleted') }).click();
      await expect(page.getByRole('tab', { name: t('accounts.show.deleted') })).toHaveAttribute('aria-selected', 'true');
      const binned = rowOf(page, renamed);
      await expect(binned).toBeVisible();
      await expect(binned.getByRole('button', { name: t('accounts.rename') })).toHaveCount(0);
      expect((await accountsOnServer(page, server.origin))[0]?.deletedAt).not.toBeNull();

      // "All" shows it too, marked as in the bin.
      await page.getByRole('tab', { name: t('accounts.show.all') }).click();
      await expect(rowOf(page, renamed)).toContainText(t('accounts.inBin'));

      // Restore from the bin.
      await page.getByRole('tab', { name: t('accounts.show.deleted') }).click();
      await rowOf(page, renamed).getByRole('button', { name: t('accounts.restore') }).click();
      await expect(page.getByRole('status')).toContainText(t('accounts.restored', { name: renamed }));
      await expect(page.getByRole('tabpanel')).toContainText(t('accounts.emptyBin'));
      await page.getByRole('tab', { name: t('accounts.show.active') }).click();
      await expect(rowOf(page, renamed)).toBeVisible();

      // Delete again, then Undo from the notification.
      await rowOf(page, renamed).getByRole('button', { name: t('accounts.delete') }).click();
      await expect(rowOf(page, renamed)).toHaveCount(0);
      const deletedToast = page.getByRole('status').locator('div', { hasText: t('accounts.deleted', { name: renamed }) });
      await deletedToast.getByRole('button', { name: t('accounts.undo') }).click();
      await expect(rowOf(page, renamed)).toBeVisible();
      expect(await accountsOnServer(page, server.origin)).toEqual([expect.objectContaining({ name: renamed, deletedAt: null })]);
    });
  });
}

test.describe('validation', () => {
  test.use({ locale: 'zh-CN' });

  test('an empty or too long name shows the field error in the user’s language and creates nothing', async ({ app: page, t, server }) => {
    const field = page.getByLabel(t('accounts.newName'));
    const add = page.getByRole('button', { name: t('accounts.add') });

    await add.click();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(t('validation.required'));
    await expect(page.getByText('必填。')).toBeVisible();

    await field.fill('   ');
    await add.click();
    await expect(field).toHaveAccessibleDescription(t('validation.required'));

    const tooLong = '客'.repeat(NAME_MAX + 1);
    await field.fill(tooLong);
    await add.click();
    await expect(field).toHaveAccessibleDescription(t('validation.tooLong', { maximum: NAME_MAX }));
    await expect(field).toHaveValue(tooLong);

    // Switching language re-words the error that is on screen.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByLabel('New account name')).toHaveAccessibleDescription(`Use at most ${NAME_MAX} characters.`);

    await expect(page.getByRole('tabpanel')).toContainText('No accounts yet.');
    expect(await accountsOnServer(page, server.origin)).toEqual([]);
  });

  test('when the save fails, the typed name stays and the reason is shown', async ({ app: page, t, server }) => {
    await server.stop();
    await page.getByLabel(t('accounts.newName')).fill('阿里巴巴');
    await page.getByRole('button', { name: t('accounts.add') }).click();
    const form = page.locator('form').filter({ has: page.getByLabel(t('accounts.newName')) });
    await expect(form.getByRole('alert')).toHaveText(t('errors.network'));
    await expect(page.getByLabel(t('accounts.newName'))).toHaveValue('阿里巴巴');
  });
});

test('the language switch changes the UI at once and is remembered', async ({ app: page }) => {
  await expect(page.getByRole('tab', { name: 'Bin' })).toBeVisible();
  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('tab', { name: '回收站' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('客户');
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
    await expect(rowOf(page, '腾讯科技')).toBeVisible();
    await expect(rowOf(page, '比亚迪')).toBeVisible();
    // Sorted in pinyin order for a Chinese user: bǐ before téng.
    await expect(page.getByRole('tabpanel').getByRole('listitem')).toHaveText([/比亚迪/, /腾讯科技/]);
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

