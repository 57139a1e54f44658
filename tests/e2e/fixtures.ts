/**
 * Each test gets its own data folder and its own `rapport serve` process, and a page that has
 * opened the tokened address (so the session cookie is set and the portfolio is shown).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { translator, type Locale, type Translate } from '../../shared/i18n';
import { RapportServer } from './server';

interface Fixtures {
  dataDir: string;
  server: RapportServer;
  /** The page, opened on the server's address and showing the portfolio (the home screen). */
  app: Page;
  /** The catalog text for the test's `locale` option, to find things by what the user reads. */
  t: Translate;
}

export const test = base.extend<Fixtures>({
  dataDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  server: async ({ dataDir }, use) => {
    const server = await new RapportServer(dataDir).start();
    await use(server);
    await server.stop();
  },
  t: async ({ locale }, use) => {
    await use(translator(localeOf(locale)));
  },
  app: async ({ page, server, t }, use) => {
    // A CSP violation or an uncaught exception fails the test even when the UI looks right.
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
    await page.goto(server.url);
    await expect(page.getByRole('heading', { level: 1, name: t('portfolio.title') })).toBeVisible();
    await use(page);
    expect(problems).toEqual([]);
  },
});

export function localeOf(tag: string | undefined): Locale {
  return tag?.startsWith('zh') ? 'zh-CN' : 'en';
}

export { expect };
