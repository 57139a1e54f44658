// @vitest-environment jsdom
/**
 * Settings → Private notes key (issue 12): without a chosen user it says to choose one first; with
 * one it shows the keys held, creates a transfer code to show, and takes a code from the other
 * laptop, showing the core's refusal in words when the code is wrong.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../shared/contract';
import { ApiError } from '../../renderer/api/client';
import { ApiProvider } from '../../renderer/api/context';
import { ToastProvider } from '../../renderer/components/Toasts';
import { createI18n } from '../../renderer/i18n';
import { PersonalKeySection } from '../../renderer/views/settings';

afterEach(cleanup);

function openSection(memberId: string | null, locale: 'en' | 'zh-CN' = 'en') {
  const api = {
    'me.get': vi.fn(async () => ({ memberId, member: memberId ? { id: memberId, name: '陈晓明' } : null })),
    'privacy.key': vi.fn(async () => ({ memberId, keyIds: ['0123456789abcdef'] })),
    'privacy.keyExport': vi.fn(async () => ({ code: 'RPK1.secret.blob', expiresAt: '2026-12-05T01:30:00.000Z' })),
    'privacy.keyImport': vi.fn(async ({ code }: { code: string }) => {
      if (code !== 'RPK1.good.code') throw new ApiError({ code: 'validation', message: 'This transfer code does not open: it was mistyped or altered.' });
      return { keyIds: ['0123456789abcdef'], resealed: 0 };
    }),
  } as unknown as Api;
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <I18nextProvider i18n={createI18n(locale)}>
      <ApiProvider api={api}>
        <QueryClientProvider client={queryClient}>
          <ToastProvider>
            <PersonalKeySection />
          </ToastProvider>
        </QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>,
  );
  return api;
}

describe('Settings: the private notes key', () => {
  it('asks to choose who uses the laptop first (zh-CN)', async () => {
    openSection(null, 'zh-CN');
    expect(await screen.findByText('请先选择使用本机的团队成员：密钥属于某位成员。')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '生成转移码' })).toBeNull();
  });

  it('shows the key held, a transfer code made on request, and takes a code (refusing a wrong one in words)', async () => {
    const api = openSection('m1');
    const section = within(await screen.findByRole('region', { name: 'Private notes key' }));
    expect(await section.findByText(/This laptop holds your key \(0123456789abcdef\)/)).toBeTruthy();
    fireEvent.click(section.getByRole('button', { name: 'Create transfer code' }));
    expect(((await section.findByRole('textbox', { name: 'Transfer code' })) as HTMLTextAreaElement).value).toBe('RPK1.secret.blob');
    expect(section.getByText(/do not send it by e-mail or chat/)).toBeTruthy();

    const input = section.getByRole('textbox', { name: 'Transfer code from your other laptop' });
    fireEvent.change(input, { target: { value: 'RPK1.bad.code' } });
    fireEvent.click(section.getByRole('button', { name: 'Use transfer code' }));
    expect(await screen.findByText(/mistyped or altered/)).toBeTruthy();
    fireEvent.change(input, { target: { value: 'RPK1.good.code' } });
    fireEvent.click(section.getByRole('button', { name: 'Use transfer code' }));
    await waitFor(() => expect(api['privacy.keyImport']).toHaveBeenLastCalledWith({ code: 'RPK1.good.code' }));
    expect(await screen.findByText(/Key received/)).toBeTruthy();
    expect((input as HTMLInputElement).value).toBe('');
  });
});
