/**
 * Where each person sits on the map: a top-down tree along reporting lines (d3-hierarchy), or a
 * force layout (d3-force) as an option. Pure: plain people in, positions and edge paths out, no
 * DOM. Tested in tests/unit/map-layout.test.ts.
 *
 * A manager with many direct reports who manage nobody would make the tree one very wide row
 * (500 people fitted to a screen become dots); those reports wrap into a block of rows under the
 * manager, and each row is a link in a chain of layout nodes so the tidy-tree contour keeps other
 * branches out of the block. A big organisation also lists its last two levels as indented
 * columns; `autoTreeLayout` picks whichever of these shapes fits a screen best.
 */
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, hierarchy, tree, type SimulationNodeDatum } from 'd3';
import { scoreOf } from '../../shared/map/schemas';

export interface LayoutPerson {
  id: string;
  reportsToId: string | null;
  influence: number;
}

export interface Placed {
  id: string;
  x: number;
  y: number;
  /** Node radius: influence drawn as size. */
  r: number;
  depth: number;
}

export interface ReportEdge {
  /** The manager. */
  from: string;
  /** The report. */
  to: string;
  /** The SVG path of the line. */
  d: string;
}

export interface MapLayout {
  nodes: Map<string, Placed>;
  /** Layout order: top-down, left to right (the keyboard's order among peers). */
  order: string[];
  edges: ReportEdge[];
  /** Reports whose line takes another route than the default (blocks and compact columns). */
  routes: Map<string, Route>;
  /** For each person, their manager in the drawing (cycles broken) and their reports in order. */
  parent: Map<string, string | null>;
  children: Map<string, string[]>;
  bounds: { x: number; y: number; width: number; height: number };
}

export type LayoutKind = 'tree' | 'force';

export const NODE_WIDTH = 160;
export const LEVEL_HEIGHT = 150;
/** More leaf reports than this under one manager wrap into rows. */
export const WRAP_AFTER = 4;
/** Extra room around the drawing for labels and badges. */
const MARGIN = { x: NODE_WIDTH / 2, top: 60, bottom: 70 };

/** Influence 1–5 as a radius, 16–32 px. */
export const radiusOf = (influence: number) => 12 + 4 * scoreOf(influence);

/** Columns for a block of `n` leaf reports: somewhat wider than tall (screens are), 3 to `most` across. */
export const wrapColumns = (n: number, most = 12) => Math.max(1, Math.min(most, Math.max(3, Math.ceil(Math.sqrt(n * 1.5)))));

/** What `autoTreeLayout` tries, widest first. */
const CHOICES: TreeOptions[] = [...[12, 8, 6, 4, 3, 2, 1].map((mostColumns): TreeOptions => ({ mostColumns })), { mostColumns: 1, compact: true }];
/** The shape a map fits a screen best in: about as wide as a laptop's map pane. */
export const TARGET_ASPECT = 1.8;

/**
 * The tree layout whose overall shape is nearest a screen's: a wide organisation gets narrower
 * blocks of reports (down to one column), a small one keeps its rows.
 */
export function autoTreeLayout(people: readonly LayoutPerson[], aspect = TARGET_ASPECT): MapLayout {
  let best: MapLayout | null = null;
  let bestScore = Infinity;
  for (const choice of CHOICES) {
    const layout = treeLayout(people, choice);
    const score = Math.abs(Math.log(layout.bounds.width / layout.bounds.height / aspect));
    if (score < bestScore - 1e-9) {
      best = layout;
      bestScore = score;
    }
    // Narrower blocks only make it taller: stop once it is taller than wanted.
    if (layout.bounds.width / layout.bounds.height < aspect) break;
  }
  return best!;
}

/**
 * Each person's manager and reports as the drawing uses them: a manager not on the map starts a
 * branch, and a reporting loop (two devices' edits can merge into one) is cut where it was found,
 * so everyone appears exactly once.
 */
