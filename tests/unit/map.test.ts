/**
 * The stakeholder map's rules (shared/map/) with plain inputs: each red flag and what does not
 * raise it, the three-colour status and its worded reasons, the chain as of an earlier instant,
 * the compare diff, the grid's cells and keyboard steps; and the map's catalog in both languages.
 */
import { describe, expect, it } from 'vitest';
import { BUYING_ROLES } from '../../shared/domain';
import { translator } from '../../shared/i18n';
import { en } from '../../shared/i18n/en';
import { zhCN } from '../../shared/i18n/zh-CN';
import { flagsByPerson, isKeyPerson, mapFlags, mapStatus, type FlagPerson } from '../../shared/map/flags';
import { gridCell, gridCellKey, gridStep } from '../../shared/map/grid';
import { compareMaps, linksAsOf, peopleAsOf, type DatedLink, type DatedPerson, type PersonChange } from '../../shared/map/history';
import { FLAG_KINDS, stanceOf, type MapFlag } from '../../shared/map/schemas';

const NOW = '2026-06-30T12:00:00.000Z';
const daysAgo = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();

let counter = 0;
function person(fields: Partial<FlagPerson> = {}): FlagPerson {
  return {
    id: `p${++counter}`,
    roles: [],
    stance: 'neutral',
    influence: 2,
    ownerIds: ['m1'],
    status: 'active',
    successorId: null,
    lastTouchpointAt: daysAgo(5),
    ...fields,
  };
}

/** Everyone holding one role each, covered by two members, recently met: a chain with no flags. */
function healthyChain(): FlagPerson[] {
  return BUYING_ROLES.map((role, i) =>
    person({ id: role, roles: [role], stance: role === 'decider' || role === 'approver' ? 'champion' : 'neutral', ownerIds: [i % 2 ? 'm1' : 'm2'] }),
  );
}

const kinds = (flags: MapFlag[]) => flags.map((f) => `${f.kind}:${f.severity}:${f.personId ?? f.role ?? f.memberId}`).sort();

