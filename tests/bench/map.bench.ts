/**
 * Stakeholder map benchmarks (`npm run bench -- map`), measured in Chromium against browser mode.
 * Figures:
 *
 *   map.first_render.ms  opening one account's map with 500 people and 1,000 influence links
 *                        (median of 3 loads): from the address changing to the frame after the
 *                        one that drew the map, as the page records it (mark `rapport:map:drawn`)
 *   map.layout.ms        the tree layout alone (renderer/map/layout.ts, a pure function) on the
 *                        same people, in Node: median of 5 runs after a warm-up
 *   map.pan.fps          frames per second in which the map moved while the mouse pans the fitted
 *                        map for 2 s (all 500 people on screen), then the map zoomed in with the
 *                        wheel to at least 1:1 (every label drawn) for 2 s; the worse of the two
 *   map.drag.fps         the same while a person is dragged around for 2 s at that zoom
 *
 * Frames are counted in the page with requestAnimationFrame, and only those in which the picture
 * changed: a frame that shows the map where it was is not a frame of the gesture (counting every
 * frame reported ~59 fps while a trace showed ~22 moves a second reaching the screen). The mouse
 * moves every ~4 ms, sent without waiting for each to be handled, as a real mouse's events keep
 * coming; Chromium coalesces them per frame. The data (an org of 500 in five levels, random
 * links, stances, roles and owners) is created through the HTTP API in a temporary folder removed
 * at the end. Needs the built renderer (`npm run build:renderer`; built here when missing) and
 * Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { autoTreeLayout } from '../../renderer/map/layout';
import type { MapView } from '../../shared/map/schemas';
import { projectRoot, RapportServer } from '../e2e/server';
import type { Report } from './run';

const PEOPLE = 500;
const LINKS = 1000;
const LOADS = 3;
const LAYOUT_RUNS = 5;
const GESTURE_MS = 2000;

const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '建华', '志强', '海燕', '晓东'];
const DEPARTMENTS = ['采购部', '财务部', '技术部', '运营部', '总经办', '信息部', '质量部'];
const TITLES = ['总经理', '副总裁', '总监', '经理', '主管', '工程师', '专员'];
const ROLES = ['initiator', 'user', 'influencer', 'decider', 'approver', 'buyer', 'gatekeeper'];
const STANCES = ['champion', 'supporter', 'neutral', 'sceptic', 'opponent', 'unknown'];

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Creates the benchmark account (500 people, 1,000 links) through the HTTP API; returns its id. */
export async function seed(server: RapportServer): Promise<string> {
  const call = async <T = { id: string }>(method: string, input: unknown): Promise<T> => {
    const response = await fetch(`${server.origin}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    const body = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
    if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
    return body.value;
  };
  const random = rng(5);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const members: string[] = [];
  for (const name of ['陈晓明', 'Laura Becker', '王磊', '李娜', 'Tom Novak', '赵静']) members.push((await call('members.create', { name })).id);
  const accountId = (await call('accounts.create', { name: '华东重工集团' })).id;
  // Five levels: 1 top, 5 vice presidents, 25 directors, 75 managers, the rest their staff.
  const levels = [1, 5, 25, 75];
  const people: string[] = [];
  const byLevel: string[][] = [];
  let made = 0;
  const person = async (level: number, boss: string | null) => {
    const roles = new Set<string>();
    if (level === 0) roles.add('decider');
    if (level === 1 && random() < 0.4) roles.add('approver');
    if (random() < 0.25) roles.add(pick(ROLES));
    const id = (
      await call('people.create', {
        accountId,
        name: `${pick(SURNAMES)}${pick(GIVEN)}${made}`,
        title: TITLES[Math.min(level + (level > 3 ? Math.floor(random() * 3) : 0), TITLES.length - 1)],
        department: pick(DEPARTMENTS),
        reportsToId: boss,
        roles: [...roles],
        stance: pick(STANCES),
        influence: Math.max(1, 5 - level + (random() < 0.3 ? 1 : 0)),
        strength: 1 + Math.floor(random() * 5),
        ownerIds: random() < 0.8 ? [pick(members)] : [],
      })
    ).id;
    made++;
    people.push(id);
    return id;
  };
  for (let level = 0; level < levels.length; level++) {
    byLevel[level] = [];
    for (let i = 0; i < levels[level]!; i++)
      byLevel[level]!.push(await person(level, level === 0 ? null : byLevel[level - 1]![i % byLevel[level - 1]!.length]!));
  }
  while (made < PEOPLE) await person(4, pick(byLevel[3]!));
  const seen = new Set<string>();
  while (seen.size < LINKS) {
    const from = pick(people);
    const to = pick(people);
    if (from === to || seen.has(`${from}>${to}`)) continue;
    seen.add(`${from}>${to}`);
    await call('links.create', { accountId, fromId: from, toId: to, strength: 1 + Math.floor(random() * 5) });
  }
  return accountId;
}

/**
 * Frames per second in which `picture` (an expression read in the page) changed while `gesture`
 * ran, counted by requestAnimationFrame in the page.
 */
async function fps(page: Page, picture: string, gesture: () => Promise<void>): Promise<number> {
  // A string, not a function: tsx would wrap the inner named function in a helper the page lacks.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__counting = true;
    let last = ${picture};
    const tick = (time) => {
      if (!window.__counting) return;
      const now = ${picture};
      if (now !== last) window.__frames.push(time);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const started = await page.evaluate(() => performance.now());
  await gesture();
  const { frames, ended } = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __counting: boolean };
    w.__counting = false;
    return { frames: w.__frames, ended: performance.now() };
  });
  return (frames.filter((time) => time >= started).length * 1000) / (ended - started);
}

/** What the map shows while it pans: the layer's CSS transform and the drawing's committed one. */
const PANNED = `document.querySelector('.smap-layer').style.transform + document.querySelector('.smap-viewport').getAttribute('transform')`;
/** What follows the pointer while a person is dragged: their copy. */
const DRAGGED = `document.querySelector('.smap-ghost')?.style.transform`;

/**
 * Presses the mouse at (x, y), moves it along a circle of `radius` for GESTURE_MS (a move every
 * ~4 ms, not waiting for the page to handle each) and lets go where it started.
 */
async function circle(cdp: CDPSession, x: number, y: number, radius: number): Promise<void> {
  const mouse = (type: 'mousePressed' | 'mouseMoved' | 'mouseReleased', at: { x: number; y: number }) =>
    cdp.send('Input.dispatchMouseEvent', { type, ...at, button: 'left', buttons: type === 'mouseReleased' ? 0 : 1, clickCount: 1 });
  await mouse('mouseMoved', { x, y });
  await mouse('mousePressed', { x, y });
  const sent: Promise<unknown>[] = [];
  const start = Date.now();
  for (let step = 0; Date.now() - start < GESTURE_MS; step++) {
    const angle = step / 12;
    sent.push(mouse('mouseMoved', { x: x + Math.cos(angle) * radius - radius, y: y + Math.sin(angle) * radius }));
    await new Promise((resolve) => setTimeout(resolve, 4));
  }
  await Promise.all(sent);
  await mouse('mouseMoved', { x, y });
  await mouse('mouseReleased', { x, y });
}

/** The map's zoom scale, read from the transform the page drew it with. */
async function scale(page: Page): Promise<number> {
  const transform = await page.locator('.smap-viewport').getAttribute('transform');
  return Number(/scale\(([\d.e-]+)\)/.exec(transform ?? '')?.[1] ?? 1);
}

/** A point on the map's background (not on a person), near the middle. */
async function emptySpot(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => {
    const box = document.querySelector('.smap-frame')!.getBoundingClientRect();
    for (let dy = 0; dy < box.height / 2; dy += 7) {
      for (let dx = 0; dx < box.width / 2; dx += 7) {
        for (const [x, y] of [
          [box.x + box.width / 2 + dx, box.y + box.height / 2 + dy],
          [box.x + box.width / 2 - dx, box.y + box.height / 2 - dy],
        ] as const) {
          if (document.elementFromPoint(x, y)?.classList.contains('smap-bg')) return { x, y };
        }
      }
    }
    return { x: box.x + 5, y: box.y + 5 };
  });
}

export async function run(report: Report): Promise<void> {
  if (!existsSync(join(projectRoot, 'out/renderer/index.html'))) {
    console.error('# map: building the renderer');
    execFileSync('npm', ['run', 'build:renderer'], { cwd: projectRoot, stdio: 'inherit' });
  }
  const dir = mkdtempSync(join(tmpdir(), 'rapport-bench-map-'));
  const server = await new RapportServer(dir).start();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const started = performance.now();
    const accountId = await seed(server);
    console.error(`# map: ${PEOPLE} people and ${LINKS} links created in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await page.goto(server.url);
    await page.waitForSelector('.app');

    const renders: number[] = [];
    for (let load = 0; load < LOADS; load++) {
      await page.evaluate(() => {
        performance.clearMarks();
        window.location.hash = '#/';
      });
      await page.waitForSelector('.smap', { state: 'detached' });
      const opened = await page.evaluate((id) => {
        const at = performance.now();
        window.location.hash = `#/accounts/${id}/map`;
        return at;
      }, accountId);
      const drawn = await page.waitForFunction(() => performance.getEntriesByName('rapport:map:drawn')[0]?.startTime ?? null);
      const nodes = await page.locator('svg.smap .smap-node').count();
      if (nodes !== PEOPLE) throw new Error(`the map drew ${nodes} people, expected ${PEOPLE}`);
      renders.push((await drawn.jsonValue())! - opened);
    }
    report('map.first_render.ms', median(renders), 'ms', { op: '<=', value: 1000 });

    const view = (await (
      await page.request.post(`${server.origin}/api/map.get`, { headers: { authorization: `Bearer ${server.token}` }, data: { accountId } })
    ).json()) as { value: MapView };
    const layouts: number[] = [];
    for (let run = 0; run <= LAYOUT_RUNS; run++) {
      const started = performance.now();
      autoTreeLayout(view.value.people);
      if (run > 0) layouts.push(performance.now() - started);
    }
    report('map.layout.ms', median(layouts), 'ms', { op: '<=', value: 200 });
    const cdp = await page.context().newCDPSession(page);

    // Pan: the fitted map (everyone on screen), then at 1:1 around the middle.
    const fitted = await emptySpot(page);
    const panFitted = await fps(page, PANNED, () => circle(cdp, fitted.x, fitted.y, 120));
    await page.getByRole('button', { name: '适应屏幕' }).click();
    // Zoom to about 1:1 around the middle with the wheel, as a user would.
    const frame = (await page.locator('.smap-frame').boundingBox())!;
    await page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 2);
    for (let i = 0; i < 12 && (await scale(page)) < 0.9; i++) {
      await page.mouse.wheel(0, -300);
      await page.waitForTimeout(60);
    }
    await page.waitForTimeout(300);
    const near = await emptySpot(page);
    const panNear = await fps(page, PANNED, () => circle(cdp, near.x, near.y, 120));
    console.error(`# map: pan ${panFitted.toFixed(1)} fps fitted, ${panNear.toFixed(1)} fps at scale ${(await scale(page)).toFixed(2)}`);
    report('map.pan.fps', Math.min(panFitted, panNear), 'fps', { op: '>=', value: 50 });

    // Drag: a person near the middle, around and back (dropped where nobody is, so nothing is written).
    const node = await page.evaluate(() => {
      const svg = document.querySelector('.smap-frame')!.getBoundingClientRect();
      let best: { x: number; y: number; d: number } | null = null;
      for (const disc of document.querySelectorAll('svg.smap .smap-node .smap-disc')) {
        const box = disc.getBoundingClientRect();
        const x = box.x + box.width / 2;
        const y = box.y + box.height / 2;
        const d = Math.hypot(x - svg.x - svg.width / 2, y - svg.y - svg.height / 2);
        if (!best || d < best.d) best = { x, y, d };
      }
      return best!;
    });
    const dragFps = await fps(page, DRAGGED, () => circle(cdp, node.x, node.y, 90));
    report('map.drag.fps', dragFps, 'fps', { op: '>=', value: 50 });
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
