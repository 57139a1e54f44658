/**
 * Settings → Backups in real Chromium, in English and in Chinese: back up now, make a change,
 * restore the backup after confirming; the change is gone, the data as it was is listed as a
 * "before a restore" backup, and the portfolio shows the restored accounts.
 */
import { expect, test } from './fixtures';
import { call, go, toasts } from './helpers';

/** A message's words up to where the backup's time goes (the time is formatted by the page). */
const WHEN = '\u0000';
const before = (text: string) => text.slice(0, text.indexOf(WHEN)).trim();

for (const locale of ['en', 'zh-CN']) {
  test.describe(locale, () => {
    test.use({ locale });

    test('back up now, then restore that backup after confirming', async ({ app: page, t, server }) => {
      await call(page, server.origin, 'accounts.create', { name: 'Kept Ltd' });
      await go(page, '/settings');
      const section = page.getByRole('region', { name: t('backup.title') });
      await expect(section).toContainText(t('backup.none'));

      await section.getByRole('button', { name: t('backup.create') }).click();
      await expect(toasts(page, t)).toContainText(before(t('backup.created', { when: WHEN })));
      const rows = section.getByRole('row');
      await expect(rows).toHaveCount(2);
      await expect(rows.nth(1)).toContainText(t('backup.reason.manual'));

      await call(page, server.origin, 'accounts.create', { name: 'Made after the backup' });
      await rows
        .nth(1)
        .getByRole('button', { name: t('backup.restore') })
        .click();
      const dialog = page.getByRole('dialog');
      await expect(dialog).toContainText(t('backup.confirmText'));
      await dialog.getByRole('button', { name: t('backup.confirm'), exact: true }).click();
      await expect(dialog).toBeHidden();
      await expect(toasts(page, t)).toContainText(before(t('backup.restored', { when: WHEN })));

      const names = (await call<{ name: string }[]>(page, server.origin, 'accounts.list', {})).map((a) => a.name);
      expect(names).toEqual(['Kept Ltd']);
      await expect(section.getByRole('row')).toHaveCount(3);
      await expect(section).toContainText(t('backup.reason.pre-restore'));

      await go(page, '/');
      await expect(page.getByRole('link', { name: 'Kept Ltd' })).toBeVisible();
      await expect(page.getByText('Made after the backup')).toHaveCount(0);
    });
  });
}
