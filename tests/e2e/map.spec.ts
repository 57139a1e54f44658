/**
 * The stakeholder map (issue 5) as a key-account manager uses it, in Chromium against browser
 * mode: a demo account's map with its legend and red flags, its influence arrows kept out of the
 * labels they point at; a person dragged under a new manager (found again in the key-people
 * table, then undone); an influence link drawn by dragging; the map exported as SVG (valid XML
 * holding every person's name) and PNG (long labels inside the picture); and the compare with an
 * earlier date, or with one before the account existed. Then the grid (a click selects, the
 * arrow keys move, Enter, a double-click or the link opens) and the Chinese words.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { Translate } from '../../shared/i18n';
import type { MapView } from '../../shared/map/schemas';
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
  const demo = await demoAccount(page, server.origin);
  // Someone far down the chain influences its top: that arrow arrives from below, where the top's name and title are.
  const chief = demo.people.find((p) => !p.reportsToId)!;
  const far = demo.people.find((p) => p.reportsToId && p.reportsToId !== chief.id && !demo.links.some((l) => l.fromId === p.id && l.toId === chief.id))!;
  await call(page, server.origin, 'links.create', { accountId: demo.accountId, fromId: far.id, toId: chief.id, strength: 4 });
  const map = await call<MapView>(page, server.origin, 'map.get', { accountId: demo.accountId });
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

  // No influence arrow runs through or touches the name or title of the people it joins: the line
  // (half its stroke either side) and its head (half its length either side) keep clear of each
  // label's outline (its 1.5 px halo).
  const arrows = await page.evaluate(() =>
    [...document.querySelectorAll<SVGPathElement>('svg.smap .smap-link')].map((path) => {
      const labels = [path.dataset.from!, path.dataset.to!].flatMap((id) =>
        [...document.querySelectorAll<SVGTextElement>(`svg.smap [data-node="${CSS.escape(id)}"] :is(.smap-name, .smap-title)`)].map((text) => text.getBBox()),
      );
      const away = (p: { x: number; y: number }) =>
        Math.min(...labels.map((b) => Math.hypot(Math.max(b.x - p.x, 0, p.x - b.x - b.width), Math.max(b.y - p.y, 0, p.y - b.y - b.height))));
      const length = path.getTotalLength();
      const line = Array.from({ length: Math.ceil(length) + 1 }, (_, i) => path.getPointAtLength(Math.min(length, i)));
      const end = line[line.length - 1]!;
      const before = path.getPointAtLength(Math.max(0, length - 1));
      const head = 7 + Number(path.dataset.strength) * 1.4;
      const along = Math.hypot(end.x - before.x, end.y - before.y) || 1;
      const tip = Array.from({ length: 5 }, (_, i) => ({
        x: end.x + ((end.x - before.x) / along) * head * (i / 4),
        y: end.y + ((end.y - before.y) / along) * head * (i / 4),
      }));
      const stroke = Number(path.getAttribute('stroke-width'));
      const clearance = Math.min(...line.map((p) => away(p) - stroke / 2), ...tip.map((p) => away(p) - head / 2));
      return { drawnLabels: labels.filter((b) => b.width > 0).length, clearance };
    }),
  );
  expect(arrows.length).toBe(map.links.length);
  expect(arrows.every((arrow) => arrow.drawnLabels >= 2)).toBe(true);
  expect(arrows.filter((arrow) => arrow.clearance < 1.5)).toEqual([]);

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

/** On the grid a click selects a person (it no longer opens them); the arrow keys move them; Enter, a double-click or the link opens their page. */
async function gridClickSelects(page: Page, origin: string, t: Translate): Promise<void> {
  const map = await demoAccount(page, origin);
  await go(page, `/accounts/${map.accountId}/map/grid`);
  await expect(page.getByText(t('map.grid.description'))).toBeVisible();
  const person = map.people.find((p) => p.status !== 'left' && p.stance !== 'unknown' && p.stance !== 'opponent' && p.influence < 5)!;
  const stance = t(`enums.stance.${person.stance}`);
  const chip = (influence: number) => page.getByRole('button', { name: t('map.grid.person', { name: person.name, stance, influence }) });
  const opened = new RegExp(`#/people/${person.id}$`);

  await chip(person.influence).click();
  await expect(page).toHaveURL(new RegExp(`#/accounts/${map.accountId}/map/grid$`));
  await expect(chip(person.influence)).toHaveClass(/is-selected/);
  await expect(page.getByRole('status').filter({ hasText: t('map.grid.selected', { name: person.name }) })).toBeVisible();

  await page.keyboard.press('ArrowUp');
  await expect.poll(async () => (await call<Person>(page, origin, 'people.get', { id: person.id })).influence).toBe(person.influence + 1);
  await expect(chip(person.influence + 1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(opened);

  await go(page, `/accounts/${map.accountId}/map/grid`);
  await chip(person.influence + 1).dblclick();
  await expect(page).toHaveURL(opened);

  await go(page, `/accounts/${map.accountId}/map/grid`);
  await chip(person.influence + 1).click();
  await page.getByRole('link', { name: t('map.grid.open', { name: person.name }) }).click();
  await expect(page).toHaveURL(opened);
}

/** Compare with a day before the account existed: nothing to compare is said, with no status (it was red) and no list of changes. */
async function compareBeforeTheAccount(page: Page, origin: string, t: Translate): Promise<void> {
  const account = await call<{ id: string }>(page, origin, 'accounts.create', { name: 'Neu GmbH' });
  const boss = await call<{ id: string }>(page, origin, 'people.create', { accountId: account.id, name: 'Jana Novak', roles: ['decider'] });
  await call(page, origin, 'people.create', { accountId: account.id, name: 'Omar Haddad', reportsToId: boss.id });
  await go(page, `/accounts/${account.id}/map/compare`);
  await page.getByLabel(t('map.compare.date')).fill(isoDaysAgo(30));
  const earlier = page.locator('.map-compare-pane').first();
  const [before, after] = t('map.compare.nothing', { date: '@' }).split('@') as [string, string];
  await expect(earlier.getByRole('status').filter({ hasText: before })).toContainText(after);
  await expect(earlier.locator('.map-status-badge')).toHaveCount(0);
  await expect(earlier.locator('svg.smap')).toHaveCount(0);
  await expect(page.getByRole('region', { name: new RegExp(`^${t('map.compare.changes', { date: '@' }).split('@')[0]}`) })).toHaveCount(0);
  // Today's map is still there to look at.
  await expect(page.locator('svg.smap [data-node]')).toHaveCount(2);
}

test('the grid: a click selects, the arrow keys move, Enter, a double-click or the link opens', async ({ app: page, server, t }) => {
  await gridClickSelects(page, server.origin, t);
});

test('compare with a date before the account existed: nothing to compare', async ({ app: page, server, t }) => {
  await compareBeforeTheAccount(page, server.origin, t);
});

test('export: long labels at the edges are inside the SVG and the PNG', async ({ app: page, server, t }) => {
  // One person with a wide name and title: the labels reach well past where the person sits.
  const account = await call<{ id: string }>(page, server.origin, 'accounts.create', { name: 'Wide Labels AG' });
  await call(page, server.origin, 'people.create', {
    accountId: account.id,
    name: 'MAXIMILIAN WOLFGANG HOHENZOLLERN',
    title: 'CHIEF WORLDWIDE MATERIALS OFFICER',
    roles: ['decider', 'approver', 'buyer', 'user', 'gatekeeper', 'initiator', 'influencer'],
  });
  await go(page, `/accounts/${account.id}/map`);
  await expect(page.locator('svg.smap [data-node]')).toHaveCount(1);

  const exported = async (button: string) => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: button }).click();
    return readFileSync((await (await download).path())!);
  };
  const svg = (await exported(t('map.toolbar.exportSvg'))).toString('utf8');
  // Drawn in the page as a file viewer would: every text lies inside the picture's view box.
  const outside = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const root = document.importNode(doc.documentElement, true) as unknown as SVGSVGElement;
    document.body.append(root);
    const [x, y, width, height] = root.getAttribute('viewBox')!.split(' ').map(Number) as [number, number, number, number];
    const texts = [...root.querySelectorAll('text')].map((element) => ({ text: element.textContent, box: element.getBBox() }));
    root.remove();
    return texts.filter(({ box }) => box.x < x || box.y < y || box.x + box.width > x + width || box.y + box.height > y + height).map(({ text }) => text);
  }, svg);
  expect(outside).toEqual([]);

  const png = await exported(t('map.toolbar.exportPng'));
  const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);
  // The PNG is the same picture at twice the size (IHDR: width at byte 16).
  expect(png.readUInt32BE(16)).toBe(width * 2);
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

  test('the grid: a click selects, the arrow keys move, Enter, a double-click or the link opens', async ({ app: page, server, t }) => {
    await gridClickSelects(page, server.origin, t);
  });

  test('compare with a date before the account existed: nothing to compare', async ({ app: page, server, t }) => {
    await compareBeforeTheAccount(page, server.origin, t);
  });
});
