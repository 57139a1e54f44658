/**
 * The account page's health-signals tab against a real server: a purchase and a service request
 * added through their dialogs on a new account and listed (in Chinese, where amounts start in
 * yuan), and a negative amount or an NPS of 11 refused in the user's language with nothing saved.
 */
import { expect, test } from './fixtures';
import { call, go } from './helpers';

test.describe('health signals, with the OS in zh-CN', () => {
  test.use({ locale: 'zh-CN' });

  test('a purchase and a service request added through their dialogs are listed', async ({ app: page, t, server }) => {
    const account = await call<{ id: string }>(page, server.origin, 'accounts.create', { name: '宁德时代' });
    await call(page, server.origin, 'people.create', { accountId: account.id, name: '李雷', title: '采购总监' });
    // Made behind the page's back: reload so its cached lists know them.
    await page.reload();
    await go(page, `/accounts/${account.id}/signals`);
    await expect(page.getByRole('tab', { name: t('signals.tab') })).toHaveAttribute('aria-selected', 'true');

    const purchases = page.getByRole('region', { name: t('signals.purchases.title') });
    await expect(purchases).toContainText(t('signals.purchases.empty'));
    await purchases.getByRole('button', { name: t('signals.purchases.add') }).click();
    const purchaseDialog = page.getByRole('dialog', { name: t('signals.purchases.add') });
    await expect(purchaseDialog.getByRole('textbox', { name: t('fields.currency') })).toHaveValue('CNY');
    await purchaseDialog.getByLabel(t('fields.period')).fill('2025-11');
    await purchaseDialog.getByRole('spinbutton', { name: t('fields.amount') }).fill('120000');
    await purchaseDialog.getByRole('textbox', { name: t('fields.productLine') }).fill('正极材料');
    await purchaseDialog.getByRole('button', { name: t('common.save') }).click();
    await expect(purchaseDialog).toBeHidden();
    const purchaseRow = purchases.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '2025年11月' }) });
    await expect(purchaseRow).toContainText('¥120,000');
    await expect(purchaseRow).toContainText('正极材料');
    expect(await call<unknown[]>(page, server.origin, 'purchases.list', { accountId: account.id })).toEqual([
      expect.objectContaining({ period: '2025-11', amount: 120_000, currency: 'CNY', productLine: '正极材料' }),
    ]);

    const requests = page.getByRole('region', { name: t('signals.requests.title') });
    await expect(requests).toContainText(t('signals.requests.empty'));
    await requests.getByRole('button', { name: t('signals.requests.add') }).click();
    const requestDialog = page.getByRole('dialog', { name: t('signals.requests.add') });
    await requestDialog.getByRole('textbox', { name: t('fields.summary') }).fill('电芯交付延迟');
    await requestDialog.getByRole('textbox', { name: t('fields.openedAt') }).fill('2026-01-05');
    await requestDialog.getByRole('combobox', { name: t('fields.severity') }).selectOption('high');
    await requestDialog.getByRole('combobox', { name: t('fields.personId') }).selectOption({ label: '李雷 · 采购总监' });
    await requestDialog.getByRole('checkbox', { name: t('fields.complaint') }).check();
    await requestDialog.getByRole('button', { name: t('common.save') }).click();
    await expect(requestDialog).toBeHidden();
    const requestRow = requests.getByRole('row').filter({ hasText: '电芯交付延迟' });
    await expect(requestRow).toContainText(t('enums.severity.high'));
    await expect(requestRow).toContainText(t('signals.requests.stillOpen'));
    await expect(requestRow.getByRole('link', { name: '李雷' })).toBeVisible();
    expect(await call<unknown[]>(page, server.origin, 'requests.list', { accountId: account.id })).toEqual([
      expect.objectContaining({ summary: '电芯交付延迟', openedAt: '2026-01-05', severity: 'high', complaint: true }),
    ]);
  });
});

test('a negative amount and an NPS of 11 are refused in the user’s language, and nothing is saved', async ({ app: page, t, server }) => {
  const account = await call<{ id: string }>(page, server.origin, 'accounts.create', { name: 'Contemporary Amperex' });
  await page.reload();
  await go(page, `/accounts/${account.id}/signals`);

  const purchases = page.getByRole('region', { name: t('signals.purchases.title') });
  await purchases.getByRole('button', { name: t('signals.purchases.add') }).click();
  const purchaseDialog = page.getByRole('dialog', { name: t('signals.purchases.add') });
  await purchaseDialog.getByRole('spinbutton', { name: t('fields.amount') }).fill('-5');
  await purchaseDialog.getByRole('textbox', { name: t('fields.currency') }).fill('EUR');
  await purchaseDialog.getByRole('button', { name: t('common.save') }).click();
  await expect(purchaseDialog.getByText(t('validation.tooLow', { minimum: 0 }))).toBeVisible();
  await expect(purchaseDialog.getByRole('spinbutton', { name: t('fields.amount') })).toHaveValue('-5');
  await purchaseDialog.getByRole('button', { name: t('common.cancel') }).click();
  await expect(purchaseDialog).toBeHidden();

  const surveys = page.getByRole('region', { name: t('signals.surveys.title') });
  await surveys.getByRole('button', { name: t('signals.surveys.add') }).click();
  const surveyDialog = page.getByRole('dialog', { name: t('signals.surveys.add') });
  await surveyDialog.getByRole('spinbutton', { name: t('fields.nps') }).fill('11');
  await surveyDialog.getByRole('button', { name: t('common.save') }).click();
  await expect(surveyDialog.getByText(t('validation.tooHigh', { maximum: 10 }))).toBeVisible();
  await surveyDialog.getByRole('button', { name: t('common.cancel') }).click();

  await expect(purchases).toContainText(t('signals.purchases.empty'));
  await expect(surveys).toContainText(t('signals.surveys.empty'));
  expect(await call<unknown[]>(page, server.origin, 'purchases.list', { accountId: account.id })).toEqual([]);
  expect(await call<unknown[]>(page, server.origin, 'surveys.list', { accountId: account.id })).toEqual([]);
});
