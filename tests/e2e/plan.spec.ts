/**
 * The account plan in real Chromium: the page a review or a handover prints, with its sections in
 * the user's language, and the PDF Chromium prints from it (the desktop app's printToPDF is the
 * same engine, and its text layer is mended the same way): its text, Chinese included, is
 * extractable as written and complete.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { mendPdfText } from '../../electron/services/pdf-text';
import { expect, test } from './fixtures';
import { call, go } from './helpers';

async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
  let text = '';
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str : '')).join('') + '\n';
  }
  return text;
}

for (const locale of ['zh-CN', 'en'] as const) {
  test.describe(locale, () => {
    test.use({ locale });

    test('the account plan: organisation, decision chain with strategies, health, next steps; printed to PDF with its Chinese text', async ({
      app: page,
      t,
      server,
    }) => {
      test.setTimeout(90_000);
      const member = await call<{ id: string }>(page, server.origin, 'members.create', { name: '陈晓明', role: 'kam' });
      const account = await call<{ id: string }>(page, server.origin, 'accounts.create', { name: '宁德时代', tier: 'strategic', ownerId: member.id });
      const boss = await call<{ id: string }>(page, server.origin, 'people.create', {
        accountId: account.id,
        name: '曾毓群',
        title: '董事长',
        roles: ['decider'],
      });
      await call(page, server.origin, 'people.create', {
        accountId: account.id,
        name: '吴凯',
        reportsToId: boss.id,
        roles: ['influencer'],
        strategies: { influencer: '每季度技术交流，先于竞争对手提供路线图' },
      });
      await call(page, server.origin, 'agreements.create', { accountId: account.id, title: '2026 框架协议', renewalDate: '2027-03-31' });
      await call(page, server.origin, 'followups.create', { accountId: account.id, task: '提交年度合作方案', dueDate: '2026-12-20', ownerId: member.id });

      await go(page, `/accounts/${account.id}/organisation`);
      await page.getByRole('link', { name: t('plan.open') }).click();
      await expect(page.getByRole('heading', { level: 1, name: t('plan.title', { account: '宁德时代' }) })).toBeVisible();
      const chain = page.getByRole('region', { name: t('plan.decisionChain') });
      await expect(chain.getByRole('table', { name: t('plan.keyPeople') })).toContainText('曾毓群');
      await expect(chain).toContainText('每季度技术交流，先于竞争对手提供路线图');
      await expect(chain.locator('svg').first()).toBeVisible();
      await expect(page.getByRole('region', { name: t('plan.organisation') })).toContainText('2026 框架协议');
      await expect(page.getByRole('region', { name: t('plan.health') })).toContainText(t('health.score', { score: '' }).trim().split(' ')[0]!);
      await expect(page.getByRole('table', { name: t('plan.followUps') })).toContainText('提交年度合作方案');
      // In a browser the button prints (Save as PDF is the browser's); the desktop app saves the PDF itself.
      await expect(page.getByRole('button', { name: t('app.print') })).toBeVisible();

      // Chromium names some Chinese glyphs by their radical in the text layer (方 as ⽅); the desktop
      // app mends what printToPDF gives before saving it (print.pdf), and so does this.
      const text = await pdfText(await mendPdfText(await page.pdf({ format: 'A4', printBackground: true })));
      expect(text).not.toMatch(/[\u2e80-\u2fdf]/u);
      for (const expected of [
        t('plan.title', { account: '宁德时代' }),
        '曾毓群',
        '董事长',
        '吴凯',
        '每季度技术交流',
        '提交年度合作方案',
        '2026 框架协议',
        t('plan.nextSteps'),
      ]) {
        expect(text.replace(/\s+/g, ''), expected).toContain(expected.replace(/\s+/g, ''));
      }
      // The app's chrome is not printed.
      expect(text).not.toContain(t('app.print'));
    });
  });
}