export function forest(people: readonly LayoutPerson[]): { roots: string[]; parent: Map<string, string | null>; children: Map<string, string[]> } {
  const ids = new Set(people.map((p) => p.id));
  const wanted = new Map(people.map((p) => [p.id, p.reportsToId && ids.has(p.reportsToId) && p.reportsToId !== p.id ? p.reportsToId : null]));
  const parent = new Map<string, string | null>();
  const children = new Map<string, string[]>(people.map((p) => [p.id, []]));
  for (const p of people) {
    const boss = wanted.get(p.id) ?? null;
    if (boss) children.get(boss)!.push(p.id);
  }
  const roots: string[] = [];
  const visit = (id: string, boss: string | null) => {
    parent.set(id, boss);
    const stack = [id];
    while (stack.length > 0) {
      const at = stack.pop()!;
      for (const child of children.get(at) ?? []) {
        if (parent.has(child)) continue;
        parent.set(child, at);
        stack.push(child);
      }
    }
  };
  for (const p of people) {
    if (wanted.get(p.id) === null) {
      roots.push(p.id);
      visit(p.id, null);
    }
  }
  // Whoever is left sits on a loop: start a branch at the first of them.
  for (const p of people) {
    if (parent.has(p.id)) continue;
    roots.push(p.id);
    visit(p.id, null);
  }
  // Keep only the links the walk used (a loop's closing link is dropped).
  for (const [id, kids] of children)
    children.set(
      id,
      kids.filter((kid) => parent.get(kid) === id),
    );
  return { roots, parent, children };
}

interface TreeDatum {
  key: string;
  kind: 'root' | 'person' | 'row';
  /** Width this layout node needs, px. */
  width: number;
  /** A row's people, left to right, each with its indent (a compact column's second level). */
  members?: { id: string; indent: number }[];
  /** A row's place in its chain (0 for the first row under the manager). */
  chainIndex?: number;
  children: TreeDatum[];
}

/** How a report's line runs: down a bus and across (default), down the left edge of a block or column (`lane`), or from a manager inside a compact column to their indented reports (`indent`). */
export type Route = 'lane' | 'indent';

export interface TreeOptions {
  /** The widest a block of leaf reports may be, in people. */
  mostColumns?: number;
  /**
   * List a manager's whole branch in one column (their reports, then each report's own reports
   * indented under them) when it is no more than two levels deep: how a big organisation fits.
   */
  compact?: boolean;
}

/** Indent of a compact column's second level, px. */
export const INDENT = 44;
/** Vertical step inside a block or column (a level of the tree is LEVEL_HEIGHT). */
export const ROW_HEIGHT = 120;

