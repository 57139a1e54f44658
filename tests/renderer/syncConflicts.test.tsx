// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../shared/contract';
import type { Locale } from '../../shared/i18n';
import { createApi } from '../../renderer/api/client';
import { ApiProvider } from '../../renderer/api/context';
import { createEventHub } from '../../renderer/api/events';
import { useLiveData } from '../../renderer/views/queries';
import { ToastProvider } from '../../renderer/components/Toasts';
import { createI18n } from '../../renderer/i18n';
import { syncRoutes } from '../../renderer/views/sync';
import type { Conflict, OrphanedChange, SyncStatus } from '../../renderer/views/sync/syncQueries';

afterEach(cleanup);

const here = 'a1b2c3d4e5f60718';
const there = 'ffeeddccbbaa0099';
const status = {
  state: 'idle',
  shareDir: '/mnt/share',
  deviceId: here,
  lastSyncAt: null,
  lastSummary: null,
  pendingLocal: 0,
  openConflicts: 1,
  stuck: [],
  clockSkewMs: 0,
  progress: null,
  lastError: null,
} satisfies SyncStatus;
const conflict: Conflict = {
  table: 'accounts',
  rowId: 'acc-1',
  field: 'name',
  recordLabel: '华为终端',
  current: { value: '华为终端', clock: 'c-here', device: here, at: '2026-03-01T09:30:00.000Z' },
  others: [{ value: '华为技术有限公司', clock: 'c-there', device: there, at: '2026-03-01T09:29:00.000Z' }],
};

/** What the app's shell mounts: the views follow what changed. */
function Live() {
  useLiveData();
  return null;
}

function renderConflicts(list: Conflict[][], resolved = true, locale: Locale = 'zh-CN', orphans: OrphanedChange[] = []) {
  let call = 0;
  const api = {
    'sync.status': vi.fn(async () => status),
    'conflicts.list': vi.fn(async () => list[Math.min(call++, list.length - 1)]),
    'conflicts.resolve': vi.fn(async () => ({ resolved })),
    'conflicts.orphans': vi.fn(async () => orphans),
  };
  // The real client over a bridge that answers as the app does: an envelope naming the areas a write changed.
  const changedBy: Record<string, string[]> = { 'conflicts.resolve': ['conflicts', 'accounts'] };
  const bridge = Object.fromEntries(
    Object.entries(api).map(([method, fn]) => [
      method,
      async (input: never) => ({ ok: true, value: await (fn as (input: never) => Promise<unknown>)(input), changed: changedBy[method] }),
    ]),
  );
  const events = createEventHub();
  const client = createApi(
    bridge as never,
    () => locale,
    (areas) => events.publish({ type: 'data.changed', areas }),
  );
  const router = createMemoryRouter(syncRoutes, { initialEntries: ['/conflicts'] });
  render(
    <I18nextProvider i18n={createI18n(locale)}>
      <ApiProvider api={client as Api} events={events}>
        <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })}>
          <ToastProvider>
            <Live />
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

  it('shows both values with their device and field, and restoring sends the other value’s clock and value', async () => {
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
    // The value too: after a cloned laptop two values can share one clock.
    expect(api['conflicts.resolve']).toHaveBeenCalledWith({ table: 'accounts', rowId: 'acc-1', field: 'name', keep: 'c-there', value: '华为技术有限公司' });
    expect(await screen.findByText(/^没有冲突。/)).toBeTruthy();
  });

  it('keeping sends the current clock and value; a conflict settled meanwhile is said so', async () => {
    const api = renderConflicts([[conflict], []], false, 'en');
    const item = await screen.findByRole('listitem', { name: '华为终端' });
    fireEvent.click(within(item).getByRole('button', { name: 'Keep this' }));
    expect(await screen.findByText('This conflict was already settled (perhaps by a sync meanwhile).')).toBeTruthy();
    expect(api['conflicts.resolve']).toHaveBeenCalledWith({ table: 'accounts', rowId: 'acc-1', field: 'name', keep: 'c-here', value: '华为终端' });
  });
});

const orphans: OrphanedChange[] = [
  {
    table: 'accounts',
    rowId: 'acc-gone',
    field: 'name',
    value: JSON.stringify('华为终端（旧）'),
    clock: `0mabc00000000${there}`,
    at: '2026-03-02T08:15:00.000Z',
    device: there,
  },
  {
    table: 'person_notes',
    rowId: 'note-gone',
    field: 'body',
    value: JSON.stringify('下次拜访带上样品'),
    clock: `0mabc00010000${here}`,
    at: '2026-03-03T10:00:00.000Z',
    device: here,
  },
];

describe('ConflictsView: changes to records emptied from the bin', () => {
  it('lists each kept change with its record kind, id, field, value, time and device', async () => {
    const api = renderConflicts([[]], true, 'en', orphans);
    const section = await screen.findByRole('region', { name: 'Changes to records emptied from the bin' });
    expect(within(section).getByText(/^These changes came from a laptop that was away while the record was emptied from the bin\./)).toBeTruthy();
    const table = within(section).getByRole('table', { name: 'Changes to records emptied from the bin' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Kind', 'Record id', 'Field', 'Value', 'When', 'Device']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const account = within(rows[0]!)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(account.slice(0, 4)).toEqual(['Account', 'acc-gone', 'Name', '华为终端（旧）']);
    expect(account[5]).toBe(there);
    expect(rows[0]!.querySelector('time')?.getAttribute('dateTime')).toBe('2026-03-02T08:15:00.000Z');
    const note = within(rows[1]!)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(note.slice(0, 4)).toEqual(['Private note', 'note-gone', expect.any(String), '下次拜访带上样品']);
    // This laptop's own change says so once the status (with this device's id) has arrived.
    await waitFor(() => expect(within(rows[1]!).getAllByRole('cell')[5]!.textContent).toBe('This device'));
    // The conflicts above are still said to be none.
    expect(screen.getByText(/^No conflicts\./)).toBeTruthy();
    expect(api['conflicts.orphans']).toHaveBeenCalledWith({});
  });

  it('is in Chinese for a Chinese reader', async () => {
    renderConflicts([[]], true, 'zh-CN', orphans.slice(0, 1));
    const section = await screen.findByRole('region', { name: '对已从回收站清除的记录所做的修改' });
    expect(
      within(section)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['记录类型', '记录 ID', '字段', '值', '时间', '设备']);
    expect(within(section).getAllByRole('cell')[0]!.textContent).toBe('客户');
  });

  it('is not shown when nothing was kept aside', async () => {
    const api = renderConflicts([[conflict]], true, 'en', []);
    await screen.findByRole('listitem', { name: '华为终端' });
    await waitFor(() => expect(api['conflicts.orphans']).toHaveBeenCalled());
    // Let the (empty) answer arrive and render.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.queryByRole('region', { name: 'Changes to records emptied from the bin' })).toBeNull();
    expect(screen.queryByText('Changes to records emptied from the bin')).toBeNull();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
