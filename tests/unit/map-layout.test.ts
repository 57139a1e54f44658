/**
 * The map's layout maths (renderer/map/layout.ts, pure): everyone placed once whatever the
 * reporting lines hold (loops, missing managers), nobody overlapping, managers above their
 * people, wide teams wrapped, a big organisation fitted to a screen's shape, influence arrows
 * kept out of the labels of the people they join, and the keyboard's moves between people. Plus
 * where a node's parts go (renderer/map/nodeShape.ts), the label helpers of renderer/map/look.ts
 * and the exported picture's frame (renderer/map/exportMap.ts).
 */
import { describe, expect, it } from 'vitest';
import { exportFrame } from '../../renderer/map/exportMap';
import {
  autoTreeLayout,
  covers,
  descendants,
  forceLayout,
  forest,
  influencePath,
  LEVEL_HEIGHT,
  neighbour,
  NODE_WIDTH,
  radiusOf,
  reportPath,
  TARGET_ASPECT,
  treeLayout,
  wrapColumns,
  type Footprint,
  type LayoutPerson,
  type MapLayout,
} from '../../renderer/map/layout';
import { fitLabel, initialsOf, labelUnits } from '../../renderer/map/look';
import { nodeShape, RING_GAP, ringArc } from '../../renderer/map/nodeShape';

const p = (id: string, reportsToId: string | null = null, influence = 3): LayoutPerson => ({ id, reportsToId, influence });

/** A seeded organisation in five levels, like the benchmark's. */
function organisation(size: number, seed = 7): LayoutPerson[] {
  let state = seed;
  const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
  const people: LayoutPerson[] = [];
  const levels: string[][] = [];
  [1, 5, 25, 75].forEach((count, level) => {
    levels[level] = [];
    for (let i = 0; i < count && people.length < size; i++) {
      const id = `p${people.length}`;
      people.push(p(id, level === 0 ? null : levels[level - 1]![i % levels[level - 1]!.length]!, 5 - level));
      levels[level]!.push(id);
    }
  });
  while (people.length < size) people.push(p(`p${people.length}`, levels[3]![Math.floor(random() * levels[3]!.length)]!, 1 + Math.floor(random() * 2)));
  return people;
}

/** No two people closer than a node's width side by side on one row, or than a row apart. */
function expectNoOverlap(layout: MapLayout): void {
  const nodes = [...layout.nodes.values()].sort((a, b) => a.y - b.y || a.x - b.x);
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length && nodes[j]!.y - nodes[i]!.y < 100; j++) {
      const a = nodes[i]!;
      const b = nodes[j]!;
      if (Math.abs(a.y - b.y) < 100) expect(Math.abs(a.x - b.x), `${a.id} and ${b.id}`).toBeGreaterThanOrEqual(NODE_WIDTH - 0.01);
    }
  }
}

describe('forest', () => {
  it('places everyone exactly once: a missing manager starts a branch, a loop is cut', () => {
    const people = [p('a'), p('b', 'a'), p('c', 'ghost'), p('x', 'z'), p('y', 'x'), p('z', 'y'), p('self', 'self')];
    const { roots, parent, children } = forest(people);
    expect(roots).toEqual(['a', 'c', 'self', 'x']);
    expect(parent.get('b')).toBe('a');
    expect(parent.get('x')).toBeNull();
    expect(parent.get('z')).toBe('y');
    expect(children.get('z')).toEqual([]);
    expect([...parent.keys()].sort()).toEqual(people.map((q) => q.id).sort());
  });
});