export function treeLayout(people: readonly LayoutPerson[], options: TreeOptions | number = {}): MapLayout {
  const { mostColumns = 12, compact = false } = typeof options === 'number' ? { mostColumns: options } : options;
  const { roots, parent, children } = forest(people);
  const byId = new Map(people.map((p) => [p.id, p]));
  const routes = new Map<string, Route>();
  const kidsOf = (id: string) => children.get(id) ?? [];
  const isLeaf = (id: string) => kidsOf(id).length === 0;

  /** Rows as a chain of layout nodes, so the tidy-tree contour keeps other branches clear of them. */
  const chain = (owner: string, rows: { id: string; indent: number }[][], width: number): TreeDatum | null => {
    let first: TreeDatum | null = null;
    let link: TreeDatum | null = null;
    rows.forEach((members, chainIndex) => {
      const row: TreeDatum = { key: `row:${owner}:${chainIndex}`, kind: 'row', width, members, chainIndex, children: [] };
      if (link) link.children.push(row);
      else first = row;
      link = row;
    });
    return first;
  };

  const build = (id: string): TreeDatum => {
    const kids = kidsOf(id);
    const datum: TreeDatum = { key: id, kind: 'person', width: NODE_WIDTH, children: [] };
    const shallow = kids.every((kid) => kidsOf(kid).every(isLeaf));
    if (compact && kids.length > 1 && shallow && kids.some((kid) => !isLeaf(kid))) {
      // The whole branch in one column: direct reports who manage nobody first, then each manager with their people indented.
      const rows: { id: string; indent: number }[][] = [];
      for (const kid of [...kids.filter(isLeaf), ...kids.filter((k) => !isLeaf(k))]) {
        routes.set(kid, 'lane');
        rows.push([{ id: kid, indent: 0 }]);
        for (const grandchild of kidsOf(kid)) {
          routes.set(grandchild, 'indent');
          rows.push([{ id: grandchild, indent: 1 }]);
        }
      }
      datum.children = [chain(id, rows, NODE_WIDTH + INDENT)!];
      return datum;
    }
    const leaves = kids.filter(isLeaf);
    if (leaves.length > Math.min(WRAP_AFTER, mostColumns)) {
      const cols = wrapColumns(leaves.length, mostColumns);
      const rows: { id: string; indent: number }[][] = [];
      for (let start = 0; start < leaves.length; start += cols) rows.push(leaves.slice(start, start + cols).map((leaf) => ({ id: leaf, indent: 0 })));
      for (const leaf of leaves) routes.set(leaf, 'lane');
      datum.children = [...kids.filter((kid) => !isLeaf(kid)).map(build), chain(id, rows, cols * NODE_WIDTH)!];
      return datum;
    }
    datum.children = kids.map(build);
    return datum;
  };
  const top: TreeDatum = { key: 'root', kind: 'root', width: 0, children: roots.map(build) };
  const root = hierarchy(top, (d) => d.children);
  tree<TreeDatum>()
    .nodeSize([1, LEVEL_HEIGHT])
    .separation((a, b) => (a.data.width + b.data.width) / 2 + (a.parent === b.parent ? 0 : NODE_WIDTH / 4))(root);

  const nodes = new Map<string, Placed>();
  const place = (id: string, x: number, y: number, depth: number) => {
    nodes.set(id, { id, x, y, r: radiusOf(byId.get(id)?.influence ?? 3), depth });
  };
  root.each((node) => {
    if (node.data.kind === 'person') place(node.data.key, node.x ?? 0, (node.depth - 1) * LEVEL_HEIGHT, node.depth - 1);
    if (node.data.kind === 'row') {
      // A chain's rows are closer together than the tree's levels (nothing else sits below them).
      const index = node.data.chainIndex ?? 0;
      const firstDepth = node.depth - 1 - index;
      const y = firstDepth * LEVEL_HEIGHT + index * ROW_HEIGHT;
      const left = (node.x ?? 0) - node.data.width / 2;
      (node.data.members ?? []).forEach((member, i) => place(member.id, left + member.indent * INDENT + (i + 0.5) * NODE_WIDTH, y, firstDepth + member.indent));
    }
  });
  // Top-down, and left to right within a row: the keyboard's order.
  const order = [...nodes.values()].sort((a, b) => a.y - b.y || a.x - b.x).map((n) => n.id);

  const edges: ReportEdge[] = [];
  for (const [id, boss] of parent) {
    if (!boss) continue;
    const from = nodes.get(boss);
    const to = nodes.get(id);
    if (from && to) edges.push({ from: boss, to: id, d: reportPath(from, to, routes.get(id)) });
  }
  return { nodes, order, edges, routes, parent, children, bounds: boundsOf(nodes) };
}

/**
 * The line from a manager down to a report: from under the manager's label, along a bus half-way
 * to the next level, down to the report. A report in a block or compact column is reached along
 * the left edge of its column (`lane`, between the columns), and a manager inside a compact
 * column reaches their indented people from the side of their circle (`indent`), so a line never
 * crosses another person.
 */
