/**
 * Writes the stakeholder map's screenshots into docs/: the map and the influence × stance grid in
 * Chinese and English, the map in the dark theme and the compare with an earlier date, from
 * sample data on a throw-away browser-mode server. Not a test; run it after changing the look:
 *   npm run build:renderer && node --import tsx tests/e2e/screenshot-map.ts
 */
import { screenshotKit } from './screenshot-kit';

const kit = await screenshotKit('screenshot-map');
const { server, browser, call, shot } = kit;

try {
  await call('demo.load', { accounts: 3, people: 54, touchpoints: 400 });
  const accounts = await call<{ id: string; name: string }[]>('accounts.list', {});
  const zh = accounts.find((a) => a.name === '华为技术')!;
  const en = accounts.find((a) => a.name === 'Schneider Electric')!;

  const open = async (locale: string, colorScheme: 'light' | 'dark', path: string) => {
    const page = await browser.newPage({ locale, colorScheme, viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(server.url);
    await page.waitForSelector('.app');
    await page.evaluate((hash) => (window.location.hash = hash), `#${path}`);
    await page.waitForSelector('main');
    await page.waitForTimeout(600);
    return page;
  };

  // The map and the grid in each language (the README's table), the map in the dark theme, the compare.
  for (const [locale, suffix, account] of [
    ['zh-CN', 'zh', zh],
    ['en-US', 'en', en],
  ] as const) {
    const page = await open(locale, 'light', `/accounts/${account.id}/map`);
    await shot(page, `screenshot-map-${suffix}`);
    await page.evaluate((hash) => (window.location.hash = hash), `#/accounts/${account.id}/map/grid`);
    await page.waitForSelector('.map-grid');
    await shot(page, `screenshot-grid-${suffix}`);
    await page.close();
  }

  let page = await open('en-US', 'dark', `/accounts/${en.id}/map`);
  await shot(page, 'screenshot-map-dark-en');
  await page.close();

  page = await open('en-US', 'light', `/accounts/${en.id}/map/compare`);
  await page.waitForSelector('svg.smap >> nth=1');
  await page.waitForTimeout(400);
  await shot(page, 'screenshot-map-compare-en');
  await page.close();
} finally {
  await kit.close();
}
