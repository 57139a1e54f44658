/**
 * The map's layout maths (renderer/map/layout.ts, pure): everyone placed once whatever the
 * reporting lines hold (loops, missing managers), nobody overlapping, managers above their
 * people, wide teams wrapped, a big organisation fitted to a screen's shape, and the keyboard's
 * moves between people. Plus the label helpers of renderer/map/look.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  autoTreeLayout,
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
  type LayoutPerson,
  type MapLayout,
} from '../../renderer/map/layout';
import { fitLabel, initialsOf } from '../../renderer/map/look';

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

  it('draws 500 people with no overlap, in a shape near a screen’s, quickly', () => {
    const people = organisation(500);
    const started = performance.now();
    const layout = autoTreeLayout(people);
    const elapsed = performance.now() - started;
    expect(layout.nodes.size).toBe(500);
    expectNoOverlap(layout);
    const aspect = layout.bounds.width / layout.bounds.height;
    expect(aspect).toBeGreaterThan(0.8);
    expect(aspect).toBeLessThan(4);
    // The benchmark's budget for layout and first paint together is 1 s; the layout takes a few ms.
    expect(elapsed).toBeLessThan(500);
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
