/**
 * The import wizard (issue 13), in zh-CN and en: from the portfolio, a sheet is picked, one column
 * the headers did not suggest is mapped by hand, the check lists the row with a bad e-mail, the
 * import adds the rest (the problems saved as CSV), and Undo takes the whole batch back.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { call } from './helpers';

interface Rec {
  id: string;
  name: string;
  phone?: string | null;
}

for (const locale of ['zh-CN', 'en'] as const) {
  test.describe(`import, in ${locale}`, () => {
    test.use({ locale });

    test('import a sheet through the wizard, fix a mapping, see the errors, undo', async ({ app: page, t, server }) => {
      const api = <T>(method: string, input: unknown = {}) => call<T>(page, server.origin, method, input);
      const account = locale === 'zh-CN' ? '宁德时代' : 'Bosch Automotive';
      const [first, second] = locale === 'zh-CN' ? ['曾毓群', '吴凯'] : ['Stefan Hartung', 'Markus Heyn'];
      const csv = `\uFEFF客户名称,姓名,Handynummer,邮箱\r\n${account},${first},13800000001,first@example.com\r\n${account},${second},13800000002,not-an-email\r\n`;

      await page.getByRole('link', { name: t('import.open') }).click();
      await expect(page.getByRole('heading', { level: 1, name: t('import.title') })).toBeVisible();
      await page.getByLabel(t('import.wizard.kind')).selectOption('people');
      await page.getByLabel(t('import.wizard.file')).setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });

      // Columns: the unknown header is not imported until mapped by hand.
      const mapping = page.getByRole('region', { name: t('import.wizard.steps.mapping') });
      const phone = mapping.getByRole('combobox', { name: `${t('import.wizard.field')}: Handynummer` });
      await expect(phone).toHaveValue('');
      await expect(mapping.getByRole('combobox', { name: `${t('import.wizard.field')}: 客户名称` })).toHaveValue('account');
      await phone.selectOption('phone');
      await mapping.getByRole('button', { name: t('import.wizard.next') }).click();

      // Check: one row to add, one left out with its problem.
      const check = page.getByRole('region', { name: t('import.wizard.steps.preview') });
      await expect(check).toContainText(t('import.wizard.rows', { rows: 2, creates: 1, updates: 0, failing: 1 }));
      const problems = check.getByRole('table', { name: t('import.wizard.problems') });
      await expect(problems.getByRole('row')).toHaveCount(2);
      await expect(problems.getByRole('row').nth(1)).toContainText('3');
      await expect(problems.getByRole('row').nth(1)).toContainText('邮箱');
      await expect(problems.getByRole('row').nth(1)).toContainText(t('validation.format', { format: t('validation.formats.email') }));
      await check.getByRole('button', { name: t('import.wizard.run', { count: 1 }) }).click();

      const result = page.getByRole('region', { name: t('import.wizard.steps.result') });
      await expect(result.getByRole('status').first()).toContainText(
        t('import.wizard.result', { created: 1, updated: 0, unchanged: 0, failed: 1, accounts: 1, rate: '§' }).split('§')[0]!.trim(),
      );
      const [accountRec] = await api<Rec[]>('accounts.list');
      expect(accountRec?.name).toBe(account);
      const people = await api<Rec[]>('people.list', { accountId: accountRec!.id });
      expect(people.map((p) => [p.name, p.phone])).toEqual([[first, '13800000001']]);

      // The problems as CSV, as Excel opens it (BOM, the row and the column named).
      const download = page.waitForEvent('download');
      await result.getByRole('button', { name: t('import.wizard.saveErrors') }).click();
      const saved = readFileSync(await (await download).path(), 'utf8');
      expect(saved.startsWith('\uFEFF')).toBe(true);
      expect(saved).toContain(`${t('import.report.row')},${t('import.report.column')},${t('import.report.problem')}`);
      expect(saved).toContain('3,邮箱,');

      // Undo: the batch goes as a whole.
      await result.getByRole('button', { name: t('import.wizard.undo') }).click();
      await expect(result).toContainText(t('import.wizard.undone', { removed: 2, restored: 0 }));
      await expect(result.getByRole('button', { name: t('import.wizard.undo') })).toHaveCount(0);
      expect(await api<Rec[]>('accounts.list')).toEqual([]);
    });
  });
}