describe('mapFlags', () => {
  it('raises nothing for a healthy chain', () => {
    expect(mapFlags(healthyChain(), { at: NOW })).toEqual([]);
  });

  it('flags each role nobody holds; a vacant decider is red', () => {
    const chain = healthyChain().filter((p) => !['decider', 'gatekeeper'].includes(p.id));
    expect(kinds(mapFlags(chain, { at: NOW }))).toEqual(['role_vacant:amber:gatekeeper', 'role_vacant:red:decider']);
  });

  it('a role held only by someone who left is vacant', () => {
    const chain = healthyChain().map((p) => (p.id === 'buyer' ? { ...p, status: 'left', successorId: 'user' } : p));
    expect(kinds(mapFlags(chain, { at: NOW }))).toEqual(['role_vacant:amber:buyer']);
  });

  it('flags a decider or approver who is sceptic, opponent or unknown (opponent red); others may be anything', () => {
    const chain = healthyChain().map((p) =>
      p.id === 'decider'
        ? { ...p, stance: 'opponent' }
        : p.id === 'approver'
          ? { ...p, stance: 'unknown' }
          : p.id === 'buyer'
            ? { ...p, stance: 'opponent' }
            : p,
    );
    const flags = mapFlags(chain, { at: NOW });
    expect(kinds(flags)).toEqual(['decider_stance:amber:approver', 'decider_stance:red:decider']);
    expect(flags.find((f) => f.personId === 'approver')).toMatchObject({ role: 'approver', stance: 'unknown' });
    // A stance code from a newer version reads as unknown.
    const newer = healthyChain().map((p) => (p.id === 'decider' ? { ...p, stance: 'ally' } : p));
    expect(kinds(mapFlags(newer, { at: NOW }))).toEqual(['decider_stance:amber:decider']);
    expect(stanceOf('ally')).toBe('unknown');
  });

  it('flags a key player nobody covers (red for a decider); high influence makes anyone key', () => {
    const chain = [
      ...healthyChain().map((p) => (p.id === 'decider' ? { ...p, ownerIds: [] } : p)),
      person({ id: 'powerful', influence: 4, ownerIds: [] }),
      person({ id: 'minor', influence: 3, ownerIds: [] }),
    ];
    expect(kinds(mapFlags(chain, { at: NOW }))).toEqual(['key_uncovered:amber:powerful', 'key_uncovered:red:decider']);
    expect(isKeyPerson({ roles: ['approver'], influence: 1 })).toBe(true);
    expect(isKeyPerson({ roles: ['user'], influence: 3 })).toBe(false);
    expect(isKeyPerson({ roles: ['user'], influence: 3 }, { keyInfluence: 3 })).toBe(true);
  });

  it('a relationship held only by a colleague who left us is not covered', () => {
    const chain = healthyChain().map((p) => (p.id === 'approver' ? { ...p, ownerIds: ['gone'] } : p));
    expect(kinds(mapFlags(chain, { at: NOW, activeMemberIds: new Set(['m1', 'm2']) }))).toEqual(['key_uncovered:amber:approver']);
    expect(mapFlags(chain, { at: NOW })).toEqual([]);
  });

  it('flags a decider with no touchpoint within the window (configurable), or never', () => {
    const at = (lastTouchpointAt: string | null, days?: number) =>
      kinds(
        mapFlags(
          healthyChain().map((p) => (p.id === 'decider' ? { ...p, lastTouchpointAt } : p)),
          { at: NOW, rules: days ? { decisionWindowDays: days } : {} },
        ),
      );
    expect(at(daysAgo(89))).toEqual([]);
    expect(at(daysAgo(90))).toEqual([]);
    expect(at(daysAgo(91))).toEqual(['decider_stale:amber:decider']);
    expect(at(null)).toEqual(['decider_stale:amber:decider']);
    expect(at(daysAgo(40), 30)).toEqual(['decider_stale:amber:decider']);
    const flag = mapFlags(
      healthyChain().map((p) => (p.id === 'decider' ? { ...p, lastTouchpointAt: daysAgo(120) } : p)),
      { at: NOW },
    )[0]!;
    expect(flag).toMatchObject({ kind: 'decider_stale', days: 90, lastAt: daysAgo(120) });
    // Judged at the map's instant: as of 100 days ago, a touchpoint 120 days ago was recent.
    expect(
      mapFlags(
        healthyChain().map((p) => (p.id === 'decider' ? { ...p, lastTouchpointAt: daysAgo(120) } : p)),
        { at: daysAgo(100) },
      ),
    ).toEqual([]);
  });

  it('flags single-threaded coverage: one member holds every relationship', () => {
    const chain = healthyChain().map((p) => ({ ...p, ownerIds: p.id === 'user' ? [] : ['m1'] }));
    const flags = mapFlags(chain, { at: NOW });
    expect(kinds(flags)).toEqual(['single_threaded:amber:m1']);
    // Someone who left does not count as a second thread.
    const leaver = [...chain, person({ id: 'old', status: 'left', ownerIds: ['m2'], successorId: 'user' })];
    expect(kinds(mapFlags(leaver, { at: NOW }))).toEqual(['single_threaded:amber:m1']);
  });

  it('flags a key person who left with no successor on the map (red for a decider or approver)', () => {
    const chain = [
      ...healthyChain(),
      person({ id: 'oldDecider', roles: ['decider'], status: 'left' }),
      person({ id: 'oldExpert', influence: 5, status: 'left', successorId: 'nobody-here' }),
      person({ id: 'handedOver', roles: ['approver'], status: 'left', successorId: 'approver' }),
      person({ id: 'oldUser', roles: ['user'], status: 'left' }),
      person({ id: 'moved', roles: ['decider'], status: 'changed_role', lastTouchpointAt: daysAgo(1) }),
    ];
    expect(kinds(mapFlags(chain, { at: NOW }))).toEqual(['left_no_successor:amber:oldExpert', 'left_no_successor:red:oldDecider']);
  });
});