export function reportPath(from: Placed, to: Placed, route?: Route): string {
  const start = from.y + from.r + 40;
  const bus = from.y + LEVEL_HEIGHT / 2 + 2;
  const into = r1(to.x - to.r - 6);
  if (route === 'lane') {
    const lane = to.x - NODE_WIDTH / 2 + 6;
    return `M${r1(from.x)},${r1(start)}V${r1(bus)}H${r1(lane)}V${r1(to.y)}H${into}`;
  }
  if (route === 'indent') {
    const lane = to.x - NODE_WIDTH / 2 - INDENT + 28;
    return `M${r1(from.x - from.r - 6)},${r1(from.y)}H${r1(lane)}V${r1(to.y)}H${into}`;
  }
  return `M${r1(from.x)},${r1(start)}V${r1(bus)}H${r1(to.x)}V${r1(to.y - to.r - 24)}`;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

export function boundsOf(nodes: ReadonlyMap<string, Placed>): MapLayout['bounds'] {
  if (nodes.size === 0) return { x: -NODE_WIDTH, y: -LEVEL_HEIGHT / 2, width: NODE_WIDTH * 2, height: LEVEL_HEIGHT };
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const n of nodes.values()) {
    minX = Math.min(minX, n.x);
    maxX = Math.max(maxX, n.x);
    minY = Math.min(minY, n.y);
    maxY = Math.max(maxY, n.y);
  }
  return { x: minX - MARGIN.x, y: minY - MARGIN.top, width: maxX - minX + 2 * MARGIN.x, height: maxY - minY + MARGIN.top + MARGIN.bottom };
}

interface ForceNode extends SimulationNodeDatum {
  id: string;
  r: number;
}

/**
 * A force layout: reporting lines pull people together, influence links a little, everyone
 * repels everyone, nobody overlaps. It starts from the tree (so it settles in few ticks and the
 * same input always gives the same picture) and runs to rest before anything is drawn.
 */
export function forceLayout(people: readonly LayoutPerson[], influence: readonly { fromId: string; toId: string }[], ticks = 220): MapLayout {
  const start = autoTreeLayout(people);
  const nodes: ForceNode[] = people.map((p) => {
    const at = start.nodes.get(p.id)!;
    return { id: p.id, r: at.r, x: at.x * 0.6, y: at.y };
  });
  const ids = new Set(people.map((p) => p.id));
  const links = [
    ...[...start.parent].filter(([, boss]) => boss).map(([id, boss]) => ({ source: boss!, target: id, kind: 'report' as const })),
    ...influence
      .filter((l) => ids.has(l.fromId) && ids.has(l.toId) && l.fromId !== l.toId)
      .map((l) => ({ source: l.fromId, target: l.toId, kind: 'influence' as const })),
  ];
  const simulation = forceSimulation(nodes)
    .force(
      'link',
      forceLink<ForceNode, (typeof links)[number]>(links)
        .id((d) => d.id)
        .distance((l) => (l.kind === 'report' ? 110 : 160))
        .strength((l) => (l.kind === 'report' ? 0.7 : 0.05)),
    )
    .force('charge', forceManyBody<ForceNode>().strength(-260).distanceMax(600))
    .force(
      'collide',
      forceCollide<ForceNode>((d) => d.r + 34),
    )
    .force('x', forceX<ForceNode>(0).strength(0.02))
    .force('y', forceY<ForceNode>(0).strength(0.02))
    .stop();
  simulation.tick(ticks);

  const placed = new Map<string, Placed>();
  for (const n of nodes) placed.set(n.id, { id: n.id, x: r1(n.x ?? 0), y: r1(n.y ?? 0), r: n.r, depth: start.nodes.get(n.id)?.depth ?? 0 });
  const edges: ReportEdge[] = [];
  for (const [id, boss] of start.parent) {
    if (!boss) continue;
    const from = placed.get(boss)!;
    const to = placed.get(id)!;
    edges.push({ from: boss, to: id, d: straightPath(from, to) });
  }
  return { ...start, nodes: placed, edges, bounds: boundsOf(placed) };
}

/** A straight line between two circles' rims (the force layout's reporting lines). */
export function straightPath(from: Placed, to: Placed): string {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  const ux = dx / length;
  const uy = dy / length;
  return `M${r1(from.x + ux * (from.r + 6))},${r1(from.y + uy * (from.r + 6))}L${r1(to.x - ux * (to.r + 6))},${r1(to.y - uy * (to.r + 6))}`;
}

