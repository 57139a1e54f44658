// @vitest-environment jsdom
/**
 * The attention inbox and the portfolio's health column against a fake Api: red alerts first in
 * Chinese, dismissing asks for a reason and sends it, and the health dot names its colour and
 * its top reason.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api, CallOutput } from '../../shared/contract';
import type { Locale } from '../../shared/i18n';
import { ApiProvider } from '../../renderer/api/context';
import { ToastProvider } from '../../renderer/components/Toasts';
import { createI18n } from '../../renderer/i18n';
import { HealthDot, InboxView, parseReason } from '../../renderer/views/inbox';
import { PortfolioTable } from '../../renderer/views/portfolio/PortfolioTable';
import { filterFromParams } from '../../renderer/views/portfolio/portfolioFilter';

afterEach(cleanup);

type Item = CallOutput<'alerts.inbox'>['items'][number];
const raised = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000).toISOString();
const item = (fields: Partial<Item>): Item => ({
  id: 'al1',
  accountId: 'a1',
  accountName: '宁德时代',
  rule: 'nps',
  colour: 'red',
  state: 'open',
  evidence: { key: 'health.reasons.nps.low', params: { nps: -20, count: 5 } },
  ownerId: 'm1',
  ownerName: '王芳',
  raisedAt: raised,
  planKind: null,
  interveneBy: null,
  openTasks: 2,
  mine: true,
  ...fields,
});

function renderWith(api: Record<string, unknown>, locale: Locale, ui: ReactNode) {
  render(
    <I18nextProvider i18n={createI18n(locale)}>
      <ApiProvider api={api as unknown as Api}>
        <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })}>
          <ToastProvider>
            <MemoryRouter>{ui}</MemoryRouter>
          </ToastProvider>
        </QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>,
  );
}

describe('the attention inbox', () => {
  const items = [
    item({}),
    item({
      id: 'al2',
      accountId: 'a2',
      accountName: '比亚迪',
      rule: 'csat',
      colour: 'yellow',
      evidence: { key: 'health.reasons.csat.low', params: { csat: 2.5, count: 3 } },
      ownerId: null,
      ownerName: null,
      openTasks: 0,
      mine: false,
    }),
  ];

  it('lists the alerts red first, worded in Chinese', async () => {
    renderWith({ 'alerts.inbox': vi.fn(async () => ({ items, openCount: 2, mineCount: 1 })) }, 'zh-CN', <InboxView />);
    const list = await screen.findByRole('list', { name: '未处理预警' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('红色预警');
    expect(rows[0]!.textContent).toContain('宁德时代');
    expect(rows[0]!.textContent).toContain('NPS 偏低：-20（5 份回答）。');
    expect(rows[0]!.textContent).toContain('负责人：王芳');
    expect(rows[0]!.textContent).toContain('3 天前发出');
    expect(rows[0]!.textContent).toContain('2 项计划任务未完成');
    expect(within(rows[0]!).getByRole('link', { name: '宁德时代' }).getAttribute('href')).toBe('/accounts/a1/organisation');
    expect(rows[1]!.textContent).toContain('黄色预警');
    expect(rows[1]!.textContent).toContain('无负责人');
  });

  it('asks for a reason before dismissing, and sends it', async () => {
    const update = vi.fn(async (input: { id: string }) => ({ ...input }));
    renderWith({ 'alerts.inbox': vi.fn(async () => ({ items, openCount: 2, mineCount: 1 })), 'alerts.update': update }, 'zh-CN', <InboxView />);
    const list = await screen.findByRole('list', { name: '未处理预警' });
    const first = within(list).getAllByRole('listitem')[0]!;
    fireEvent.click(within(first).getByRole('button', { name: '忽略' }));

    const dialog = await screen.findByRole('dialog', { name: '忽略宁德时代的预警' });
    fireEvent.click(within(dialog).getByRole('button', { name: '忽略预警' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('请填写忽略预警的原因。');
    expect(update).not.toHaveBeenCalled();

    fireEvent.change(within(dialog).getByLabelText(/忽略的原因/), { target: { value: '客户已更换采购负责人，数据待更新' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '忽略预警' }));
    await waitFor(() => expect(update).toHaveBeenCalledWith({ id: 'al1', state: 'dismissed', stateReason: '客户已更换采购负责人，数据待更新' }));
    expect(await screen.findByText('已忽略“宁德时代”的预警。')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});

describe('the portfolio health column', () => {
  const reason = JSON.stringify({ key: 'health.reasons.nps.low', params: { nps: -20, count: 5 } });

  it('is a sortable column of the table', () => {
    const onSort = vi.fn();
    // jsdom does not scroll; the table scrolls to the top for a new filter.
    HTMLElement.prototype.scrollTo ??= () => {};
    renderWith(
      { 'portfolio.list': vi.fn(async () => ({ total: 0, rows: [] })) },
      'en',
      <PortfolioTable filter={filterFromParams(new URLSearchParams())} total={0} onSort={onSort} />,
    );
    fireEvent.click(within(screen.getByRole('columnheader', { name: 'Health' })).getByRole('button'));
    expect(onSort).toHaveBeenCalledWith('health');
  });

  it('shows a dot that names its colour and, as its title, the top reason (the row’s JSON text)', () => {
    renderWith({}, 'en', <HealthDot colour="red" score={42} reason={parseReason(reason)} />);
    const dot = screen.getByRole('img', { name: 'Red, score 42' });
    expect(dot.getAttribute('title')).toBe('NPS is low: -20 (5 answers).');
    cleanup();

    renderWith({}, 'zh-CN', <HealthDot colour="yellow" score={61} reason={parseReason('{not json')} />);
    const other = screen.getByRole('img', { name: '黄色，健康分 61' });
    expect(other.getAttribute('title')).toBeNull();
  });
});