describe('mapStatus', () => {
  const names = (id: string) => ({ a: 'Anna', b: 'Bo', c: 'Chen', d: 'Dai', e: 'Eva' })[id] ?? id;

  it('is green with one reason when nothing is flagged', () => {
    expect(mapStatus([])).toEqual({ colour: 'green', reasons: [{ key: 'map.reasons.none', severity: 'green', params: {} }] });
  });

  it('is amber on amber flags only, red when any flag is red; reasons reds first, one per kind and severity', () => {
    const flags = mapFlags(
      [
        person({ id: 'a', roles: ['decider'], stance: 'opponent', ownerIds: ['m2'] }),
        person({ id: 'b', roles: ['approver'], stance: 'sceptic' }),
        person({ id: 'c', roles: ['approver'], stance: 'unknown' }),
        ...['initiator', 'user', 'influencer', 'buyer'].map((role) => person({ roles: [role] })),
      ],
      { at: NOW },
    );
    const status = mapStatus(flags, names);
    expect(status.colour).toBe('red');
    expect(status.reasons.map((r) => r.key)).toEqual(['map.reasons.decider_stance.red', 'map.reasons.role_vacant.amber', 'map.reasons.decider_stance.amber']);
    expect(status.reasons[2]!.params).toEqual({ count: 2, names: ['Bo', 'Chen'], more: 0 });
    expect(status.reasons[1]!.params).toEqual({ count: 1, roles: ['gatekeeper'] });
    expect(mapStatus(flags.filter((f) => f.severity === 'amber')).colour).toBe('amber');
  });

  it('names the first three people and counts the rest; says the window and the member', () => {
    const stale = ['a', 'b', 'c', 'd', 'e'].map((id) => person({ id, roles: ['decider'], stance: 'champion', lastTouchpointAt: null }));
    const status = mapStatus(
      mapFlags(
        [
          ...stale,
          ...healthyChain()
            .filter((p) => p.id !== 'decider')
            .map((p) => ({ ...p, ownerIds: ['m1'] })),
        ],
        { at: NOW, rules: { decisionWindowDays: 30 } },
      ),
      names,
      (id) => (id === 'm1' ? '王磊' : id),
    );
    const stale30 = status.reasons.find((r) => r.key === 'map.reasons.decider_stale.amber')!;
    expect(stale30.params).toEqual({ count: 5, names: ['Anna', 'Bo', 'Chen'], more: 2, days: 30 });
    expect(status.reasons.find((r) => r.key === 'map.reasons.single_threaded.amber')!.params).toEqual({ count: 1, member: '王磊' });
  });

  it('every reason and flag has words in both languages', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const t = translator(locale);
      for (const kind of FLAG_KINDS) {
        expect(t(`map.flags.${kind}`)).not.toBe(`map.flags.${kind}`);
        for (const severity of ['red', 'amber']) {
          const key = `map.reasons.${kind}.${severity}`;
          expect(t(key, { count: 2, names: 'x', days: 90, member: 'y', roles: 'z' })).not.toBe(key);
          expect(t(key, { count: 1, names: 'x', days: 90, member: 'y', roles: 'z' })).not.toContain('{{');
        }
      }
      expect(t('map.reasons.none')).not.toBe('map.reasons.none');
    }
  });
});

describe('flagsByPerson', () => {
  it('keeps the worst severity and counts the flags of each person', () => {
    const flags = mapFlags([person({ id: 'a', roles: ['decider'], stance: 'opponent', ownerIds: [], lastTouchpointAt: null })], { at: NOW });
    expect(flagsByPerson(flags).get('a')).toEqual({ severity: 'red', count: 3 });
    expect(flagsByPerson(flags).size).toBe(1);
  });
});

