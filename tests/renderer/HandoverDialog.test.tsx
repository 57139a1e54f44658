// @vitest-environment jsdom
/**
 * The handover dialog (renderer/views/team/HandoverDialog.tsx): asks before removing, previews what
 * moves account by account, lets a row go to someone else, and sends one handover.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api, CallInput } from '../../shared/contract';
import { ApiProvider } from '../../renderer/api/context';
import { ToastProvider } from '../../renderer/components/Toasts';
import { createI18n } from '../../renderer/i18n';
import { HandoverDialog } from '../../renderer/views/team/HandoverDialog';

afterEach(cleanup);

const meta = { createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', deletedAt: null };
const member = (id: string, name: string) => ({ ...meta, id, name, email: null, role: 'rep', active: true });
const leaver = member('m0', '赵磊');
const li = member('m1', '李娜');
const chen = member('m2', '陈晨');
const counts = { accounts: 1, people: 2, followups: 3, alerts: 1, other: 0 };

function renderDialog() {
  const api = {
    'members.list': vi.fn(async () => [leaver, li, chen]),
    'handover.preview': vi.fn(async (input: CallInput<'handover.preview'>) => {
      const to = (account: string, i: number) => input.assign?.[account] ?? input.to[i % input.to.length]!;
      const items = [
        { accountId: 'a1', accountName: '比亚迪', counts },
        { accountId: 'a2', accountName: '宁德时代', counts },
      ].map((item, i) => ({ ...item, to: to(item.accountId, i), toName: '' }));
      return { memberId: 'm0', memberName: '赵磊', items, totals: { accounts: 2, people: 4, followups: 6, alerts: 2, other: 0 } };
    }),
    'handover.apply': vi.fn(async () => ({ moved: 14, removed: true })),
  } as unknown as Api;
  const onClose = vi.fn();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <ApiProvider api={api}>
        <QueryClientProvider client={queryClient}>
          <ToastProvider>
            <HandoverDialog member={leaver as never} onClose={onClose} />
          </ToastProvider>
        </QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>,
  );
  return { api, onClose };
}

describe('HandoverDialog', () => {
  it('previews what moves, takes a row changed by hand, and hands over in one call', async () => {
    const { api, onClose } = renderDialog();
    const dialog = within(await screen.findByRole('dialog', { name: '赵磊 离开团队' }));
    // One member is chosen to start with; choose the other too.
    const first = (await dialog.findAllByRole('checkbox')).find((c) => (c as HTMLInputElement).checked)!;
    const second = dialog.getAllByRole('checkbox').find((c) => c !== first)!;
    fireEvent.click(second);
    expect(await dialog.findByText('合计：2 个客户、4 位联系人、6 项跟进、2 条预警、0 项其他。')).toBeTruthy();
    await waitFor(() => expect((dialog.getByRole('combobox', { name: '接手人: 宁德时代' }) as HTMLSelectElement).value).not.toBe(''));
    const byd = dialog.getByRole('combobox', { name: '接手人: 比亚迪' }) as HTMLSelectElement;
    const ningde = dialog.getByRole('combobox', { name: '接手人: 宁德时代' }) as HTMLSelectElement;
    expect(new Set([byd.value, ningde.value])).toEqual(new Set(['m1', 'm2']));
    expect([...ningde.options].map((o) => o.text)).not.toContain('赵磊');
    fireEvent.change(ningde, { target: { value: byd.value } });
    await waitFor(() => expect(api['handover.preview']).toHaveBeenLastCalledWith(expect.objectContaining({ assign: { a2: byd.value } })));
    await waitFor(() => expect((dialog.getByRole('combobox', { name: '接手人: 宁德时代' }) as HTMLSelectElement).value).toBe(byd.value));
    fireEvent.click(dialog.getByRole('button', { name: '交接并移除' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(api['handover.apply']).toHaveBeenCalledWith({ memberId: 'm0', to: expect.arrayContaining(['m1', 'm2']), assign: { a2: byd.value }, remove: true });
    expect(await screen.findByText('赵磊 的工作已交接（14 条记录）；赵磊 已移入回收站。')).toBeTruthy();
  });

  it('refuses to hand over to nobody', async () => {
    const { api } = renderDialog();
    const dialog = within(await screen.findByRole('dialog', { name: '赵磊 离开团队' }));
    const checked = (await dialog.findAllByRole('checkbox')).find((c) => (c as HTMLInputElement).checked)!;
    fireEvent.click(checked);
    expect(await dialog.findByText('请至少选择一位接手的成员。')).toBeTruthy();
    expect((dialog.getByRole('button', { name: '交接并移除' }) as HTMLButtonElement).disabled).toBe(true);
    expect(api['handover.apply']).not.toHaveBeenCalled();
  });
});
