import { describe, expect, it } from 'vitest';
import { decisionChainOrder, roleCoverage, type ChainPerson } from '../../renderer/views/people/decisionChain';

const person = (id: string, fields: Partial<ChainPerson> = {}): ChainPerson => ({
  id,
  reportsToId: null,
  roles: [],
  ownerIds: [],
  status: 'active',
  ...fields,
});

describe('roleCoverage', () => {
  it('names the roles nobody holds and those nobody on our side covers', () => {
    const coverage = roleCoverage([
      person('ceo', { roles: ['decider'], ownerIds: ['m1'] }),
      person('cfo', { roles: ['approver'] }),
      person('buyer', { roles: ['buyer', 'gatekeeper'], ownerIds: ['m2'] }),
      person('engineer', { roles: ['user', 'influencer'] }),
      person('lead', { roles: ['influencer'], ownerIds: ['m1'] }),
    ]);
    const byRole = Object.fromEntries(coverage.map((c) => [c.role, c]));
    expect(coverage.map((c) => c.role)).toEqual(['initiator', 'user', 'influencer', 'decider', 'approver', 'buyer', 'gatekeeper']);
    expect(byRole.initiator).toEqual({ role: 'initiator', holders: 0, covered: 0, gap: 'nobody' });
    expect(byRole.approver).toEqual({ role: 'approver', holders: 1, covered: 0, gap: 'uncovered' });
    expect(byRole.user?.gap).toBe('uncovered');
    expect(byRole.influencer).toEqual({ role: 'influencer', holders: 2, covered: 1, gap: null });
    expect(byRole.decider?.gap).toBeNull();
    expect(byRole.gatekeeper?.gap).toBeNull();
  });

  it('does not count someone who left the company as holding a role', () => {
    const [, , , decider] = roleCoverage([person('old-ceo', { roles: ['decider'], ownerIds: ['m1'], status: 'left' })]);
    expect(decider).toMatchObject({ role: 'decider', holders: 0, gap: 'nobody' });
    const moved = roleCoverage([person('moved', { roles: ['decider'], ownerIds: ['m1'], status: 'changed_role' })]);
    expect(moved[3]).toMatchObject({ holders: 1, covered: 1, gap: null });
  });
});

describe('decisionChainOrder', () => {
  it('lists people top-down along reporting lines, peers in the given order', () => {
    const people = [
      person('engineer', { reportsToId: 'cto' }),
      person('ceo'),
      person('cto', { reportsToId: 'ceo' }),
      person('cfo', { reportsToId: 'ceo' }),
      person('clerk', { reportsToId: 'cfo' }),
    ];
    expect(decisionChainOrder(people).map(({ person: p, depth }) => `${p.id}:${depth}`)).toEqual(['ceo:0', 'cto:1', 'engineer:2', 'cfo:1', 'clerk:2']);
  });

  it('starts a branch for someone whose manager is not listed, and survives a reporting loop', () => {
    const people = [
      person('a', { reportsToId: 'b' }),
      person('b', { reportsToId: 'a' }),
      person('c', { reportsToId: 'gone' }),
      person('self', { reportsToId: 'self' }),
    ];
    const order = decisionChainOrder(people);
    expect(order.map(({ person: p }) => p.id).sort()).toEqual(['a', 'b', 'c', 'self']);
    expect(order.find(({ person: p }) => p.id === 'c')?.depth).toBe(0);
    expect(order.find(({ person: p }) => p.id === 'self')?.depth).toBe(0);
  });
});
