/**
 * Writes the health screenshots into docs/: the dashboard, the attention inbox and an account's
 * health (its signals tab with the charts, and the indicator panel) in Chinese and English, from
 * sample data on a throw-away browser-mode server. Not a test; run it after changing the look:
 *   npm run build && node --import tsx tests/e2e/screenshot-health.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import config from '../playwright.config';
import { projectRoot, RapportServer } from './server';

const dataDir = mkdtempSync(join(tmpdir(), 'rapport-screenshot-health-'));
const server = await new RapportServer(dataDir).start();
const browser = await chromium.launch(config.use?.launchOptions);
const call = async <T>(method: string, input: unknown): Promise<T> => {
  const response = await fetch(`${server.origin}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: boolean; value: T };
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result)}`);
  return result.value;
};
const shot = (page: Page, name: string) => page.screenshot({ path: join(projectRoot, 'docs', `${name}.png`) });

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
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
