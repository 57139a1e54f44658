// @vitest-environment jsdom
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../shared/contract';
import type { Locale } from '../../shared/i18n';
import { ApiError } from '../../renderer/api/client';
import { ApiProvider } from '../../renderer/api/context';
import { ToastProvider } from '../../renderer/components/Toasts';
import { createI18n } from '../../renderer/i18n';
import { SyncStatusBar } from '../../renderer/views/sync';
import type { SyncStatus, SyncSummary } from '../../renderer/views/sync/syncQueries';

afterEach(cleanup);

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const idle: SyncStatus = {
  state: 'idle',
  shareDir: '/mnt/share/rapport',
  deviceId: 'a1b2c3d4e5f60718',
  lastSyncAt: null,
  lastSummary: null,
  pendingLocal: 0,
  openConflicts: 0,
  quarantined: [],
  clockSkewMs: 0,
  progress: null,
  lastError: null,
};

const summary = (applied: number): SyncSummary => ({
  deviceId: idle.deviceId,
  published: 0,
  applied,
  segmentsApplied: applied > 0 ? 1 : 0,
  conflicts: 0,
  quarantined: 0,
  waiting: 0,
  pendingLocal: 0,
  clockSkewMs: 0,
  readOnly: false,
});

/** A view elsewhere on the page: counts how often its data is fetched. */
function OtherView({ fetches }: { fetches: () => number }) {
  useQuery({ queryKey: ['accounts', 'list', 'active'], queryFn: fetches });
  return null;
}

function renderBar(api: Partial<Api>, { locale = 'en', other }: { locale?: Locale; other?: () => number } = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <I18nextProvider i18n={createI18n(locale)}>
      <ApiProvider api={api as Api}>
        <QueryClientProvider client={queryClient}>
          <ToastProvider>
            <MemoryRouter>
              {other && <OtherView fetches={other} />}
              <SyncStatusBar />
            </MemoryRouter>
          </ToastProvider>
        </QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>,
  );
  return within(screen.getByRole('contentinfo', { name: locale === 'en' ? 'Sync' : '同步' }));
}

const statusApi = (status: Partial<SyncStatus>): Partial<Api> => ({ 'sync.status': vi.fn(async () => ({ ...idle, ...status })) });

