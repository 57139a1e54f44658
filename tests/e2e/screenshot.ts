/**
 * Writes docs/screenshot-accounts.png: the accounts view in Chinese with a few accounts, against a
 * real browser-mode server on a throw-away data folder. Not a test; run it after changing the look:
 *   npm run build:renderer && node --import tsx tests/e2e/screenshot.ts [light|dark]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import config from '../playwright.config';
import { projectRoot, RapportServer } from './server';

const colorScheme = process.argv[2] === 'dark' ? 'dark' : 'light';
const accounts = ['华为技术有限公司', '比亚迪股份有限公司', '宁德时代新能源科技', '招商银行', '美的集团', '顺丰控股', 'Siemens China'];

const dataDir = mkdtempSync(join(tmpdir(), 'rapport-screenshot-'));
const server = await new RapportServer(dataDir).start();
const browser = await chromium.launch(config.use?.launchOptions);
try {
  const call = async (method: string, input: unknown) => {
    const response = await fetch(`${server.origin}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    const result = (await response.json()) as { ok: boolean; value: { id: string } };
    if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result)}`);
    return result.value;
  };
  for (const name of accounts) await call('accounts.create', { name });
  const old = await call('accounts.create', { name: '旧客户（已合并）' });
  await call('accounts.delete', { id: old.id });

  const page = await browser.newPage({ locale: 'zh-CN', colorScheme, viewport: { width: 1100, height: 720 }, deviceScaleFactor: 1 });
  await page.goto(server.url);
  await page.getByRole('listitem').first().waitFor();
  const suffix = colorScheme === 'dark' ? '-dark' : '';
  await page.screenshot({ path: join(projectRoot, 'docs', `screenshot-accounts${suffix}.png`) });
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
