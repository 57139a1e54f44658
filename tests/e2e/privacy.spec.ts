/**
 * Issue 12 in real Chromium, in zh-CN and en: a person's private note shows on the author's
 * device; erasing the person (confirm dialog, the name typed) leaves the placeholder, who erased
 * them, and the touchpoint that names them; the printable export shows what is left.
 */
import { expect, test } from './fixtures';
import { call, expectTitle, go, toasts } from './helpers';

for (const locale of ['zh-CN', 'en'] as const) {
  test.describe(`erasing a person, in ${locale}`, () => {
    test.use({ locale });

    test('erase a person: confirm by name, placeholder everywhere, who did it, the export page', async ({ app: page, t, server }) => {
      const rec = (method: string, input: unknown) => call<{ id: string }>(page, server.origin, method, input);
      const me = await rec('members.create', { name: '陈晓明', role: 'kam' });
      await call(page, server.origin, 'me.set', { memberId: me.id });
      const account = await rec('accounts.create', { name: '宁德时代', ownerId: me.id });
      const person = await rec('people.create', { accountId: account.id, name: '韩梅梅', title: '采购总监', phone: '13800138000' });
      await rec('touchpoints.create', {
        accountId: account.id,
        at: '2026-11-20T09:30:00.000Z',
        kind: 'visit',
        summary: '拜访采购部',
        theirParticipants: [person.id],
      });
      await rec('notes.create', { personId: person.id, body: '女儿明年高考' });

      await go(page, `/people/${person.id}`);
      await expectTitle(page, '韩梅梅');
      await expect(page.getByRole('list', { name: t('person.notes.title') })).toContainText('女儿明年高考');

      await page.getByRole('button', { name: t('privacy.erase.action') }).click();
      const dialog = page.getByRole('dialog', { name: t('privacy.erase.title', { name: '韩梅梅' }) });
      const confirm = dialog.getByRole('button', { name: t('privacy.erase.confirm'), exact: true });
      await expect(confirm).toBeDisabled();
      await dialog.getByRole('textbox', { name: t('privacy.erase.confirmLabel') }).fill('韩梅梅');
      await confirm.click();
      await expect(toasts(page, t)).toContainText(t('privacy.erase.done'));

      const erased = await call<{ name: string; phone: string | null; erasedBy: string }>(page, server.origin, 'people.get', { id: person.id });
      expect(erased.name).toMatch(new RegExp(`^${t('privacy.erasedName', { tag: '' }).trim()} #[0-9a-f]{4}$`));
      expect(erased).toMatchObject({ phone: null, erasedBy: me.id });
      await expectTitle(page, erased.name);
      await expect(page.getByRole('status').filter({ hasText: t('privacy.erase.banner', { who: '陈晓明', when: '' }).split('陈晓明')[0]! })).toContainText(
        '陈晓明',
      );
      await expect(page.getByRole('button', { name: t('privacy.erase.action') })).toHaveCount(0);
      await expect(page.getByText('女儿明年高考')).toHaveCount(0);
      await expect(page.getByText('拜访采购部')).toBeVisible();

      // The printable export: what is left, with the toolbar hidden in print.
      await page.getByRole('link', { name: t('privacy.export.action') }).click();
      await expectTitle(page, t('privacy.export.title', { name: erased.name }));
      await expect(page.getByText('拜访采购部')).toBeVisible();
      await expect(page.getByText('13800138000')).toHaveCount(0);
      const print = page.getByRole('button', { name: t('app.print') });
      await expect(print).toBeVisible();
      await page.emulateMedia({ media: 'print' });
      await expect(print).toBeHidden();
      await expectTitle(page, t('privacy.export.title', { name: erased.name }));
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
      // The Chinese text is set in a CJK face (embedded, subset), not as missing glyphs.
      expect(pdf.toString('latin1')).toMatch(/\/FontName\s*\/[A-Z]{6}\+[\w-]*CJK/);
    });
  });
}
