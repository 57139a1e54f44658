/**
 * What the docs screenshot scripts share: a throw-away browser-mode server on a fresh data
 * folder, Chromium as the tests launch it, contract calls with the server's token, and a shot
 * written into docs/. Not a test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import config from '../playwright.config';
import { projectRoot, RapportServer } from './server';

export interface ScreenshotKit {
  server: RapportServer;
  browser: Browser;
  call<T>(method: string, input: unknown): Promise<T>;
  /** Writes `docs/<name>.png`. */
  shot(page: Page, name: string): Promise<Buffer>;
  close(): Promise<void>;
}

export async function screenshotKit(prefix: string): Promise<ScreenshotKit> {
  const dataDir = mkdtempSync(join(tmpdir(), `rapport-${prefix}-`));
  const server = await new RapportServer(dataDir).start();
  const browser = await chromium.launch(config.use?.launchOptions);
  return {
    server,
    browser,
    async call<T>(method: string, input: unknown): Promise<T> {
      const response = await fetch(`${server.origin}/api/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      const result = (await response.json()) as { ok: boolean; value: T };
      if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result)}`);
      return result.value;
    },
    shot: (page, name) => page.screenshot({ path: join(projectRoot, 'docs', `${name}.png`) }),
    async close() {
      await browser.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