describe('treeLayout', () => {
  it('puts managers a level above their people, centred over them', () => {
    const layout = treeLayout([p('ceo', null, 5), p('cfo', 'ceo'), p('cto', 'ceo'), p('dev', 'cto')]);
    const at = (id: string) => layout.nodes.get(id)!;
    expect(at('cfo').y - at('ceo').y).toBe(LEVEL_HEIGHT);
    expect(at('dev').y - at('cto').y).toBe(LEVEL_HEIGHT);
    expect(at('ceo').x).toBeCloseTo((at('cfo').x + at('cto').x) / 2);
    expect(at('ceo').r).toBe(radiusOf(5));
    expect(layout.order).toEqual(['ceo', 'cfo', 'cto', 'dev']);
    expect(layout.edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual(['ceo>cfo', 'ceo>cto', 'cto>dev']);
    expectNoOverlap(layout);
  });

  it('wraps many reports who manage nobody into rows under their manager', () => {
    const people = [p('boss'), ...Array.from({ length: 10 }, (_, i) => p(`r${i}`, 'boss'))];
    const layout = treeLayout(people);
    const rows = new Set([...layout.nodes.values()].filter((n) => n.id !== 'boss').map((n) => n.y));
    expect(rows.size).toBe(Math.ceil(10 / wrapColumns(10)));
    expect(layout.routes.get('r0')).toBe('lane');
    expectNoOverlap(layout);
    // Four or fewer stay on one row.
    expect(new Set([...treeLayout([p('boss'), p('a', 'boss'), p('b', 'boss'), p('c', 'boss'), p('d', 'boss')]).nodes.values()].map((n) => n.y)).size).toBe(2);
  });

  it('lists a branch two levels deep as one indented column when compact', () => {
    const people = [p('dir'), p('m1', 'dir'), p('m2', 'dir'), p('a', 'm1'), p('b', 'm1'), p('c', 'm2')];
    const layout = treeLayout(people, { mostColumns: 1, compact: true });
    const at = (id: string) => layout.nodes.get(id)!;
    expect(['m1', 'a', 'b', 'm2', 'c'].map((id) => at(id).y)).toEqual([...['m1', 'a', 'b', 'm2', 'c'].map((id) => at(id).y)].sort((x, y) => x - y));
    expect(at('a').x - at('m1').x).toBeGreaterThan(0);
    expect(at('m2').x).toBe(at('m1').x);
    expect(layout.routes.get('a')).toBe('indent');
    expect(layout.routes.get('m1')).toBe('lane');
    expectNoOverlap(layout);
  });

  it('draws 500 people with no overlap, in a shape near a screen’s', () => {
    // How fast is `npm run bench -- map`'s to say (map.layout.ms), not a timed test's.
    const layout = autoTreeLayout(organisation(500));
    expect(layout.nodes.size).toBe(500);
    expectNoOverlap(layout);
    const aspect = layout.bounds.width / layout.bounds.height;
    expect(aspect).toBeGreaterThan(0.8);
    expect(aspect).toBeLessThan(4);
    // Every path is finite numbers.
    for (const edge of layout.edges) expect(edge.d).not.toMatch(/NaN|Infinity/);
  });

  it('picks the shape nearest a screen’s, and leaves a team that fits as it is', () => {
    const off = (layout: MapLayout) => Math.abs(Math.log(layout.bounds.width / layout.bounds.height / TARGET_ASPECT));
    for (const size of [14, 40, 120]) expect(off(autoTreeLayout(organisation(size)))).toBeLessThanOrEqual(off(treeLayout(organisation(size))));
    const team = [p('boss'), p('a', 'boss'), p('b', 'boss')];
    expect(autoTreeLayout(team).nodes).toEqual(treeLayout(team).nodes);
  });
});

describe('forceLayout', () => {
  it('settles every person at a finite place, the same for the same input, nobody on top of another', () => {
    const people = organisation(60);
    const links = [
      { fromId: 'p3', toId: 'p40' },
      { fromId: 'p40', toId: 'p3' },
      { fromId: 'p9', toId: 'ghost' },
    ];
    const one = forceLayout(people, links);
    const two = forceLayout(people, links);
    expect([...one.nodes.values()]).toEqual([...two.nodes.values()]);
    const nodes = [...one.nodes.values()];
    for (const n of nodes) expect(Number.isFinite(n.x) && Number.isFinite(n.y)).toBe(true);
    for (let i = 0; i < nodes.length; i++)
      for (let j = i + 1; j < nodes.length; j++) expect(Math.hypot(nodes[i]!.x - nodes[j]!.x, nodes[i]!.y - nodes[j]!.y)).toBeGreaterThan(20);
  });
});

describe('paths', () => {
  it('a report line runs from under the manager to above the report; a lane enters from the side', () => {
    const from = { id: 'a', x: 0, y: 0, r: 20, depth: 0 };
    const to = { id: 'b', x: 200, y: LEVEL_HEIGHT, r: 16, depth: 1 };
    expect(reportPath(from, to)).toBe(`M0,60V77H200V${LEVEL_HEIGHT - 16 - 24}`);
    expect(reportPath(from, to, 'lane')).toBe(`M0,60V77H126V${LEVEL_HEIGHT}H178`);
  });

  it('an influence curve bows to its right, so two people influencing each other get two arcs', () => {
    const a = { x: 0, y: 0, r: 10 };
    const b = { x: 100, y: 0, r: 10 };
    const there = influencePath(a, b);
    const back = influencePath(b, a);
    const control = (d: string) => Number(/Q[-\d.]+,([-\d.]+)/.exec(d)![1]);
    expect(Math.sign(control(there))).toBe(-Math.sign(control(back)));
    expect(there).toMatch(/^M[-\d.]+,[-\d.]+Q[-\d.]+,[-\d.]+ [-\d.]+,[-\d.]+$/);
  });

  it('an influence arrow stops at the edge of its target’s label, not in it (nor in the source’s)', () => {
    // The target's name and title sit in a box under its ring; the source is straight below.
    const label = { x: -70, y: 30, width: 140, height: 32 };
    const to: Footprint = { x: 0, y: 0, r: 27, boxes: [label] };
    const from: Footprint = { x: 10, y: 400, r: 27, boxes: [{ x: -60, y: 430, width: 140, height: 32 }] };
    const arrow = 12;
    const d = influencePath(from, to, arrow);
    const points = curvePoints(d);
    // The line starts on the source's edge (to the path's 0.1 px rounding)…
    expect(covers({ ...from, r: from.r + 0.2 }, points[0]!.x, points[0]!.y)).toBe(true);
    // …runs outside both people…
    for (const point of points.slice(1)) {
      expect(covers(to, point.x, point.y)).toBe(false);
      expect(covers(from, point.x, point.y)).toBe(false);
    }
    // …and ends one arrowhead short of the label's edge.
    const end = points[points.length - 1]!;
    expect(distanceToBox(end, label)).toBeGreaterThan(arrow - 2);
    expect(distanceToBox(end, label)).toBeLessThan(arrow + 2);
  });

  it('keeps the asked clearance from both people (half the width of a line or its head)', () => {
    const to: Footprint = { x: 0, y: 0, r: 27, boxes: [{ x: -70, y: 30, width: 140, height: 32 }] };
    const from: Footprint = { x: 300, y: 300, r: 27 };
    const points = curvePoints(influencePath(from, to, 12, 8));
    // To the path's 0.1 px rounding.
    for (const point of points) expect(covers(to, point.x, point.y, 7.8) || covers(from, point.x, point.y, 7.8)).toBe(false);
  });

  it('keeps out of both people for any placement of two people apart, labels and badges included', () => {
    let state = 11;
    const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
    const person = (x: number, y: number): Footprint => ({
      x,
      y,
      r: 20 + random() * 15,
      boxes: [
        { x: x - 40 - random() * 60, y: y + 30, width: 80 + random() * 120, height: 30 },
        { x: x - 30, y: y - 60, width: 60, height: 15 },
      ],
    });
    for (let i = 0; i < 300; i++) {
      const from = person(random() * 2000, random() * 1200);
      const angle = random() * 2 * Math.PI;
      const distance = 260 + random() * 1500;
      const to = person(from.x + Math.cos(angle) * distance, from.y + Math.sin(angle) * distance);
      const points = curvePoints(influencePath(from, to, 12, 8));
      for (const point of points.slice(1)) expect(covers(from, point.x, point.y, 7.8) || covers(to, point.x, point.y, 7.8)).toBe(false);
    }
  });

  it('without labels an arrow joins the circles, and two people drawn on top of each other get no line', () => {
    const end = curvePoints(influencePath({ x: 0, y: 0, r: 20 }, { x: 200, y: 0, r: 20 }, 0)).at(-1)!;
    expect(Math.hypot(end.x - 200, end.y)).toBeCloseTo(20, 0);
    expect(influencePath({ x: 0, y: 0, r: 20 }, { x: 10, y: 0, r: 20 })).toBe('');
    // Labels that overlap along the line: the line falls back to the circles rather than vanish.
    const wide = [{ x: -200, y: -10, width: 400, height: 20 }];
    expect(influencePath({ x: 0, y: 0, r: 10, boxes: wide }, { x: 100, y: 0, r: 10, boxes: wide })).not.toBe('');
  });
});

/** Points along a path `M x,y Q cx,cy ex,ey`. */
function curvePoints(d: string): { x: number; y: number }[] {
  const [sx, sy, cx, cy, ex, ey] = d.match(/-?[\d.]+/g)!.map(Number) as [number, number, number, number, number, number];
  return Array.from({ length: 41 }, (_, i) => {
    const t = i / 40;
    return { x: (1 - t) ** 2 * sx + 2 * (1 - t) * t * cx + t * t * ex, y: (1 - t) ** 2 * sy + 2 * (1 - t) * t * cy + t * t * ey };
  });
}

const distanceToBox = (p: { x: number; y: number }, b: { x: number; y: number; width: number; height: number }) =>
  Math.hypot(Math.max(b.x - p.x, 0, p.x - b.x - b.width), Math.max(b.y - p.y, 0, p.y - b.y - b.height));

describe('a node’s shape', () => {
  const at = { id: 'a', x: 100, y: 50, r: 24, depth: 0 };
  const person = { name: 'Anna Schmidt', title: 'Head of Procurement', roles: ['decider', 'buyer'], strength: 3 };

  it('puts the labels under the ring and the badges above it, and lines keep out of all of them', () => {
    const shape = nodeShape(person, at);
    const ring = at.r + RING_GAP;
    expect(shape.name.y).toBeGreaterThan(at.y + ring);
    expect(shape.title!.y).toBeGreaterThan(shape.name.y);
    expect(shape.badges.map((b) => b.role)).toEqual(['decider', 'buyer']);
    for (const badge of shape.badges) expect(badge.y).toBeLessThan(at.y - ring);
    const [label, badges] = shape.footprint.boxes!;
    expect(covers(shape.footprint, at.x, shape.name.y - 4)).toBe(true);
    expect(covers(shape.footprint, at.x, shape.title!.y)).toBe(true);
    expect(label!.width).toBeGreaterThan(labelUnits('Head of Procurement') * 10.5 * 0.5);
    expect(badges!.y).toBe(shape.badges[0]!.y);
  });

  it('sizes the label box by what is written: wider for longer and Chinese names, lower with a compare line', () => {
    const width = (name: string) => nodeShape({ ...person, name, title: null }, at).footprint.boxes![0]!.width;
    expect(width('Anna Schmidt Hohenzollern')).toBeGreaterThan(width('Anna'));
    expect(width('张伟')).toBeGreaterThan(width('Li'));
    const plain = nodeShape(person, at);
    const compared = nodeShape(person, at, { stanceChange: 'Sceptic → Champion' });
    expect(compared.stanceChange!.y).toBeGreaterThan(plain.title!.y);
    expect(compared.footprint.boxes![0]!.height).toBeGreaterThan(plain.footprint.boxes![0]!.height);
  });

  it('adds the owner chips and the flag to the footprint only when they are drawn', () => {
    expect(nodeShape(person, at).footprint.boxes).toHaveLength(2);
    expect(nodeShape(person, at, { chips: 2, flagged: true }).footprint.boxes).toHaveLength(4);
    expect(nodeShape({ ...person, roles: [] }, at).footprint.boxes).toHaveLength(1);
  });

  it('draws the strength ring from twelve o’clock, clockwise, a fifth per point', () => {
    expect(ringArc(0, 0, 10, 0.25)).toBe('M0,-10A10,10 0 0 1 10,0');
    expect(ringArc(0, 0, 10, 0.75)).toBe('M0,-10A10,10 0 1 1 -10,0');
    expect(ringArc(0, 0, 10, 1)).toBe('M0,-10A10,10 0 1 1 0,10A10,10 0 1 1 0,-10');
    expect(nodeShape({ ...person, strength: 5 }, at).ringArc).toBe(ringArc(at.x, at.y, at.r + RING_GAP, 1));
    expect(nodeShape({ ...person, strength: 9 }, at).ringArc).toBe(ringArc(at.x, at.y, at.r + RING_GAP, 1));
  });
});

describe('the exported picture’s frame', () => {
  it('holds everything drawn, labels at the edges included, with room for their outlines', () => {
    const drawing = { x: -243.5, y: -80, width: 900, height: 400 };
    const frame = exportFrame(drawing, { lines: 2, width: 300 });
    expect(frame.x).toBeLessThanOrEqual(drawing.x - 8);
    expect(frame.x + frame.width).toBeGreaterThanOrEqual(drawing.x + drawing.width + 8);
    expect(frame.y + frame.height).toBeGreaterThanOrEqual(drawing.y + drawing.height + 8);
    // The heading (title and two lines) sits above the drawing.
    expect(frame.y).toBeLessThanOrEqual(drawing.y - 8 - 4 * 20);
  });

  it('is as wide as the heading’s longest line when the drawing is narrower', () => {
    expect(exportFrame({ x: 0, y: 0, width: 160, height: 120 }, { lines: 1, width: 520 }).width).toBeGreaterThanOrEqual(520 + 32);
  });
});

describe('moving between people with the keyboard', () => {
  const layout = treeLayout([p('ceo'), p('cfo', 'ceo'), p('cto', 'ceo'), p('dev', 'cto'), p('ops', 'cto')]);

  it('up to the manager, down to the first report, sideways to the neighbour', () => {
    expect(neighbour(layout, 'dev', 'up')).toBe('cto');
    expect(neighbour(layout, 'ceo', 'up')).toBeNull();
    expect(neighbour(layout, 'cto', 'down')).toBe('dev');
    expect(neighbour(layout, 'cfo', 'right')).toBe('cto');
    expect(neighbour(layout, 'cto', 'left')).toBe('cfo');
    expect(neighbour(layout, 'dev', 'right')).toBe('ops');
  });

  it('skips people the filters hide', () => {
    expect(neighbour(layout, 'dev', 'up', (id) => id !== 'cto')).toBe('ceo');
    expect(neighbour(layout, 'cfo', 'right', (id) => id !== 'cto')).not.toBe('cto');
  });

  it('knows everyone under a person (a drop there would make a loop)', () => {
    expect([...descendants(layout.children, 'ceo')].sort()).toEqual(['cfo', 'cto', 'dev', 'ops']);
    expect([...descendants(layout.children, 'dev')]).toEqual([]);
  });
});

describe('labels', () => {
  it('cuts a label to its width, counting CJK characters double', () => {
    expect(fitLabel('Anna Schmidt', 22)).toBe('Anna Schmidt');
    expect(fitLabel('Procurement Director, Asia Pacific', 22)).toBe('Procurement Director,…');
    expect(fitLabel('华东区采购与供应链管理中心总监', 22)).toBe('华东区采购与供应链管理…');
  });

  it('makes member chips from names in either script', () => {
    expect(initialsOf('王磊')).toBe('王');
    expect(initialsOf('Laura Becker')).toBe('LB');
    expect(initialsOf(' ')).toBe('?');
  });
});