describe('peopleAsOf', () => {
  const base = (id: string, fields: Partial<DatedPerson> = {}): DatedPerson => ({
    id,
    name: id,
    title: 'Engineer',
    department: 'IT',
    reportsToId: null,
    roles: ['user'],
    stance: 'champion',
    influence: 3,
    strength: 4,
    ownerIds: ['m1'],
    status: 'active',
    successorId: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    deletedAt: null,
    ...fields,
  });
  const change = (personId: string, at: string, field: string, value: unknown): PersonChange => ({ personId, at, field, value });
  const created = (id: string, at: string, values: Record<string, unknown>) => Object.entries(values).map(([field, value]) => change(id, at, field, value));

  const history: PersonChange[] = [
    ...created('a', '2026-01-01T00:00:00.000Z', { title: 'Engineer', stance: 'neutral', roles: ['user'], influence: 2, reportsToId: null, ownerIds: [] }),
    change('a', '2026-03-01T09:00:00.000Z', 'stance', 'supporter'),
    change('a', '2026-03-01T09:00:00.000Z', 'ownerIds', ['m1']),
    change('a', '2026-05-01T09:00:00.000Z', 'stance', 'champion'),
    change('a', '2026-05-01T09:00:00.000Z', 'influence', 3),
    change('a', '2026-05-01T09:00:00.000Z', 'roles', ['user']),
    ...created('b', '2026-04-01T00:00:00.000Z', { stance: 'champion' }),
  ];

  it('takes each tracked field as last recorded at or before the instant', () => {
    const people = [base('a'), base('b', { createdAt: '2026-04-01T00:00:00.000Z' })];
    const [a] = peopleAsOf(people, history, '2026-03-15T00:00:00.000Z');
    expect(a).toMatchObject({ id: 'a', stance: 'supporter', influence: 2, ownerIds: ['m1'], title: 'Engineer', strength: 4 });
    expect(peopleAsOf(people, history, '2026-03-01T09:00:00.000Z')[0]).toMatchObject({ stance: 'supporter' });
    expect(peopleAsOf(people, history, '2026-03-01T08:59:59.999Z')[0]).toMatchObject({ stance: 'neutral', ownerIds: [] });
    expect(peopleAsOf(people, history, '2026-06-01T00:00:00.000Z').map((p) => [p.id, p.stance, p.influence])).toEqual([
      ['a', 'champion', 3],
      ['b', 'champion', 3],
    ]);
  });

  it('leaves out people not yet created and those in the bin by then; a change dated before the row counts as a trace', () => {
    const people = [base('a'), base('b', { createdAt: '2026-04-01T00:00:00.000Z' }), base('c', { deletedAt: '2026-02-01T00:00:00.000Z' })];
    expect(peopleAsOf(people, history, '2026-03-15T00:00:00.000Z').map((p) => p.id)).toEqual(['a']);
    expect(peopleAsOf(people, history, '2026-01-15T00:00:00.000Z').map((p) => p.id)).toEqual(['a', 'c']);
    // Sample data: the row is new, its history older.
    const imported = [base('d', { createdAt: '2026-06-01T00:00:00.000Z' })];
    expect(peopleAsOf(imported, [change('d', '2025-10-01T00:00:00.000Z', 'stance', 'neutral')], '2026-01-01T00:00:00.000Z')).toMatchObject([
      { id: 'd', stance: 'neutral' },
    ]);
  });

  it('a field with nothing recorded that early keeps today’s value; odd stored values become the field’s shape', () => {
    const people = [base('a', { department: 'Finance' })];
    const odd = [
      change('a', '2026-01-01T00:00:00.000Z', 'roles', 'decider'),
      change('a', '2026-01-01T00:00:00.000Z', 'influence', '5'),
      change('a', '2026-01-01T00:00:00.000Z', 'phone', '123'),
    ];
    expect(peopleAsOf(people, odd, '2026-02-01T00:00:00.000Z')[0]).toMatchObject({ department: 'Finance', roles: [], influence: 3 });
    expect(peopleAsOf(people, odd, '2026-02-01T00:00:00.000Z')[0]).not.toHaveProperty('phone');
  });

  it('compares instants, not text: an offset is read as the time it means', () => {
    const people = [base('a')];
    const changes = [change('a', '2026-03-01T09:00:00+08:00', 'stance', 'opponent')];
    expect(peopleAsOf(people, changes, '2026-03-01T02:00:00.000Z')[0]!.stance).toBe('opponent');
    expect(peopleAsOf(people, changes, '2026-03-01T00:59:59.000Z')[0]!.stance).toBe('champion');
  });
});

