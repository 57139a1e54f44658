/**
 * A page of the app as the shell mounts it, for renderer tests: its language, the given api, a
 * fresh query cache (no retries), toasts, the quick-log and a router at `path` with one route.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { Api } from '../../shared/contract';
import { ApiProvider } from '../../renderer/api/context';
import { ToastProvider } from '../../renderer/components/Toasts';
import { createI18n } from '../../renderer/i18n';
import { QuickLogProvider } from '../../renderer/views/touchpoints/QuickLog';

export function renderPage(options: { api: Api; locale: 'en' | 'zh-CN'; path: string; route: string; element: ReactElement }) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <I18nextProvider i18n={createI18n(options.locale)}>
      <ApiProvider api={options.api}>
        <QueryClientProvider client={queryClient}>
          <ToastProvider>
            <MemoryRouter initialEntries={[options.path]}>
              <QuickLogProvider>
                <Routes>
                  <Route path={options.route} element={options.element} />
                </Routes>
              </QuickLogProvider>
            </MemoryRouter>
          </ToastProvider>
        </QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>,
  );
}
