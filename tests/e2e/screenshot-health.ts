/**
 * Writes the health screenshots into docs/: the dashboard, the attention inbox and an account's
 * health (its signals tab with the charts, and the indicator panel) in Chinese and English, from
 * sample data on a throw-away browser-mode server. Not a test; run it after changing the look:
 *   npm run build && node --import tsx tests/e2e/screenshot-health.ts
 */
import { screenshotKit } from './screenshot-kit';

const kit = await screenshotKit('screenshot-health');
const { server, browser, call, shot } = kit;

try {
  await call('demo.load', {});
  const accounts = await call<{ id: string; name: string; ownerId: string | null }[]>('accounts.list', {});
  const falling = accounts.find((a) => a.name === '华为技术')!;
  // The manager of the sample team uses this laptop: their alerts come first.
  await call('me.set', { memberId: falling.ownerId });

  const open = async (locale: string, path: string) => {
    const page = await browser.newPage({ locale, viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(server.url);
    await page.waitForSelector('.app');
    await page.evaluate((hash) => (window.location.hash = hash), `#${path}`);
    await page.waitForSelector('main');
    await page.waitForTimeout(900);
    return page;
  };

  for (const [locale, suffix] of [
    ['zh-CN', 'zh'],
    ['en-US', 'en'],
  ] as const) {
    let page = await open(locale, '/dashboard');
    await shot(page, `screenshot-dashboard-${suffix}`);
    await page.close();
    page = await open(locale, '/inbox');
    await shot(page, `screenshot-inbox-${suffix}`);
    await page.close();
    page = await open(locale, `/accounts/${falling.id}/signals`);
    await shot(page, `screenshot-account-health-${suffix}`);
    await page.locator('button.health-badge').click();
    await page.getByRole('dialog').waitFor();
    await page.waitForTimeout(300);
    await shot(page, `screenshot-account-indicators-${suffix}`);
    await page.close();
  }
} finally {
  await kit.close();
}
