// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../shared/contract';
import { PersonView } from '../../renderer/views/people/PersonView';
import type { PersonRecord } from '../../renderer/views/queries';
import { renderPage } from './harness';

afterEach(cleanup);

const meta = { createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', deletedAt: null };
const person = (fields: Partial<PersonRecord>) =>
  ({
    ...meta,
    accountId: 'a1',
    title: null,
    department: null,
    phone: null,
    email: null,
    reportsToId: null,
    roles: [],
    stance: 'neutral',
    influence: 3,
    strength: 2,
    ownerIds: [],
    preferredChannel: null,
    cadence: null,
    status: 'active',
    successorId: null,
    strategies: {},
    ...fields,
  }) as PersonRecord;
const boss = person({ id: 'p0', name: '李雷', title: '总经理' });
const buyer = person({ id: 'p1', name: '韩梅梅', reportsToId: 'p0' });

/** The person page opened by its address, as after a reload: nothing of the account is in the cache yet. */
function openPersonPage(colleagues: PersonRecord[]) {
  const api = {
    'people.get': vi.fn(async ({ id }: { id: string }) => [boss, buyer].find((p) => p.id === id)),
    'people.list': vi.fn(async () => colleagues),
    'people.history': vi.fn(async () => []),
    'accounts.get': vi.fn(async () => ({ ...meta, id: 'a1', name: '宁德时代' })),
    'members.list': vi.fn(async () => []),
    'touchpoints.list': vi.fn(async () => []),
    'followups.list': vi.fn(async () => []),
    'links.list': vi.fn(async () => []),
    'notes.list': vi.fn(async () => []),
    'strategies.list': vi.fn(async () => []),
  } as unknown as Api;
  renderPage({ api, locale: 'en', path: '/people/p1', route: '/people/:personId', element: <PersonView /> });
  return api;
}

describe('the person page', () => {
  // Opened from the account's page, the account's people were cached and the form's select had
  // its options when it mounted; opened by its address (or reloaded) they arrived after it, and
  // the select showed “Nobody” although the person reports to someone (asset-bank issue, item 5).
  it('shows whom the person reports to when opened by its address, once the colleagues arrive', async () => {
    const api = openPersonPage([boss, buyer]);
    const details = within(await screen.findByRole('form', { name: 'Details' }));
    const reportsTo = details.getByRole('combobox', { name: 'Reports to' }) as HTMLSelectElement;
    await waitFor(() => expect(api['people.list']).toHaveBeenCalled());
    await waitFor(() => expect(reportsTo.selectedOptions[0]?.textContent).toBe('李雷 · 总经理'));
    expect(reportsTo.value).toBe('p0');
  });

  it('shows a manager who is not among the colleagues (in the bin) as unknown, not as nobody', async () => {
    openPersonPage([buyer]);
    const details = within(await screen.findByRole('form', { name: 'Details' }));
    const reportsTo = details.getByRole('combobox', { name: 'Reports to' }) as HTMLSelectElement;
    await waitFor(() =>
      expect(
        within(reportsTo)
          .getAllByRole('option')
          .map((option) => option.textContent),
      ).toEqual(['Nobody', 'Unknown']),
    );
    expect(reportsTo.value).toBe('p0');
  });
});
