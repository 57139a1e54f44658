/**
 * The stakeholder map (issue 5) as a key-account manager uses it, in Chromium against browser
 * mode: a demo account's map with its legend and red flags; a person dragged under a new manager
 * (found again in the key-people table, then undone); an influence link drawn by dragging; the
 * map exported as SVG (valid XML holding every person's name); and the compare with an earlier
 * date. Then the grid (a person moved with the keyboard) and the Chinese words.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { MapView } from '../../shared/map';
import { expect, test } from './fixtures';
import { call, expectTitle, go, toasts } from './helpers';

type Person = MapView['people'][number];

/** Loads a small demo (one account) and returns it with its map as the service computes it. */
async function demoAccount(page: Page, origin: string): Promise<MapView> {
  await call(page, origin, 'demo.load', { accounts: 1, people: 14, touchpoints: 80 });
  const [account] = await call<{ id: string }[]>(page, origin, 'accounts.list', {});
  return call<MapView>(page, origin, 'map.get', { accountId: account!.id });
}

const node = (page: Page, id: string) => page.locator(`svg.smap [data-node="${id}"]`);

/** The centre of a person's disc on screen. */
async function centre(page: Page, id: string): Promise<{ x: number; y: number }> {
  const box = await node(page, id).locator('.smap-disc').boundingBox();
  if (!box) throw new Error(`person ${id} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Presses on one person and lets go over another, moving in steps as a hand would. */
async function dragOnto(page: Page, fromId: string, toId: string): Promise<void> {
  const from = await centre(page, fromId);
  const to = await centre(page, toId);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 12, from.y + 12, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

const isoDaysAgo = (days: number) => {
  const day = new Date(Date.now() - days * 86_400_000);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
};

test('the map: legend and red flags, drag under a new manager, draw a link, export SVG, compare with an earlier date', async ({ app: page, server, t }) => {
  test.setTimeout(60_000);
  const map = await demoAccount(page, server.origin);
  await go(page, `/accounts/${map.accountId}/map`);
  await expectTitle(page, t('map.title'));

  // Every person is drawn; the legend explains the seven roles; the red flags are listed beside the map.
  await expect(page.locator('svg.smap .smap-node')).toHaveCount(map.people.length);
  const legend = page.getByRole('region', { name: t('map.legend.title') });
  await expect(legend).toBeVisible();
  for (const role of ['initiator', 'user', 'influencer', 'decider', 'approver', 'buyer', 'gatekeeper'])
    await expect(legend).toContainText(t(`enums.role.${role}`));
  const flags = page.getByRole('region', { name: new RegExp(`^${t('map.flags.title')}`) });
  await expect(flags.getByRole('listitem')).toHaveCount(map.flags.length);
  await expect(page.getByRole('heading', { name: t('map.status.heading', { colour: t(`map.status.${map.status.colour}`) }) })).toBeVisible();
  // A flagged person carries the flag on their node, and their accessible name says why.
  const flagged = map.flags.find((f) => f.personId);
  if (flagged) await expect(node(page, flagged.personId!).locator('.smap-flag')).toHaveCount(1);

  // Drag someone who manages nobody onto the top of the chain: they now report there.
  const byId = new Map(map.people.map((p) => [p.id, p]));
  const top = map.people.find((p) => !p.reportsToId)!;
  const mover = map.people.find((p) => p.reportsToId && p.reportsToId !== top.id && !map.people.some((q) => q.reportsToId === p.id))!;
  const before = byId.get(mover.reportsToId!)!;
  await dragOnto(page, mover.id, top.id);
  await expect(toasts(page, t)).toContainText(t('map.reportsTo.moved', { name: mover.name, manager: top.name }));

  // The key-people table shows the new manager.
  await go(page, `/accounts/${map.accountId}/people`);
  const row = page
    .getByRole('table', { name: t('people.chainTitle') })
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: mover.name, exact: true }) });
  await expect(row.getByRole('cell').nth(2)).toHaveText(top.name);

  // Back on the map, Undo puts them back under their old manager.
  await go(page, `/accounts/${map.accountId}/map`);
  await page.getByRole('button', { name: t('map.toolbar.undoWhat', { what: t('map.reportsTo.what', { name: mover.name, manager: top.name }) }) }).click();
  await expect(toasts(page, t)).toContainText(t('map.reportsTo.back', { name: mover.name, manager: before.name }));
  await expect.poll(async () => (await call<Person>(page, server.origin, 'people.get', { id: mover.id })).reportsToId).toBe(before.id);

  // Draw an influence link by dragging in link mode (after Undo the layout changed: fit it to the screen first).
  await page.getByRole('button', { name: t('map.toolbar.fit') }).click();
  const target = map.people.find((p) => p.id !== mover.id && !map.links.some((l) => l.fromId === mover.id && l.toId === p.id))!;
  await page.getByRole('button', { name: t('map.toolbar.drawLink') }).click();
  await expect(page.getByRole('button', { name: t('map.toolbar.drawLink') })).toHaveAttribute('aria-pressed', 'true');
  await dragOnto(page, mover.id, target.id);
  await expect(toasts(page, t)).toContainText(t('map.link.added', { from: mover.name, to: target.name }));
  const links = await call<{ fromId: string; toId: string; strength: number }[]>(page, server.origin, 'links.list', { accountId: map.accountId });
  expect(links).toContainEqual(expect.objectContaining({ fromId: mover.id, toId: target.id, strength: 3 }));
  await expect(page.locator(`svg.smap .smap-link[data-from="${mover.id}"][data-to="${target.id}"]`)).toHaveCount(1);
  await page.getByRole('button', { name: t('map.toolbar.drawLink') }).click();

  // Export SVG: a valid XML document that holds every person's name.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: t('map.toolbar.exportSvg') }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.svg$/);
  const svg = readFileSync((await file.path())!, 'utf8');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      error: doc.getElementsByTagName('parsererror').length > 0,
      root: doc.documentElement.localName,
      ns: doc.documentElement.namespaceURI,
      text: doc.documentElement.textContent ?? '',
    };
  }, svg);
  expect(parsed).toMatchObject({ error: false, root: 'svg', ns: 'http://www.w3.org/2000/svg' });
  for (const person of map.people) expect(parsed.text).toContain(person.name);
  expect(svg).not.toContain('class=');

  // Compare with 120 days ago: both maps side by side, the changes marked and listed.
  await page.getByRole('tab', { name: t('map.views.compare') }).click();
  await page.getByLabel(t('map.compare.date')).fill(isoDaysAgo(120));
  await expect(page.locator('svg.smap')).toHaveCount(2);
  const then = await call<MapView>(page, server.origin, 'map.get', { accountId: map.accountId, asOf: new Date(Date.now() - 120 * 86_400_000).toISOString() });
  const stanceChanged = map.people.filter((p) => then.people.some((q) => q.id === p.id && q.stance !== p.stance));
  expect(stanceChanged.length).toBeGreaterThan(0);
  const changes = page.getByRole('region', { name: new RegExp(`^${t('map.compare.changes', { date: '@' }).split('@')[0]}`) });
  await expect(changes).toContainText(t('map.compare.changed'));
  for (const person of stanceChanged.slice(0, 3)) await expect(changes).toContainText(person.name);
  for (const person of stanceChanged.slice(0, 3)) {
    await expect(page.locator(`svg.smap [data-node="${person.id}"].mark-changed`)).toHaveCount(1);
  }
});

test('the grid: a person moved with the keyboard changes stance and influence, with undo', async ({ app: page, server, t }) => {
  const map = await demoAccount(page, server.origin);
  await go(page, `/accounts/${map.accountId}/map/grid`);
  const person = map.people.find((p) => p.status !== 'left' && p.stance !== 'unknown' && p.stance !== 'opponent' && p.influence < 5)!;
  const stance = (code: string) => t(`enums.stance.${code}`);
  const chip = page.getByRole('button', { name: t('map.grid.person', { name: person.name, stance: stance(person.stance), influence: person.influence }) });
  await chip.focus();
  await page.keyboard.press('ArrowUp');
  await expect(toasts(page, t)).toContainText(t('map.grid.moved', { name: person.name, stance: stance(person.stance), influence: person.influence + 1 }));
  await expect.poll(async () => (await call<Person>(page, server.origin, 'people.get', { id: person.id })).influence).toBe(person.influence + 1);

  // Dragging into the opponent column changes the stance and keeps the new influence.
  const moved = page.getByRole('button', { name: t('map.grid.person', { name: person.name, stance: stance(person.stance), influence: person.influence + 1 }) });
  await moved.dragTo(page.locator(`[data-cell="opponent:${person.influence + 1}"]`));
  await expect.poll(async () => (await call<Person>(page, server.origin, 'people.get', { id: person.id })).stance).toBe('opponent');

  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await call<Person>(page, server.origin, 'people.get', { id: person.id })).stance).toBe(person.stance);
});

test('the keyboard and the list: arrows move between people, Enter opens one; find, filter, and the table alternative', async ({ app: page, server, t }) => {
  const map = await demoAccount(page, server.origin);
  await go(page, `/accounts/${map.accountId}/map`);
  const top = map.people.find((p) => !p.reportsToId)!;
  const firstReport = (await call<MapView>(page, server.origin, 'map.get', { accountId: map.accountId })).people.filter((p) => p.reportsToId === top.id);

  // One tab stop for the whole map, on the top of the chain; Down goes to a report, Up comes back.
  const focusable = page.locator('svg.smap [tabindex="0"]');
  await expect(focusable).toHaveCount(1);
  await focusable.focus();
  await expect(page.locator(':focus')).toHaveAttribute('data-node', top.id);
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', new RegExp(`^${top.name}`));
  await page.keyboard.press('ArrowDown');
  const below = await page.locator(':focus').getAttribute('data-node');
  expect(firstReport.map((p) => p.id)).toContain(below);
  await page.keyboard.press('ArrowUp');
  await expect(page.locator(':focus')).toHaveAttribute('data-node', top.id);

  // Find a person: they get the focus.
  const someone = map.people[map.people.length - 1]!;
  await page.getByRole('combobox', { name: t('map.toolbar.find') }).fill(someone.name);
  await page.getByRole('button', { name: t('map.toolbar.find'), exact: true }).click();
  await expect(page.locator(':focus')).toHaveAttribute('data-node', someone.id);

  // Filter by stance: the others are dimmed, the count says how many are shown.
  const stance = someone.stance;
  await page.getByRole('combobox', { name: t('map.filters.stance'), exact: true }).selectOption(stance);
  const shown = map.people.filter((p) => p.stance === stance).length;
  await expect(page.getByText(t('map.filters.shown', { shown, count: map.people.length }))).toBeVisible();
  await expect(page.locator('svg.smap .smap-node.is-dimmed')).toHaveCount(map.people.length - shown);
  await page.getByRole('button', { name: t('map.filters.clear') }).click();
  await expect(page.locator('svg.smap .smap-node.is-dimmed')).toHaveCount(0);

  // Enter opens the person.
  await page.locator(`svg.smap [data-node="${someone.id}"]`).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/people/${someone.id}$`));

  // The list alternative: every person with their manager.
  await go(page, `/accounts/${map.accountId}/map/list`);
  const table = page.getByRole('table', { name: new RegExp(t('map.list.title')) });
  await expect(table.getByRole('row')).toHaveCount(map.people.length + 1);
  const report = map.people.find((p) => p.reportsToId)!;
  const manager = map.people.find((p) => p.id === report.reportsToId)!;
  await expect(
    table
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: report.name, exact: true }) })
      .getByRole('cell')
      .nth(1),
  ).toHaveText(manager.name);
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('the legend and flags speak the domain’s terms', async ({ app: page, server, t }) => {
    const map = await demoAccount(page, server.origin);
    await go(page, `/accounts/${map.accountId}/map`);
    await expectTitle(page, '干系人地图');
    const legend = page.getByRole('region', { name: '图例' });
    for (const word of ['决策者', '批准者', '采购者', '把关者', '发起者', '使用者', '影响者']) await expect(legend).toContainText(word);
    await expect(page.getByRole('region', { name: /^风险信号/ })).toBeVisible();
    await expect(page.getByRole('heading', { name: t('map.status.heading', { colour: t(`map.status.${map.status.colour}`) }) })).toBeVisible();
    // The list alternative has every person.
    await page.getByRole('tab', { name: '列表' }).click();
    await expect(page.getByRole('table', { name: /地图上的人员/ }).getByRole('row')).toHaveCount(map.people.length + 1);
  });
});