/** A rectangle in the map's coordinates. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * What a line to or from a person stays out of: the disc and ring (radius `r` around the centre)
 * and the boxes of what is drawn around them (role badges above, name and title below; see
 * nodeShape.ts). Without boxes, just the circle.
 */
export interface Footprint {
  x: number;
  y: number;
  r: number;
  boxes?: readonly Box[];
}

/** Whether the point lies on the person's footprint, or within `pad` of it. */
export function covers(footprint: Footprint, x: number, y: number, pad = 0): boolean {
  // Plain arithmetic and a loop: this runs ~100 times for each of a map's thousand curves.
  const dx = x - footprint.x;
  const dy = y - footprint.y;
  const r = footprint.r + pad;
  if (dx * dx + dy * dy <= r * r) return true;
  for (const b of footprint.boxes ?? []) if (x >= b.x - pad && x <= b.x + b.width + pad && y >= b.y - pad && y <= b.y + b.height + pad) return true;
  return false;
}

/** How far from its centre a footprint reaches. */
const reach = (footprint: Footprint) =>
  Math.max(
    footprint.r,
    ...(footprint.boxes ?? []).map((b) =>
      Math.hypot(
        Math.max(Math.abs(b.x - footprint.x), Math.abs(b.x + b.width - footprint.x)),
        Math.max(Math.abs(b.y - footprint.y), Math.abs(b.y + b.height - footprint.y)),
      ),
    ),
  );

/** Samples along a curve when looking for where it crosses a footprint's edge (then refined by halving). */
const STEPS = 48;

/**
 * An influence link: a curve bowing to the right of its direction (so A→B and B→A are two arcs,
 * not one line), from where it leaves the first person's footprint to `arrow` short of where it
 * meets the second's (the marker draws the head in that gap), keeping `clearance` from both (half
 * the width of the line or its head). Clipping to the footprints, not just the discs, keeps
 * arrows out of the names and titles of the people they join: an arrow arriving from below used
 * to run through its target's label. Empty when the two overlap.
 */
export function influencePath(from: Footprint, to: Footprint, arrow = 8, clearance = 0): string {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  const bow = Math.min(80, length * 0.22);
  // Control point: the midpoint pushed sideways (perpendicular to the line).
  const cx = (from.x + to.x) / 2 - (dy / length) * bow;
  const cy = (from.y + to.y) / 2 + (dx / length) * bow;
  const xAt = (t: number) => (1 - t) * (1 - t) * from.x + 2 * (1 - t) * t * cx + t * t * to.x;
  const yAt = (t: number) => (1 - t) * (1 - t) * from.y + 2 * (1 - t) * t * cy + t * t * to.y;
  const onFrom = (t: number) => covers(from, xAt(t), yAt(t), clearance);
  const onTo = (t: number) => covers(to, xAt(t), yAt(t), clearance);
  // The last point leaving the first person, then the first point reaching the second. Only the
  // stretch of the curve near a person can touch them, so the search starts at its far end when
  // that is clear, not at the other person (a map clips a thousand of these curves when drawn).
  const nearFrom = (2 * (reach(from) + clearance)) / length;
  const nearTo = 1 - (2 * (reach(to) + clearance)) / length;
  const start = before(onFrom, nearFrom < 0.5 && !onFrom(nearFrom) ? nearFrom : 1, 0);
  const end = start === null ? null : before(onTo, nearTo > Math.max(start, 0.5) && !onTo(nearTo) ? nearTo : start, 1);
  if (start === null || end === null || start >= end) {
    // The labels overlap along the curve (people drawn close together): fall back to the discs.
    return from.boxes?.length || to.boxes?.length ? influencePath({ ...from, boxes: [] }, { ...to, boxes: [] }, arrow, clearance) : '';
  }
  // Back from the footprint's edge by the arrowhead's length, measured along the curve.
  let stop = end;
  let walked = 0;
  for (let px = xAt(end), py = yAt(end); walked < arrow && stop > start;) {
    stop = Math.max(start, stop - 1 / (STEPS * 8));
    const x = xAt(stop);
    const y = yAt(stop);
    walked += Math.sqrt((x - px) ** 2 + (y - py) ** 2);
    px = x;
    py = y;
  }
  return quadraticPart({ x: from.x, y: from.y }, { x: cx, y: cy }, { x: to.x, y: to.y }, start, stop);
}