describe('SyncStatusBar', () => {
  it('when sync is off, says so and leads to Settings, without a sync button', async () => {
    const bar = renderBar(statusApi({ state: 'off', shareDir: null }), { locale: 'zh-CN' });
    expect(await bar.findByText('同步已关闭：您的工作只保存在本机。')).toBeTruthy();
    expect(bar.getByRole('link', { name: '设置同步' }).getAttribute('href')).toBe('/settings');
    expect(bar.queryByRole('button', { name: '立即同步' })).toBeNull();
  });

  it('shows the last sync relative to now, what waits to be shared, and the conflicts as a link', async () => {
    const bar = renderBar(statusApi({ lastSyncAt: minutesAgo(5), pendingLocal: 12, openConflicts: 2 }));
    expect(await bar.findByText('Synced 5 minutes ago')).toBeTruthy();
    const pending = bar.getByText('Changes not yet shared');
    expect(pending.getAttribute('title')).toBe('12 field changes made on this computer wait for the next sync.');
    expect(bar.getByRole('link', { name: '2 conflicts to review' }).getAttribute('href')).toBe('/conflicts');
    expect(bar.getByRole('button', { name: 'Sync now' })).toBeTruthy();
  });

  it('in Chinese, says "just now" and words the conflict count', async () => {
    const bar = renderBar(statusApi({ lastSyncAt: minutesAgo(0), openConflicts: 1 }), { locale: 'zh-CN' });
    expect(await bar.findByText('上次同步：刚刚')).toBeTruthy();
    expect(bar.getByRole('link', { name: '1 个冲突待处理' })).toBeTruthy();
  });

  it('shows a running round’s progress and disables "Sync now"', async () => {
    const bar = renderBar(statusApi({ state: 'syncing', progress: { phase: 'apply', done: 3, total: 10 } }));
    const progress = await bar.findByRole('progressbar', { name: 'Sync progress' });
    expect(progress.getAttribute('value')).toBe('3');
    expect(progress.getAttribute('max')).toBe('10');
    expect(bar.getByText('applying: 3 of 10')).toBeTruthy();
    expect((bar.getByRole('button', { name: 'Sync now' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('says plainly that an unreachable share is fine for now: no alert, work is saved here', async () => {
    const bar = renderBar(statusApi({ state: 'unreachable', lastSyncAt: minutesAgo(90) }));
    const line = await bar.findByText('Share unreachable — your work is saved on this laptop');
    expect(line.closest('[data-tone]')?.getAttribute('data-tone')).toBe('calm');
    expect(bar.getByText('last synced 2 hours ago')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect((bar.getByRole('button', { name: 'Sync now' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('warns about a clock more than five minutes off, and not about a small one', async () => {
    const bar = renderBar(statusApi({ lastSyncAt: minutesAgo(1), clockSkewMs: 7 * 60_000 }));
    expect(await bar.findByText('Clock differs by 7 minutes')).toBeTruthy();
    cleanup();
    const calm = renderBar(statusApi({ lastSyncAt: minutesAgo(1), clockSkewMs: 2 * 60_000 }));
    await calm.findByText('Synced 1 minute ago');
    expect(calm.queryByText(/Clock differs/)).toBeNull();
  });

  it('counts files set aside and lists them in the details', async () => {
    const quarantined = [
      { path: 'devices/x/000001.seg', reason: 'checksum mismatch', tries: 3 },
      { path: 'devices/y/000007.seg', reason: 'truncated', tries: 1 },
    ];
    const bar = renderBar(statusApi({ lastSyncAt: minutesAgo(1), quarantined }));
    const summary = await bar.findByText('2 files set aside');
    expect(summary.tagName).toBe('SUMMARY');
    expect(bar.getByText('devices/x/000001.seg — checksum mismatch (tried 3×)')).toBeTruthy();
  });

  it('after a round that applied changes, refetches the other views’ data', async () => {
    let status: SyncStatus = { ...idle, lastSyncAt: minutesAgo(3), lastSummary: summary(0) };
    const run = vi.fn(async () => {
      status = { ...idle, lastSyncAt: new Date().toISOString(), lastSummary: summary(4) };
      return summary(4);
    });
    let fetches = 0;
    const bar = renderBar({ 'sync.status': vi.fn(async () => status), 'sync.run': run }, { other: () => ++fetches });
    await bar.findByText('Synced 3 minutes ago');
    await waitFor(() => expect(fetches).toBe(1));

    fireEvent.click(bar.getByRole('button', { name: 'Sync now' }));
    expect(await bar.findByText('Synced just now')).toBeTruthy();
    await waitFor(() => expect(fetches).toBe(2));
    expect(run).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('Sync finished: 0 changes shared, 4 received.')).toBeTruthy();
  });

  it('a round that finds the share gone is reported in the service’s calm words, not as an error', async () => {
    let status: SyncStatus = { ...idle, lastSyncAt: minutesAgo(3) };
    const message = 'The share “/mnt/share/rapport” cannot be reached. Your work is saved on this laptop and will sync when the share is back.';
    const run = vi.fn(async () => {
      status = { ...status, state: 'unreachable' };
      throw new ApiError({ code: 'unavailable', message });
    });
    const bar = renderBar({ 'sync.status': vi.fn(async () => status), 'sync.run': run });
    fireEvent.click(await bar.findByRole('button', { name: 'Sync now' }));
    expect(await bar.findByText('Share unreachable — your work is saved on this laptop')).toBeTruthy();
    const toast = await screen.findByText(message);
    expect(toast.closest('[data-tone]')?.getAttribute('data-tone')).toBe('info');
  });
});
