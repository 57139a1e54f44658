// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../shared/contract';
import { ApiError } from '../../renderer/api/client';
import { ApiProvider } from '../../renderer/api/context';
import { ToastProvider } from '../../renderer/components/Toasts';
import { createI18n } from '../../renderer/i18n';
import { AccountCreateForm } from '../../renderer/views/AccountCreateForm';
import type { Account } from '../../renderer/views/accountQueries';

afterEach(cleanup);

// Only the fields the form reads; the rest of the record does not matter here.
const created = { id: 'a1', name: '华为技术', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', deletedAt: null } as Account;

function renderForm(create: Api['accounts.create']) {
  const api = { 'accounts.create': vi.fn(create) } as unknown as Api;
  const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <ApiProvider api={api}>
        <QueryClientProvider client={queryClient}>
          <ToastProvider>
            <AccountCreateForm />
          </ToastProvider>
        </QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>,
  );
  const field = screen.getByLabelText('新客户名称') as HTMLInputElement;
  const submit = (name: string) => {
    fireEvent.change(field, { target: { value: name } });
    fireEvent.click(screen.getByRole('button', { name: '添加客户' }));
  };
  return { create: api['accounts.create'], field, submit };
}

describe('AccountCreateForm', () => {
  it('shows the schema’s error in Chinese under the field and calls nothing for a blank name', async () => {
    const { create, field, submit } = renderForm(async () => created);
    submit('   ');
    expect(await screen.findByText('必填。')).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toBe(screen.getByText('必填。').id);
    expect(create).not.toHaveBeenCalled();
  });

  it('sends the trimmed name, clears the field and confirms when the account is created', async () => {
    const { create, field, submit } = renderForm(async () => created);
    submit('  华为技术 ');
    expect(await screen.findByText('已添加客户“华为技术”。')).toBeTruthy();
    expect(create).toHaveBeenCalledWith({ name: '华为技术' });
    expect(field.value).toBe('');
  });

  it('keeps the typed name and puts the service’s field message under the field', async () => {
    const issue = { path: 'name', message: '已存在同名客户。' };
    const { field, submit } = renderForm(async () => {
      throw new ApiError({ code: 'validation', message: '名称：已存在同名客户。', issues: [issue] });
    });
    submit('华为技术');
    expect(await screen.findByText('已存在同名客户。')).toBeTruthy();
    expect(field.value).toBe('华为技术');
    expect(field.getAttribute('aria-invalid')).toBe('true');
  });

  it('keeps the typed name and shows the service’s message when the failure is not about a field', async () => {
    const message = 'Rapport 后台服务没有响应。请确认它仍在运行，然后重试。';
    const { field, submit } = renderForm(async () => {
      throw new ApiError({ code: 'network', message });
    });
    submit('华为技术');
    expect((await screen.findByRole('alert')).textContent).toBe(message);
    expect(field.value).toBe('华为技术');
  });
});
