// @vitest-environment jsdom
/**
 * The health dashboard and the account page's health charts against a fake Api: each chart is a
 * named image with a table of its numbers (in Chinese and in English), the "fell most" lists link
 * to their accounts, and charts without data say so instead of drawing empty axes.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api, CallOutput } from '../../shared/contract';
import type { Locale } from '../../shared/i18n';
import { ApiProvider } from '../../renderer/api/context';
import { createI18n } from '../../renderer/i18n';
import { AccountHealthCharts, DashboardView } from '../../renderer/views/dashboard';

afterEach(cleanup);

type Dashboard = CallOutput<'health.dashboard'>;
const c = (green: number, yellow: number, red: number, none = 0) => ({ green, yellow, red, none });

const portfolio: NonNullable<Dashboard['portfolio']> = {
  total: 6,
  colours: c(3, 2, 1),
  tiers: [
    { tier: 'strategic', colours: c(1, 0, 1) },
    { tier: 'key', colours: c(1, 1, 0) },
    { tier: 'growth', colours: c(1, 1, 0) },
    { tier: 'standard', colours: c(0, 0, 0) },
  ],
  funnel: [
    { stage: 'prospect', colours: c(1, 0, 0) },
    { stage: 'development', colours: c(0, 1, 0) },
    { stage: 'growth', colours: c(1, 1, 0) },
    { stage: 'maturity', colours: c(1, 0, 1) },
    { stage: 'decline', colours: c(0, 0, 0) },
  ],
  fell30: [{ accountId: 'a1', name: '宁德时代', scoreThen: 90, scoreNow: 40, colourNow: 'red' }],
  fell90: [],
};

const indicator = {
  code: 'purchases_down' as const,
  value: 3,
  threshold: 3,
  status: 'alert' as const,
  applicable: true,
  weight: 3,
  points: 0,
  reason: { key: 'health.reasons.purchases_down.steady', params: {} },
  details: [],
  evidenceKey: null,
};
const months = (count: number, last: string) =>
  Array.from({ length: count }, (_, i) => {
    const [y, m] = last.split('-').map(Number) as [number, number];
    const d = new Date(Date.UTC(y, m - 1 - (count - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
const account = (withData: boolean): NonNullable<Dashboard['account']> => ({
  accountId: 'a1',
  healthOverTime: months(12, '2026-06').map((month, i) => ({ month, asOf: `${month}-28T00:00:00.000Z`, score: 50 + i, colour: i > 9 ? 'red' : 'green' })),
  purchases: {
    currency: withData ? 'CNY' : null,
    months: months(24, '2026-05').map((month, i) => ({ month, amount: withData && i === 23 ? 120_000 : 0, trend: withData ? (i === 23 ? 40_000 : 0) : null })),
  },
  requests: months(12, '2026-06').map((month, i) => ({ month, count: withData && i === 11 ? 2 : 0, complaints: withData && i === 11 ? 1 : 0 })),
  satisfaction: ['2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'].map((quarter, i) => ({
    quarter,
    nps: withData && i === 7 ? 33 : null,
    npsAnswers: withData && i === 7 ? 3 : 0,
    csat: withData && i === 7 ? 3.5 : null,
    csatAnswers: withData && i === 7 ? 2 : 0,
  })),
  health: {
    accountId: 'a1',
    asOf: '2026-06-15T00:00:00.000Z',
    score: 61,
    colour: 'red',
    plan: 'intervention',
    indicators: withData ? [indicator] : [],
    topIndicator: null,
    topReason: { key: 'health.reasons.none', params: {} },
  },
});

function show(locale: Locale, ui: React.ReactNode, answer: Dashboard) {
  const api = { 'health.dashboard': vi.fn(async () => answer) } as unknown as Api;
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <I18nextProvider i18n={createI18n(locale)}>
      <ApiProvider api={api}>
        <QueryClientProvider client={queryClient}>
          <MemoryRouter>{ui}</MemoryRouter>
        </QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>,
  );
  return api;
}

const table = async (name: string) => within(await screen.findByRole('table', { name }));
const cells = (t: ReturnType<typeof within>, header: string) =>
  within(t.getByRole('rowheader', { name: header }).closest('tr')!)
    .getAllByRole('cell')
    .map((cell) => cell.textContent);

describe('the health dashboard', () => {
  it('draws the portfolio in Chinese, each chart with its table', async () => {
    show('zh-CN', <DashboardView />, { portfolio, account: null });
    expect(await screen.findByRole('heading', { name: '健康看板' })).toBeTruthy();
    expect(await screen.findByRole('img', { name: '客户健康颜色分布' })).toBeTruthy();
    expect(cells(await table('表格：客户健康颜色分布'), '绿色')).toEqual(['3']);
    expect(cells(await table('表格：客户分级 × 健康度'), '战略客户').length).toBe(4);
    const funnel = await table('表格：生命周期漏斗');
    expect(funnel.getAllByRole('rowheader').length).toBe(5);
    const fell = within(screen.getByRole('region', { name: '近 30 天下降最多' }));
    expect(fell.getByRole('link', { name: '宁德时代' }).getAttribute('href')).toBe('/accounts/a1');
    expect(within(screen.getByRole('region', { name: '近 90 天下降最多' })).getByText('这段时间没有客户的健康分下降。')).toBeTruthy();
  });

  it('draws it in English, and says when there are no accounts', async () => {
    show('en', <DashboardView />, { portfolio, account: null });
    const matrix = await table('Table: Tier × health');
    expect(cells(matrix, 'Strategic')).toEqual(['1', '0', '1', '2']);
    expect(cells(await table('Table: Lifecycle funnel'), 'Maturity')).toEqual(['2', '1', '0', '1']);
    cleanup();
    show('en', <DashboardView />, { portfolio: { ...portfolio, total: 0, colours: c(0, 0, 0) }, account: null });
    expect(await screen.findByText('No accounts yet: the dashboard fills in as accounts are added.')).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
  });
});

describe('an account’s health charts', () => {
  it('shows each series as a table in Chinese', async () => {
    show('zh-CN', <AccountHealthCharts accountId="a1" />, { portfolio: null, account: account(true) });
    const health = await table('表格：每月末健康分');
    expect(health.getAllByRole('rowheader').length).toBe(12);
    expect(cells(health, '2026年6月')).toEqual(['61', '红色']);
    expect(screen.getByRole('img', { name: '月度采购额（CNY）' })).toBeTruthy();
    expect(cells(await table('表格：月度采购额（CNY）'), '2026年5月')).toEqual(['¥120,000', '¥40,000']);
    expect(cells(await table('表格：每月服务请求'), '2026年6月')).toEqual(['2', '1']);
    expect(cells(await table('表格：每季度 NPS 与 CSAT'), '2026-Q2')).toEqual(['33', '3.5', '3']);
    expect(cells(await table('表格：指标明细'), '采购量环比下降')).toEqual(['预警', '0', '3']);
  });

  it('says what is missing in English instead of drawing empty axes', async () => {
    show('en', <AccountHealthCharts accountId="a1" />, { portfolio: null, account: account(false) });
    expect(await screen.findByText('No purchases recorded yet.')).toBeTruthy();
    expect(screen.getByText('No service requests in the last 12 months.')).toBeTruthy();
    expect(screen.getByText('No survey answers recorded yet.')).toBeTruthy();
    expect(screen.getByText('No indicator has data yet.')).toBeTruthy();
    // Only the health line is drawn.
    expect(screen.getAllByRole('img').map((img) => img.getAttribute('aria-label'))).toEqual(['Health score at each month’s end']);
    expect(screen.queryByRole('table', { name: 'Table: Purchases by month' })).toBeNull();
  });
});
