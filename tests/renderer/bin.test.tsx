// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../shared/contract';
import type { Locale } from '../../shared/i18n';
import { ApiError } from '../../renderer/api/client';
import { ApiProvider } from '../../renderer/api/context';
import { ToastProvider } from '../../renderer/components/Toasts';
import { createI18n } from '../../renderer/i18n';
import type { Account } from '../../renderer/views/accountQueries';
import { AccountBin } from '../../renderer/views/portfolio/AccountBin';
import type { Member } from '../../renderer/views/queries';
import { TeamSection } from '../../renderer/views/team/TeamSection';

afterEach(cleanup);

const DAY = 24 * 60 * 60 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();
const now = Date.now();
const EXPIRED_MESSAGE = '此记录在回收站中已超过 30 天，无法再恢复或修改，同步会将其从回收站彻底清除。';

/** What the app shows for an instant: the reader's medium date and short time (renderer/format.ts). */
const shown = (ms: number, locale: Locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));

// Only the fields the bins read.
const recent = { id: 'a-recent', name: '华为技术', createdAt: iso(now - 60 * DAY), updatedAt: iso(now - 10 * DAY), deletedAt: iso(now - 10 * DAY) } as Account;
const old = { id: 'a-old', name: '中兴通讯', createdAt: iso(now - 90 * DAY), updatedAt: iso(now - 40 * DAY), deletedAt: iso(now - 40 * DAY) } as Account;

function renderWith(api: Record<string, unknown>, locale: Locale, ui: ReactNode) {
  render(
    <I18nextProvider i18n={createI18n(locale)}>
      <ApiProvider api={api as unknown as Api}>
        <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })}>
          <ToastProvider>{ui}</ToastProvider>
        </QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>,
  );
}

describe('the account bin', () => {
  it('says how long records stay, and until when each one can be restored', async () => {
    renderWith({ 'accounts.list': vi.fn(async () => [recent, old]) }, 'en', <AccountBin />);
    const list = await screen.findByRole('list', { name: 'Bin' });
    expect(
      screen.getByText(
        'Records stay in the bin for 30 days after their last change; after that they can no longer be restored and sync empties them for good.',
      ),
    ).toBeTruthy();
    const recentRow = within(list).getByText('华为技术').closest('li')!;
    const oldRow = within(list).getByText('中兴通讯').closest('li')!;
    expect(recentRow.textContent).toContain(`Restorable until ${shown(now + 20 * DAY, 'en')}`);
    expect(oldRow.textContent).toContain(`No longer restorable since ${shown(now - 10 * DAY, 'en')}`);
  });

  it('shows the store’s words when a restore is refused because the record is past its date', async () => {
    const restore = vi.fn(async () => {
      throw new ApiError({ code: 'conflict', message: EXPIRED_MESSAGE });
    });
    renderWith({ 'accounts.list': vi.fn(async () => [old]), 'accounts.restore': restore }, 'zh-CN', <AccountBin />);
    expect(await screen.findByText(/^记录在最后一次修改后会在回收站中保留 30 天/)).toBeTruthy();
    const row = (await screen.findByText('中兴通讯')).closest('li')!;
    expect(row.textContent).toContain(`已过恢复期限（${shown(now - 10 * DAY, 'zh-CN')}）`);
    fireEvent.click(within(row).getByRole('button', { name: '恢复' }));
    expect(await screen.findByText(EXPIRED_MESSAGE)).toBeTruthy();
    expect(restore).toHaveBeenCalledWith({ id: 'a-old' });
  });
});

describe('the team members’ bin', () => {
  it('says how long records stay and until when each member can be restored', async () => {
    const member = {
      id: 'm1',
      name: '陈晓明',
      role: 'rep',
      email: null,
      active: true,
      createdAt: iso(now - 20 * DAY),
      updatedAt: iso(now - 5 * DAY),
      deletedAt: iso(now - 5 * DAY),
    } as Member;
    const list = vi.fn(async ({ state }: { state: string }) => (state === 'deleted' ? [member] : []));
    renderWith({ 'members.list': list }, 'zh-CN', <TeamSection />);
    fireEvent.click(screen.getByRole('button', { name: '回收站' }));
    const bin = await screen.findByRole('list', { name: '回收站' });
    expect(screen.getByText('记录在最后一次修改后会在回收站中保留 30 天；超过期限后将无法恢复，同步会将其彻底清除。')).toBeTruthy();
    expect(within(bin).getByRole('listitem').textContent).toContain(`可恢复至 ${shown(now + 25 * DAY, 'zh-CN')}`);
    expect(list).toHaveBeenCalledWith({ state: 'deleted' });
  });
});
