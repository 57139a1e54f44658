/**
 * The header's search tells how many hits each kind has beyond the few it shows, and leads to a
 * page with all of them, page by page (asset-bank issue, item 5: one character showed 8 hits with
 * no total and no way to see the rest).
 */
import { expect, test } from './fixtures';
import { call } from './helpers';

for (const locale of ['zh-CN', 'en'] as const) {
  test.describe(locale, () => {
    test.use({ locale });

    test('one character: the totals beyond the popup, and every hit on the results page', async ({ app: page, t, server }) => {
      test.setTimeout(90_000);
      const account = await call<{ id: string }>(page, server.origin, 'accounts.create', { name: '星河电子' });
      for (let i = 1; i <= 57; i++) await call(page, server.origin, 'people.create', { accountId: account.id, name: `王伟${String(i).padStart(2, '0')}` });

      const search = page.getByRole('combobox', { name: t('search.label') });
      await search.fill('伟');
      const people = page.getByRole('group', { name: new RegExp(t('search.groups.people')) });
      await expect(people.getByRole('option')).toHaveCount(8);
      await expect(people).toContainText(t('search.groupTotal', { shown: 8, total: 57 }));

      // The last option leads to every hit; the keyboard reaches it too.
      const showAll = page.getByRole('option', { name: t('search.showAll', { text: '伟' }) });
      await expect(showAll).toBeVisible();
      // The first hit is highlighted from the start: eight steps down reach the ninth option.
      for (let i = 0; i < 8; i++) await search.press('ArrowDown');
      await expect(showAll).toHaveAttribute('aria-selected', 'true');
      await search.press('Enter');
      await expect(page.getByRole('heading', { level: 1, name: t('search.pageTitle') })).toBeVisible();

      const section = page.getByRole('region', { name: new RegExp(t('search.groups.people')) });
      await expect(section.getByRole('link')).toHaveCount(50);
      await expect(section).toContainText(t('search.groupTotal', { shown: 50, total: 57 }));
      await section.getByRole('button', { name: t('search.showMore') }).click();
      await expect(section.getByRole('link')).toHaveCount(57);
      await expect(section.getByRole('button', { name: t('search.showMore') })).toHaveCount(0);
      await expect(page.getByRole('region', { name: new RegExp(t('search.groups.touchpoints')) })).toContainText(t('search.nothingOfKind', { text: '伟' }));

      // A hit opens the person.
      await section.getByRole('link', { name: '王伟57' }).click();
      await expect(page.getByRole('heading', { level: 1, name: '王伟57' })).toBeVisible();
    });
  });
}