describe('linksAsOf', () => {
  const link = (id: string, createdAt: string, deletedAt: string | null = null, fromId = 'a', toId = 'b'): DatedLink => ({
    id,
    fromId,
    toId,
    strength: 3,
    note: null,
    createdAt,
    deletedAt,
  });
  it('keeps links made by then, not yet binned, between people then present', () => {
    const links = [
      link('l1', '2026-01-01T00:00:00Z'),
      link('l2', '2026-05-01T00:00:00Z'),
      link('l3', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'),
      link('l4', '2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z'),
      link('l5', '2026-01-01T00:00:00Z', null, 'a', 'z'),
    ];
    expect(linksAsOf(links, '2026-03-01T00:00:00Z', new Set(['a', 'b'])).map((l) => l.id)).toEqual(['l1', 'l4']);
  });
});

describe('compareMaps', () => {
  const p = (id: string, fields: Record<string, unknown> = {}) =>
    ({
      id,
      title: null,
      department: null,
      reportsToId: null,
      roles: [],
      stance: 'neutral',
      influence: 3,
      strength: 2,
      ownerIds: [],
      status: 'active',
      successorId: null,
      ...fields,
    }) as Parameters<typeof compareMaps>[0]['people'][number];

  it('finds who was added, removed and changed, and the stance moves', () => {
    const before = { people: [p('a'), p('b', { roles: ['user', 'buyer'] }), p('gone')], links: [{ id: 'l1' }, { id: 'l2' }] };
    const after = {
      people: [p('a', { stance: 'champion', reportsToId: 'b' }), p('b', { roles: ['buyer', 'user'] }), p('new')],
      links: [{ id: 'l2' }, { id: 'l3' }],
    };
    expect(compareMaps(before, after)).toEqual({
      added: ['new'],
      removed: ['gone'],
      changed: [{ id: 'a', fields: ['reportsToId', 'stance'], stance: { from: 'neutral', to: 'champion' } }],
      links: { added: ['l3'], removed: ['l1'] },
    });
  });

  it('finds nothing between a map and itself', () => {
    const map = { people: [p('a', { ownerIds: ['m1', 'm2'] })] };
    expect(compareMaps(map, map)).toEqual({ added: [], removed: [], changed: [], links: { added: [], removed: [] } });
  });
});

describe('gridStep', () => {
  it('moves along the columns as drawn and one step of influence, never off the grid', () => {
    expect(gridStep({ stance: 'neutral', influence: 3 }, 'right')).toEqual({ stance: 'supporter', influence: 3 });
    expect(gridStep({ stance: 'neutral', influence: 3 }, 'left')).toEqual({ stance: 'sceptic', influence: 3 });
    expect(gridStep({ stance: 'opponent', influence: 3 }, 'left')).toEqual({ stance: 'opponent', influence: 3 });
    expect(gridStep({ stance: 'champion', influence: 3 }, 'right')).toEqual({ stance: 'unknown', influence: 3 });
    expect(gridStep({ stance: 'unknown', influence: 3 }, 'left')).toEqual({ stance: 'champion', influence: 3 });
    expect(gridStep({ stance: 'neutral', influence: 5 }, 'up')).toEqual({ stance: 'neutral', influence: 5 });
    expect(gridStep({ stance: 'neutral', influence: 1 }, 'down')).toEqual({ stance: 'neutral', influence: 1 });
    expect(gridStep({ stance: 'neutral', influence: 2 }, 'up')).toEqual({ stance: 'neutral', influence: 3 });
  });

  it('moves a person from the cell they are drawn in (unknown codes and odd scores placed first)', () => {
    expect(gridStep({ stance: 'hostile', influence: 3 }, 'left')).toEqual({ stance: 'champion', influence: 3 });
    expect(gridStep({ stance: 'neutral', influence: 7.4 }, 'down')).toEqual({ stance: 'neutral', influence: 4 });
  });
});

describe('gridCell', () => {
  it('puts a person in a drawn column and row, whatever their stored codes and scores', () => {
    expect(gridCell({ stance: 'sceptic', influence: 2 })).toEqual({ stance: 'sceptic', influence: 2 });
    expect(gridCell({ stance: 'hostile', influence: 3 })).toEqual({ stance: 'unknown', influence: 3 });
    expect(gridCell({ stance: 'champion', influence: 4.6 })).toEqual({ stance: 'champion', influence: 5 });
    expect(gridCell({ stance: 'champion', influence: 0 })).toEqual({ stance: 'champion', influence: 1 });
    expect(gridCell({ stance: 'champion', influence: 12 })).toEqual({ stance: 'champion', influence: 5 });
    expect(gridCell({ stance: 'neutral', influence: Number.NaN })).toEqual({ stance: 'neutral', influence: 1 });
  });

  it('keys a cell as its `data-cell` carries it', () => {
    expect(gridCellKey(gridCell({ stance: 'opponent', influence: 5 }))).toBe('opponent:5');
  });
});

describe('the map catalog', () => {
  const keys = (node: unknown, prefix = ''): string[] =>
    node && typeof node === 'object' ? Object.entries(node).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k)) : [prefix];

  it('has the same keys in zh-CN as in en', () => {
    expect(keys(zhCN.map).sort()).toEqual(keys(en.map).sort());
  });

  it('tells, in both languages, that a click on the grid selects and that Enter or a double-click opens', () => {
    expect(en.map.grid.description).toMatch(/Click a person to select them, then use the arrow keys/);
    expect(en.map.grid.description).toMatch(/Enter or a double-click opens their page/);
    expect(zhCN.map.grid.description).toMatch(/点击选中.*方向键/);
    expect(zhCN.map.grid.description).toMatch(/回车或双击打开/);
    for (const locale of ['en', 'zh-CN'] as const) {
      expect(translator(locale)('map.grid.person', { name: 'X', stance: 'Y', influence: 3 })).toMatch(locale === 'en' ? /Enter opens/ : /回车打开/);
    }
  });

  it('names the seven roles with the domain’s Chinese terms, and every role has a badge letter', () => {
    const t = translator('zh-CN');
    expect(BUYING_ROLES.map((role) => t(`enums.role.${role}`))).toEqual(['发起者', '使用者', '影响者', '决策者', '批准者', '采购者', '把关者']);
    for (const locale of ['en', 'zh-CN'] as const) {
      const letters = BUYING_ROLES.map((role) => translator(locale)(`map.roleLetters.${role}`));
      expect(new Set(letters).size).toBe(7);
    }
  });
});
