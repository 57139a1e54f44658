// @vitest-environment jsdom
/**
 * The merge dialog (renderer/views/duplicates/MergeDialog.tsx): both values of every differing
 * field, the survivor's kept by default (the other's where the survivor has none), the user's
 * choice sent as `take`, what moves, and swapping which record survives.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api, CallInput } from '../../shared/contract';
import { ApiProvider } from '../../renderer/api/context';
import { ToastProvider } from '../../renderer/components/Toasts';
import { createI18n } from '../../renderer/i18n';
import { defaultChoices, MergeDialog } from '../../renderer/views/duplicates/MergeDialog';

afterEach(cleanup);

const meta = { createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', deletedAt: null };
const member = { ...meta, id: 'm1', name: '王磊', email: null, role: 'kam', active: true };
const catl = { ...meta, id: 'a1', name: '宁德时代新能源科技股份有限公司', tier: 'strategic', region: null, industry: '电池', ownerId: null };
const short = { ...meta, id: 'a2', name: '宁德时代', tier: 'key', region: '福建', industry: '储能', ownerId: 'm1' };

function preview(input: CallInput<'merge.preview'>) {
  const [from, into] = input.fromId === 'a2' ? [short, catl] : [catl, short];
  const fields = (['name', 'tier', 'region', 'industry', 'ownerId'] as const).map((field) => ({ field, from: from[field], into: into[field] }));
  return {
    kind: 'accounts' as const,
    from,
    into,
    fields,
    moves: [
      { table: 'people', count: 3 },
      { table: 'touchpoints', count: 12 },
    ],
  };
}

function renderDialog(locale: 'zh-CN' | 'en') {
  const api = {
    'members.list': vi.fn(async () => [member]),
    'merge.preview': vi.fn(async (input: CallInput<'merge.preview'>) => preview(input)),
    'merge.apply': vi.fn(async (input: CallInput<'merge.apply'>) => ({ mergeId: 'mg1', intoId: input.intoId, moved: 15 })),
  } as unknown as Api;
  const onClose = vi.fn();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <I18nextProvider i18n={createI18n(locale)}>
      <ApiProvider api={api}>
        <QueryClientProvider client={queryClient}>
          <ToastProvider>
            <MemoryRouter>
              <MergeDialog kind="accounts" a={{ id: 'a1', name: catl.name }} b={{ id: 'a2', name: short.name }} onClose={onClose} />
            </MemoryRouter>
          </ToastProvider>
        </QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>,
  );
  return { api, onClose };
}

describe('MergeDialog', () => {
  it('keeps the survivor’s values by default and fills its blanks from the other', () => {
    expect(
      defaultChoices([
        { field: 'tier', from: 'key', into: 'strategic' },
        { field: 'region', from: '福建', into: null },
        { field: 'aliases', from: ['CATL'], into: [] },
        { field: 'notes', from: null, into: 'x' },
      ]),
    ).toEqual({ tier: 'into', region: 'from', aliases: 'from', notes: 'into' });
  });

  it('shows both values of each differing field in Chinese, sends the chosen ones, and says what moved', async () => {
    const { api, onClose } = renderDialog('zh-CN');
    const dialog = within(await screen.findByRole('dialog', { name: '把“宁德时代”合并到“宁德时代新能源科技股份有限公司”' }));
    expect(await dialog.findByText('保留：宁德时代新能源科技股份有限公司')).toBeTruthy();
    // Codes in words, members by name, blanks said to be blank.
    expect(dialog.getByRole('radio', { name: '客户分级: 战略客户' })).toBeTruthy();
    const keyTier = dialog.getByRole('radio', { name: '客户分级: 重点客户' }) as HTMLInputElement;
    expect((dialog.getByRole('radio', { name: '负责人: 王磊' }) as HTMLInputElement).checked).toBe(true);
    expect((dialog.getByRole('radio', { name: '区域: 福建' }) as HTMLInputElement).checked).toBe(true);
    expect((dialog.getByRole('radio', { name: '区域: （空）' }) as HTMLInputElement).checked).toBe(false);
    expect((dialog.getByRole('radio', { name: '行业: 电池' }) as HTMLInputElement).checked).toBe(true);
    expect(dialog.getByText('人员：3')).toBeTruthy();
    expect(dialog.getByText('接触记录：12')).toBeTruthy();

    fireEvent.click(keyTier);
    fireEvent.click(dialog.getByRole('radio', { name: '行业: 储能' }));
    fireEvent.click(dialog.getByRole('button', { name: '合并' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(api['merge.apply']).toHaveBeenCalledWith({ kind: 'accounts', fromId: 'a2', intoId: 'a1', take: ['tier', 'region', 'industry', 'ownerId'] });
    expect(await screen.findByText('已合并到“宁德时代新能源科技股份有限公司”：移动了 15 条记录。')).toBeTruthy();
  });

  it('swaps which record survives, in English, and merges the other way', async () => {
    const { api } = renderDialog('en');
    await screen.findByText('Kept: 宁德时代新能源科技股份有限公司');
    fireEvent.click(screen.getByRole('button', { name: 'Keep the other one instead' }));
    expect(await screen.findByRole('dialog', { name: 'Merge “宁德时代新能源科技股份有限公司” into “宁德时代”' })).toBeTruthy();
    await screen.findByText('Kept: 宁德时代');
    expect(api['merge.preview']).toHaveBeenLastCalledWith({ kind: 'accounts', fromId: 'a1', intoId: 'a2' });
    fireEvent.click(screen.getByRole('button', { name: 'Merge' }));
    await waitFor(() => expect(api['merge.apply']).toHaveBeenCalledWith({ kind: 'accounts', fromId: 'a1', intoId: 'a2', take: [] }));
  });
});
