// @vitest-environment jsdom
/**
 * The account page's health-signals tab against a fake Api: its lists in both languages, the
 * purchase dialog's input and its failures (the form's own and the service's), and amounts in a
 * currency code no runtime knows (“元”, saved by an older version).
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Locale } from '../../shared/i18n';
import type { Api } from '../../shared/contract';
import { ApiError } from '../../renderer/api/client';
import { AccountView } from '../../renderer/views/account/AccountView';
import type { RecordIn } from '../../renderer/views/queries';
import { renderPage } from './harness';

beforeEach(() => {
  // Only the clock: the twelve-month totals count back from “this month”; timers stay real.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(2026, 5, 15, 10, 0));
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const meta = { createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', deletedAt: null };
const account = { ...meta, id: 'a1', name: '宁德时代', aliases: [], tier: 'key', stage: 'growth', level: 'preferred', ownerId: null };
const person = { ...meta, id: 'p1', accountId: 'a1', name: '李雷', title: '采购总监', roles: [], ownerIds: [], status: 'active' };

type Purchase = RecordIn<'purchases'>;
const purchase = (fields: Partial<Purchase>): Purchase => ({
  ...meta,
  id: 'u1',
  accountId: 'a1',
  period: '2026-03',
  amount: 120_000,
  currency: 'CNY',
  productLine: '正极材料',
  volume: 40,
  note: null,
  ...fields,
});
const purchases: Purchase[] = [
  purchase({}),
  // The twelve months before: 100,000, so the last twelve (120,000) are up 20%.
  purchase({ id: 'u0', period: '2025-02', amount: 100_000, productLine: null, volume: null }),
];
const request: RecordIn<'requests'> = {
  ...meta,
  id: 'r1',
  accountId: 'a1',
  personId: 'p1',
  openedAt: '2026-05-20',
  closedAt: null,
  severity: 'high',
  channel: 'phone',
  firstResponseHours: 4,
  complaint: true,
  summary: '交付延迟',
};
const survey: RecordIn<'surveys'> = {
  ...meta,
  id: 's1',
  accountId: 'a1',
  personId: null,
  answeredOn: '2026-04-02',
  nps: 9,
  csat: null,
  ces: 3,
  comment: '响应快',
};
const competitor: RecordIn<'competitors'> = { ...meta, id: 'c1', accountId: 'a1', competitor: '比亚迪', activity: '报价低 8%', seenOn: '2026-05-01' };
const value: RecordIn<'values'> = {
  ...meta,
  id: 'v1',
  accountId: 'a1',
  asOf: '2026-01-31',
  lifetimeValue: 5_000_000,
  potential: 8_000_000,
  shareOfWallet: 35,
  currency: 'CNY',
};

interface Data {
  purchases?: Purchase[];
  values?: RecordIn<'values'>[];
}

function openSignals(locale: Locale, data: Data = {}, overrides: Partial<Record<string, (input: never) => Promise<unknown>>> = {}) {
  const api = {
    'accounts.get': vi.fn(async () => account),
    'members.list': vi.fn(async () => []),
    'people.list': vi.fn(async () => [person]),
    'purchases.list': vi.fn(async () => data.purchases ?? purchases),
    'requests.list': vi.fn(async () => [request]),
    'surveys.list': vi.fn(async () => [survey]),
    'competitors.list': vi.fn(async () => [competitor]),
    'values.list': vi.fn(async () => data.values ?? [value]),
    'purchases.create': vi.fn(async (input: object) => ({ ...purchase({}), ...input, id: 'u9' })),
    'surveys.create': vi.fn(async (input: object) => ({ ...survey, ...input, id: 's9' })),
    ...Object.fromEntries(Object.entries(overrides).map(([method, fn]) => [method, vi.fn(fn)])),
  } as unknown as Api;
  renderPage({ api, locale: locale, path: '/accounts/a1/signals', route: '/accounts/:accountId/:layer', element: <AccountView /> });
  return api;
}

const section = async (title: string) => within(await screen.findByRole('region', { name: title }));
/** The table row whose header cell reads `header`, once the list has loaded. */
const rowOf = async (list: ReturnType<typeof within>, header: string) => within((await list.findByRole('rowheader', { name: header })).closest('tr')!);

