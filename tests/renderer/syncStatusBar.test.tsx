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
import { createEventHub, type EventHub } from '../../renderer/api/events';
import { useLiveData } from '../../renderer/views/queries';
import { ToastProvider } from '../../renderer/components/Toasts';
import { createI18n } from '../../renderer/i18n';
import { SyncStatusBar } from '../../renderer/views/sync';
import { useSyncEvents, type SyncStatus, type SyncSummary } from '../../renderer/views/sync/syncQueries';
import { StuckCode } from '../../shared/sync';

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
  stuck: [],
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
  stuck: [],
});

/** A view elsewhere on the page: counts how often its data is fetched. */
function OtherView({ fetches }: { fetches: () => number }) {
  useQuery({ queryKey: ['accounts', 'list', 'active'], queryFn: fetches });
  return null;
}

/** What the app's shell mounts: the views follow the app's events. */
function Live() {
  useLiveData();
  useSyncEvents();
  return null;
}

function renderBar(api: Partial<Api>, { locale = 'en', other, events = createEventHub() }: { locale?: Locale; other?: () => number; events?: EventHub } = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <I18nextProvider i18n={createI18n(locale)}>
      <ApiProvider api={api as Api} events={events}>
        <QueryClientProvider client={queryClient}>
          <ToastProvider>
            <MemoryRouter>
              <Live />
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

  it('lists every way sync cannot go on with its reason, since when and what to do, in both languages', async () => {
    const params = {
      device: 'LAPTOP-WANG (3f2a9c1b)',
      seq: 7,
      path: 'devices/3f2a9c1b00000000/seg-0000000007-0badf00d.rseg',
      onDevice: 'LAPTOP-LI (77aa0012)',
      onSeq: 3,
      reason: 'truncated: no footer line',
      tries: 4,
      appVersion: '0.1.0',
      minAppVersion: '0.3.0',
      pending: 12,
      file: 'rapport-share.json',
      version: 2,
    };
    // Every state the engine and the service can report (the enum is the one both sides share).
    const stuck = StuckCode.options.map((code, i) => ({ code, since: minutesAgo(10 + i), params }));
    for (const locale of ['en', 'zh-CN'] as const) {
      const bar = renderBar(statusApi({ lastSyncAt: minutesAgo(1), stuck }), { locale });
      const summary = await bar.findByText(locale === 'en' ? `${stuck.length} problems stop sync` : `${stuck.length} 个问题使同步无法继续`);
      expect(summary.tagName).toBe('SUMMARY');
      const items = bar.getAllByRole('listitem');
      expect(items.map((li) => li.getAttribute('data-code'))).toEqual(StuckCode.options);
      for (const item of items) {
        const [reason, remedy] = item.querySelectorAll('p');
        // Worded, not a raw key; the reason and the remedy are two different sentences.
        expect(reason!.textContent).not.toMatch(/sync\.stuck|\{\{/);
        expect(remedy!.textContent).not.toMatch(/sync\.stuck|\{\{/);
        expect(remedy!.textContent!.length).toBeGreaterThan(20);
        expect(item.querySelector('time')!.getAttribute('dateTime')).toBe(stuck.find((s) => s.code === item.getAttribute('data-code'))!.since);
      }
      if (locale === 'en') {
        expect(bar.getByText('Waiting for change file 7 of LAPTOP-WANG (3f2a9c1b): it has not reached this computer.')).toBeTruthy();
        expect(bar.getByText(/This version of Rapport \(0\.1\.0\) may only read this share: writing needs version 0\.3\.0 or newer\./)).toBeTruthy();
        expect(bar.getByText(/Update Rapport\. What you changed here \(12 records\) is kept/, { selector: 'li[data-code="read_only_app"] p' })).toBeTruthy();
        expect(within(items[0]!).getByText(/\(since 10 minutes ago\)/)).toBeTruthy();
      } else {
        expect(bar.getByText('正在等待 LAPTOP-WANG (3f2a9c1b) 的第 7 号更改文件：它还没有到达这台电脑。')).toBeTruthy();
      }
      cleanup();
    }
  });

  it('says when the share’s lost format file was written again', async () => {
    const bar = renderBar(statusApi({ lastSyncAt: minutesAgo(1), lastSummary: { ...summary(0), formatRecreated: true } }));
    const item = await bar.findByText('Share format file restored');
    expect(item.getAttribute('title')).toMatch(/format file was missing/);
  });

  it('after a round that applied changes, refetches the other views’ data', async () => {
    let status: SyncStatus = { ...idle, lastSyncAt: minutesAgo(3), lastSummary: summary(0) };
    const events = createEventHub();
    // As the core does: the round's end is told as the status and the areas it changed, then the call answers.
    const run = vi.fn(async () => {
      status = { ...idle, lastSyncAt: new Date().toISOString(), lastSummary: summary(4) };
      events.publish({ type: 'sync.status', status });
      events.publish({ type: 'data.changed', areas: ['accounts'] });
      return summary(4);
    });
    let fetches = 0;
    const statusCall = vi.fn(async () => status);
    const bar = renderBar({ 'sync.status': statusCall, 'sync.run': run }, { other: () => ++fetches, events });
    await bar.findByText('Synced 3 minutes ago');
    await waitFor(() => expect(fetches).toBe(1));

    fireEvent.click(bar.getByRole('button', { name: 'Sync now' }));
    expect(await bar.findByText('Synced just now')).toBeTruthy();
    await waitFor(() => expect(fetches).toBe(2));
    expect(run).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('Sync finished: 0 changes shared, 4 received.')).toBeTruthy();
    // The status came with the event: fetched once, never polled.
    expect(statusCall).toHaveBeenCalledTimes(1);
  });

  it('a change to areas no view on screen shows refetches nothing', async () => {
    const events = createEventHub();
    let fetches = 0;
    const bar = renderBar(statusApi({ lastSyncAt: minutesAgo(3) }), { other: () => ++fetches, events });
    await bar.findByText('Synced 3 minutes ago');
    await waitFor(() => expect(fetches).toBe(1));
    events.publish({ type: 'data.changed', areas: ['followups'] });
    events.publish({ type: 'data.changed', areas: ['accounts'] });
    await waitFor(() => expect(fetches).toBe(2));
  });

  it('a round that finds the share gone is reported in the service’s calm words, not as an error', async () => {
    let status: SyncStatus = { ...idle, lastSyncAt: minutesAgo(3) };
    const message = 'The share “/mnt/share/rapport” cannot be reached. Your work is saved on this laptop and will sync when the share is back.';
    const events = createEventHub();
    const run = vi.fn(async () => {
      status = { ...status, state: 'unreachable' };
      events.publish({ type: 'sync.status', status });
      throw new ApiError({ code: 'unavailable', message });
    });
    const bar = renderBar({ 'sync.status': vi.fn(async () => status), 'sync.run': run }, { events });
    fireEvent.click(await bar.findByRole('button', { name: 'Sync now' }));
    expect(await bar.findByText('Share unreachable — your work is saved on this laptop')).toBeTruthy();
    const toast = await screen.findByText(message);
    expect(toast.closest('[data-tone]')?.getAttribute('data-tone')).toBe('info');
  });
});
