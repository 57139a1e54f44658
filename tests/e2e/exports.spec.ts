/**
 * Exports in real Chromium: the lists' Export menus download files whose content is the list as
 * shown (the filter applied, the user's language).
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { call, go } from './helpers';

for (const locale of ['zh-CN', 'en'] as const) {
  test.describe(locale, () => {
    test.use({ locale });

    test('the filtered portfolio to CSV, an account’s people to contact cards', async ({ app: page, t, server }) => {
      const a = await call<{ id: string }>(page, server.origin, 'accounts.create', { name: '宁德时代', tier: 'strategic' });
      await call(page, server.origin, 'accounts.create', { name: '比亚迪', tier: 'key' });
      await call(page, server.origin, 'people.create', { accountId: a.id, name: '曾毓群', title: '董事长', phone: '+86 593 888 0000' });

      await go(page, '/?tier=strategic');
      await expect(page.getByRole('table', { name: t('portfolio.tableLabel') })).toContainText('宁德时代');
      await page.getByRole('button', { name: t('exports.menuLabel', { what: t('portfolio.title') }) }).click();
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: t('exports.csv') }).click()]);
      expect(csv.suggestedFilename()).toMatch(new RegExp(`^${t('exports.names.portfolio')}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
      const text = await readFile((await csv.path())!, 'utf8');
      expect(text).toContain(t('portfolio.columns.name'));
      expect(text).toContain('宁德时代');
      expect(text).not.toContain('比亚迪');
      await expect(page.getByText(t('exports.saved', { file: csv.suggestedFilename(), count: 1 }))).toBeVisible();

      await go(page, `/accounts/${a.id}/people`);
      await page.getByRole('button', { name: t('exports.menuLabel', { what: t('people.chainTitle') }) }).click();
      const [vcf] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: t('exports.vcard') }).click()]);
      const card = await readFile((await vcf.path())!, 'utf8');
      expect(card).toMatch(/BEGIN:VCARD\r\nVERSION:3.0\r\n/);
      expect(card).toContain('FN:曾毓群');
      expect(card).toContain('TEL;TYPE=CELL:+86 593 888 0000');
    });
  });
}