describe('the health signals tab', () => {
  it('lists every kind in Chinese, with the purchases’ twelve-month total', async () => {
    openSignals('zh-CN');
    expect((await screen.findByRole('tab', { name: '健康信号' })).getAttribute('aria-selected')).toBe('true');

    const purchaseList = await section('采购记录');
    const march = await rowOf(purchaseList, '2026年3月');
    await waitFor(() => expect(march.getByText('¥120,000')).toBeTruthy());
    expect(march.getByText('正极材料')).toBeTruthy();
    const totals = purchaseList.getByRole('definition');
    expect(totals.textContent).toBe('¥120,000 · 较前 12 个月 +20%（¥100,000）');
    expect(purchaseList.getByRole('button', { name: '删除2026年3月 · ¥120,000' })).toBeTruthy();

    const requests = await section('服务请求');
    const delayed = await rowOf(requests, '交付延迟 投诉');
    expect(delayed.getByText('2026年5月20日')).toBeTruthy();
    expect(delayed.getByText('未关闭')).toBeTruthy();
    expect(delayed.getByText('高')).toBeTruthy();
    expect(delayed.getByText('电话')).toBeTruthy();
    expect(delayed.getByText('4 小时')).toBeTruthy();
    expect((await delayed.findByRole('link', { name: '李雷' })).getAttribute('href')).toBe('/people/p1');

    const answer = await rowOf(await section('满意度'), '2026年4月2日');
    expect(answer.getByText('9')).toBeTruthy();
    expect(answer.getByText('客户整体')).toBeTruthy();
    expect((await rowOf(await section('竞争对手动态'), '比亚迪')).getByText('报价低 8%')).toBeTruthy();
    const estimate = await rowOf(await section('客户价值'), '2026年1月31日');
    expect(estimate.getByText('¥5,000,000')).toBeTruthy();
    expect(estimate.getByText('35%')).toBeTruthy();
  });

  it('lists them in English', async () => {
    openSignals('en');
    expect(await screen.findByRole('tab', { name: 'Health signals' })).toBeTruthy();
    const purchaseList = await section('Purchases');
    expect((await rowOf(purchaseList, 'Mar 2026')).getByText('CN¥120,000')).toBeTruthy();
    expect(purchaseList.getByRole('definition').textContent).toBe('CN¥120,000 · +20% on the 12 months before (CN¥100,000)');
    const delayed = await rowOf(await section('Service requests'), '交付延迟 Complaint');
    expect(delayed.getByText('May 20, 2026')).toBeTruthy();
    expect(delayed.getByText('High')).toBeTruthy();
    expect(delayed.getByText('Open')).toBeTruthy();
    expect(delayed.getByText('4 h')).toBeTruthy();
    expect((await rowOf(await section('Satisfaction'), 'Apr 2, 2026')).getByText('The account as a whole')).toBeTruthy();
    expect((await rowOf(await section('Account value'), 'Jan 31, 2026')).getByText('CN¥8,000,000')).toBeTruthy();
  });

  it('creates a purchase with what was typed, in the currency of the previous one', async () => {
    const api = openSignals('en', { purchases: [purchase({ currency: 'USD' })] });
    const purchaseList = await section('Purchases');
    await rowOf(purchaseList, 'Mar 2026');
    fireEvent.click(purchaseList.getByRole('button', { name: 'Add purchase' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Add purchase' }));
    expect((dialog.getByLabelText(/^Month/) as HTMLInputElement).value).toBe('2026-06');
    expect((dialog.getByRole('textbox', { name: 'Currency' }) as HTMLInputElement).value).toBe('USD');
    fireEvent.change(dialog.getByLabelText(/^Month/), { target: { value: '2026-05' } });
    fireEvent.change(dialog.getByRole('spinbutton', { name: 'Amount' }), { target: { value: '1250.5' } });
    fireEvent.change(dialog.getByRole('textbox', { name: 'Product line' }), { target: { value: ' Cathode ' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Purchase of May 2026 saved.')).toBeTruthy();
    expect(api['purchases.create']).toHaveBeenCalledWith({
      accountId: 'a1',
      period: '2026-05',
      amount: 1250.5,
      currency: 'USD',
      productLine: 'Cathode',
      volume: null,
      note: null,
    });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('starts a purchase in yuan for a reader in Chinese and refuses a negative amount in Chinese', async () => {
    const api = openSignals('zh-CN', { purchases: [purchase({ currency: 'USD' })] });
    fireEvent.click((await section('采购记录')).getByRole('button', { name: '添加采购记录' }));
    const dialog = within(screen.getByRole('dialog', { name: '添加采购记录' }));
    expect((dialog.getByRole('textbox', { name: '币种' }) as HTMLInputElement).value).toBe('CNY');
    const amount = dialog.getByRole('spinbutton', { name: '金额' }) as HTMLInputElement;
    fireEvent.change(amount, { target: { value: '-5' } });
    fireEvent.click(dialog.getByRole('button', { name: '保存' }));
    const error = await dialog.findByText('不能小于 0。');
    expect(amount.getAttribute('aria-describedby')).toBe(error.id);
    expect(api['purchases.create']).not.toHaveBeenCalled();
  });

  it('shows the service’s reason beside its field and keeps what was typed', async () => {
    const reason = '请使用三个字母的 ISO 4217 货币代码，例如 CNY、USD 或 EUR（不要填写“元”或“¥”等符号）。';
    const api = openSignals(
      'zh-CN',
      {},
      {
        'purchases.create': async () => {
          throw new ApiError({ code: 'validation', message: `币种：${reason}`, issues: [{ path: 'currency', message: reason }] });
        },
      },
    );
    fireEvent.click((await section('采购记录')).getByRole('button', { name: '添加采购记录' }));
    const dialog = within(screen.getByRole('dialog', { name: '添加采购记录' }));
    const currency = dialog.getByRole('textbox', { name: '币种' }) as HTMLInputElement;
    const amount = dialog.getByRole('spinbutton', { name: '金额' }) as HTMLInputElement;
    fireEvent.change(amount, { target: { value: '8800' } });
    fireEvent.change(currency, { target: { value: 'usd' } });
    fireEvent.click(dialog.getByRole('button', { name: '保存' }));
    const error = await dialog.findByText(reason);
    expect(api['purchases.create']).toHaveBeenCalledWith(expect.objectContaining({ amount: 8800, currency: 'USD' }));
    expect(currency.getAttribute('aria-invalid')).toBe('true');
    expect(currency.getAttribute('aria-describedby')).toContain(error.id);
    expect(currency.value).toBe('usd');
    expect(amount.value).toBe('8800');
    expect(screen.getByRole('dialog', { name: '添加采购记录' })).toBeTruthy();
  });

  it('asks for at least one score and refuses an NPS of 11', async () => {
    const api = openSignals('en');
    fireEvent.click((await section('Satisfaction')).getByRole('button', { name: 'Add satisfaction answer' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Add satisfaction answer' }));
    const save = () => fireEvent.click(dialog.getByRole('button', { name: 'Save' }));
    save();
    expect(await dialog.findByText('Enter at least one score: NPS, CSAT or CES.')).toBeTruthy();
    fireEvent.change(dialog.getByRole('spinbutton', { name: 'NPS (0–10)' }), { target: { value: '11' } });
    save();
    expect(await dialog.findByText('Must be at most 10.')).toBeTruthy();
    expect(api['surveys.create']).not.toHaveBeenCalled();
    fireEvent.change(dialog.getByRole('spinbutton', { name: 'NPS (0–10)' }), { target: { value: '7' } });
    fireEvent.change(dialog.getByRole('combobox', { name: 'Person' }), { target: { value: 'p1' } });
    save();
    await waitFor(() =>
      expect(api['surveys.create']).toHaveBeenCalledWith({
        accountId: 'a1',
        answeredOn: '2026-06-15',
        nps: 7,
        csat: null,
        ces: null,
        personId: 'p1',
        comment: null,
      }),
    );
  });

  it('shows an amount in a currency code no runtime knows as the number and the code', async () => {
    openSignals('en', {
      purchases: [purchase({ currency: '元' }), purchase({ id: 'u2', period: '2026-02', amount: 30_000, currency: 'CNY' })],
      values: [{ ...value, currency: '元' }],
    });
    const purchaseList = await section('Purchases');
    expect((await rowOf(purchaseList, 'Mar 2026')).getByText('120,000 元')).toBeTruthy();
    expect((await rowOf(purchaseList, 'Feb 2026')).getByText('CN¥30,000')).toBeTruthy();
    expect(purchaseList.getAllByRole('definition').map((total) => total.textContent)).toEqual([
      '120,000 元 · nothing in the 12 months before',
      'CN¥30,000 · nothing in the 12 months before',
    ]);
    expect((await rowOf(await section('Account value'), 'Jan 31, 2026')).getByText('5,000,000 元')).toBeTruthy();
  });
});
