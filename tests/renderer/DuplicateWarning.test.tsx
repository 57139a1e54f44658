// @vitest-environment jsdom
/** The account create form warns about a likely duplicate as the name is typed, and still saves when asked. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api, CallInput } from '../../shared/contract';
import { ApiProvider } from '../../renderer/api/context';
import { ToastProvider } from '../../renderer/components/Toasts';
import { createI18n } from '../../renderer/i18n';
import { AccountCreateForm } from '../../renderer/views/AccountCreateForm';

afterEach(cleanup);

const meta = { createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', deletedAt: null };

function renderForm(locale: 'zh-CN' | 'en') {
  const api = {
    'duplicates.check': vi.fn(async (input: CallInput<'duplicates.check'>) =>
      input.name.startsWith('宁德')
        ? [{ id: 'a1', name: '宁德时代新能源科技股份有限公司', accountId: null, accountName: null, score: 0.9, reasons: ['same_name'] }]
        : [],
    ),
    'accounts.create': vi.fn(async (input: { name: string }) => ({ ...meta, id: 'a2', name: input.name })),
  } as unknown as Api;
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <I18nextProvider i18n={createI18n(locale)}>
      <ApiProvider api={api}>
        <QueryClientProvider client={queryClient}>
          <ToastProvider>
            <MemoryRouter>
              <AccountCreateForm />
            </MemoryRouter>
          </ToastProvider>
        </QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>,
  );
  return api;
}

describe('duplicate warning on create', () => {
  it('names the similar account with its score and reason in Chinese, and saving stays possible', async () => {
    const api = renderForm('zh-CN');
    fireEvent.change(screen.getByLabelText('新客户名称'), { target: { value: '宁德时代' } });
    const warning = await screen.findByRole('status', { name: '可能已经存在' });
    expect(warning.textContent).toContain('可能已经存在');
    expect(warning.textContent).toContain('相似度 90%');
    expect(warning.textContent).toContain('去掉公司类型后名称相同');
    expect(screen.getByRole('link', { name: '打开 宁德时代新能源科技股份有限公司' }).getAttribute('href')).toBe('/accounts/a1');
    expect(api['duplicates.check']).toHaveBeenCalledWith({ kind: 'accounts', name: '宁德时代' });
    fireEvent.click(screen.getByRole('button', { name: '添加客户' }));
    await waitFor(() => expect(api['accounts.create']).toHaveBeenCalledWith({ name: '宁德时代' }));
  });

  it('says nothing for a name like no other, in English', async () => {
    const api = renderForm('en');
    fireEvent.change(screen.getByLabelText('New account name'), { target: { value: 'Contoso' } });
    await waitFor(() => expect(api['duplicates.check']).toHaveBeenCalledWith({ kind: 'accounts', name: 'Contoso' }));
    expect(screen.queryByRole('status', { name: 'This may already exist' })).toBeNull();
  });
});