/**
 * Walking along the curve from `t = from` towards `towards`, the last point before `hits` first
 * holds; null when it never does. Found by sampling, then halving the step it falls in. Walking
 * from the far end matters: a curve may cross a label before it reaches the disc, and must stop
 * at the label.
 */
function before(hits: (t: number) => boolean, from: number, towards: number): number | null {
  const step = (towards - from) / STEPS;
  let clear = from;
  for (let i = 1; i <= STEPS; i++) {
    const t = from + step * i;
    if (hits(t)) {
      let hit = t;
      for (let k = 0; k < 12; k++) {
        const mid = (clear + hit) / 2;
        if (hits(mid)) hit = mid;
        else clear = mid;
      }
      return clear;
    }
    clear = t;
  }
  return null;
}

/** The part of a quadratic Bézier between `a` and `b` (0 ≤ a < b ≤ 1), as a path: again a quadratic (its blossom). */
function quadraticPart(p0: { x: number; y: number }, c: { x: number; y: number }, p1: { x: number; y: number }, a: number, b: number): string {
  const blossom = (u: number, v: number) => ({
    x: (1 - u) * (1 - v) * p0.x + ((1 - u) * v + u * (1 - v)) * c.x + u * v * p1.x,
    y: (1 - u) * (1 - v) * p0.y + ((1 - u) * v + u * (1 - v)) * c.y + u * v * p1.y,
  });
  const s = blossom(a, a);
  const q = blossom(a, b);
  const e = blossom(b, b);
  return `M${r1(s.x)},${r1(s.y)}Q${r1(q.x)},${r1(q.y)} ${r1(e.x)},${r1(e.y)}`;
}

/** People under `id` (reports, their reports…): dropping a manager onto one of them would make a loop. */
export function descendants(children: ReadonlyMap<string, readonly string[]>, id: string): Set<string> {
  const out = new Set<string>();
  const stack = [...(children.get(id) ?? [])];
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (out.has(at)) continue;
    out.add(at);
    stack.push(...(children.get(at) ?? []));
  }
  return out;
}

/**
 * The person a keyboard arrow leads to from `id`: up to the manager, down to the first report,
 * left/right to the neighbour on the same level of the drawing.
 */
export function neighbour(
  layout: Pick<MapLayout, 'nodes' | 'order' | 'parent' | 'children'>,
  id: string,
  key: 'up' | 'down' | 'left' | 'right',
  visible: (id: string) => boolean = () => true,
): string | null {
  const here = layout.nodes.get(id);
  if (!here) return null;
  if (key === 'up') {
    for (let at = layout.parent.get(id) ?? null; at; at = layout.parent.get(at) ?? null) if (visible(at)) return at;
    return null;
  }
  if (key === 'down') {
    const kids = (layout.children.get(id) ?? [])
      .filter(visible)
      .map((kid) => layout.nodes.get(kid)!)
      .filter(Boolean);
    kids.sort((a, b) => a.y - b.y || a.x - b.x);
    return kids[0]?.id ?? null;
  }
  // The nearest person to the side, preferring the same row.
  let best: Placed | null = null;
  let bestScore = Infinity;
  for (const other of layout.nodes.values()) {
    if (other.id === id || !visible(other.id)) continue;
    const dx = other.x - here.x;
    if (key === 'left' ? dx >= 0 : dx <= 0) continue;
    const score = Math.abs(dx) + Math.abs(other.y - here.y) * 4;
    if (score < bestScore) {
      best = other;
      bestScore = score;
    }
  }
  return best?.id ?? null;
}
