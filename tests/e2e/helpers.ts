/** Small steps the e2e specs share: calls as the page makes them, and moving around by address. */
import type { Page } from '@playwright/test';
import type { Translate } from '../../shared/i18n';
import { expect } from './fixtures';

type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** A contract call with the page's session cookie (page.request shares it), as the UI would make it. */
export async function call<T>(page: Page, origin: string, method: string, input: unknown = {}, timeout?: number): Promise<T> {
  const response = await page.request.post(`${origin}/api/${method}`, { data: input, timeout });
  const body = (await response.json()) as Envelope<T>;
  if (!body.ok) throw new Error(`${method}: ${body.error.message}`);
  return body.value;
}

/** Goes to a route of the hash router without reloading the page. */
export async function go(page: Page, path: string): Promise<void> {
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, `#${path}`);
}

/** The notifications (toasts) region; `toContainText` waits for the newest message. */
export const toasts = (page: Page, t: Translate) => page.getByRole('status', { name: t('app.notifications') });

/** Waits until the page shows a level-1 heading with this text. */
export async function expectTitle(page: Page, name: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible();
}
