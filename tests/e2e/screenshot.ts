/**
 * Writes the docs screenshots (1280×800) against a real browser-mode server on a throw-away data
 * folder with the sample data: the portfolio and an account's three layers, in Chinese and in
 * English. Not a test; run it after changing the look:
 *   npm run build:renderer && node --import tsx tests/e2e/screenshot.ts [light|dark]
 */
import type { Page } from '@playwright/test';
import { translator } from '../../shared/i18n';
import { screenshotKit } from './screenshot-kit';

const colorScheme = process.argv[2] === 'dark' ? 'dark' : 'light';
const suffix = colorScheme === 'dark' ? '-dark' : '';
/** Each language shows an account named in that language. */
const RUNS = [
  { locale: 'zh-CN', tag: 'zh', account: '华为技术' },
  { locale: 'en', tag: 'en', account: 'Schneider Electric' },
] as const;

const kit = await screenshotKit('screenshot');
const { server, browser, call } = kit;
try {
  await call('demo.load', {});
  const shot = (page: Page, name: string) => kit.shot(page, `screenshot-${name}${suffix}`);

  for (const run of RUNS) {
    const t = translator(run.locale);
    const { rows } = await call<{ rows: { id: string }[] }>('portfolio.list', { text: run.account, limit: 1 });
    const accountId = rows[0]!.id;
    const page = await browser.newPage({ locale: run.locale, colorScheme, viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    await page.goto(server.url);
    await page
      .getByRole('rowgroup', { name: t('portfolio.rowsLabel') })
      .getByRole('row')
      .nth(10)
      .getByRole('link')
      .waitFor();
    await shot(page, `portfolio-${run.tag}`);

    for (const layer of ['organisation', 'people', 'touchpoints'] as const) {
      await page.evaluate((hash) => (window.location.hash = hash), `#/accounts/${accountId}/${layer}`);
      await page.getByRole('tab', { name: t(`account.layers.${layer}`), selected: true }).waitFor();
      const ready = {
        organisation: page.getByRole('heading', { name: t('org.agreements.title') }),
        people: page.getByRole('table', { name: t('people.chainTitle') }),
        touchpoints: page.getByRole('list', { name: t('touchpoints.title') }),
      }[layer];
      await ready.waitFor();
      await page.waitForLoadState('networkidle');
      await shot(page, `account-${layer}-${run.tag}`);
    }
    await page.close();
  }
} finally {
  await kit.close();
}
