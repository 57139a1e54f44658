// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../shared/contract';
import type { Locale } from '../../shared/i18n';
import { ApiProvider } from '../../renderer/api/context';
import { ToastProvider } from '../../renderer/components/Toasts';
import { createI18n } from '../../renderer/i18n';
import { syncRoutes } from '../../renderer/views/sync';
import type { Conflict, SyncStatus } from '../../renderer/views/sync/syncQueries';

afterEach(cleanup);

const here = 'a1b2c3d4e5f60718';
const there = 'ffeeddccbbaa0099';
const status = { state: 'idle', shareDir: '/mnt/share', deviceId: here, lastSyncAt: null, lastSummary: null, pendingLocal: 0, openConflicts: 1, quarantined: [], clockSkewMs: 0, progress: null, lastError: null } satisfies SyncStatus;
const conflict: Conflict = {
  table: 'accounts',
  rowId: 'acc-1',
  field: 'name',
  recordLabel: '华为终端',
  current: { value: '华为终端', clock: 'c-here', device: here, at: '2026-03-01T09:30:00.000Z' },
  others: [{ value: '华为技术有限公司', clock: 'c-there', device: there, at: '2026-03-01T09:29:00.000Z' }],
};

function renderConflicts(list: Conflict[][], resolved = true, locale: Locale = 'zh-CN') {
  let call = 0;
  const api = {
    'sync.status': vi.fn(async () => status),
    'conflicts.list': vi.fn(async () => list[Math.min(call++, list.length - 1)]),
    'conflicts.resolve': vi.fn(async () => ({ resolved })),
  };
  const router = createMemoryRouter(syncRoutes, { initialEntries: ['/conflicts'] });
  render(
    <I18nextProvider i18n={createI18n(locale)}>
      <ApiProvider api={api as unknown as Api}>
        <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })}>
          <ToastProvider>
            <RouterProvider router={router} />
          </ToastProvider>
        </QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>,
  );
  return api;
}

describe('ConflictsView', () => {
  it('says there is nothing to settle when there is nothing', async () => {
    renderConflicts([[]], true, 'en');
    expect(await screen.findByText(/^No conflicts\./)).toBeTruthy();
  });

  it('shows both values with their device and field, and restoring sends the other value’s clock', async () => {
    const api = renderConflicts([[conflict], []]);
    const item = await screen.findByRole('listitem', { name: '华为终端' });
    expect(within(item).getByText('客户 · 名称')).toBeTruthy();
    const current = within(item).getByRole('listitem', { name: '当前值 华为终端' });
    const other = within(item).getByRole('listitem', { name: '另一个值 华为技术有限公司' });
    // "This device" once the status (with this device's id) has arrived.
    await waitFor(() => expect(current.textContent).toContain('（本设备）'));
    expect(other.textContent).toContain(`（设备 ${there}）`);

    fireEvent.click(within(other).getByRole('button', { name: '恢复此值' }));
    expect(await screen.findByText('已恢复“华为技术有限公司”。')).toBeTruthy();
    expect(api['conflicts.resolve']).toHaveBeenCalledWith({ table: 'accounts', rowId: 'acc-1', field: 'name', keep: 'c-there' });
    expect(await screen.findByText(/^没有冲突。/)).toBeTruthy();
  });

  it('keeping sends the current clock; a conflict settled meanwhile is said so', async () => {
    const api = renderConflicts([[conflict], []], false, 'en');
    const item = await screen.findByRole('listitem', { name: '华为终端' });
    fireEvent.click(within(item).getByRole('button', { name: 'Keep this' }));
    expect(await screen.findByText('This conflict was already settled (perhaps by a sync meanwhile).')).toBeTruthy();
    expect(api['conflicts.resolve']).toHaveBeenCalledWith({ table: 'accounts', rowId: 'acc-1', field: 'name', keep: 'c-here' });
  });
});
