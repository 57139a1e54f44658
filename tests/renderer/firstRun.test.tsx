// @vitest-environment jsdom
/**
 * The empty portfolio's "Load sample data": the job shows its accounts while it runs, so the
 * portfolio replaces the first-run panel before the call answers; the answer is still told.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { afterEach, expect, it, vi } from 'vitest';
import type { Api } from '../../shared/contract';
import { ApiProvider } from '../../renderer/api/context';
import { ToastProvider } from '../../renderer/components/Toasts';
import { createI18n } from '../../renderer/i18n';
import { PortfolioView } from '../../renderer/views/portfolio/PortfolioView';

afterEach(cleanup);

it('tells that the sample data is loaded after the first-run panel has gone', async () => {
  const i18n = createI18n('en');
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  let running = false;
  let answer: (counts: { accounts: number; people: number; touchpoints: number }) => void = () => undefined;
  const api = {
    // Once the job runs, the portfolio is no longer empty (here: it cannot be read, which also takes the panel away).
    'portfolio.list': vi.fn(async () => {
      if (running) throw new Error('the portfolio changed under the test');
      return { total: 0, rows: [] };
    }),
    'demo.load': vi.fn(
      () =>
        new Promise((resolve) => {
          running = true;
          // What the job's change events do while it runs: the views fetch again.
          void client.invalidateQueries();
          answer = resolve;
        }),
    ),
  };
  render(
    <I18nextProvider i18n={i18n}>
      <ApiProvider api={api as unknown as Api}>
        <QueryClientProvider client={client}>
          <ToastProvider>
            <MemoryRouter>
              <PortfolioView />
            </MemoryRouter>
          </ToastProvider>
        </QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>,
  );
  fireEvent.click(await screen.findByRole('button', { name: i18n.t('portfolio.loadDemo') }));
  await waitFor(() => expect(screen.queryByRole('heading', { name: i18n.t('portfolio.emptyTitle') })).toBeNull());
  answer({ accounts: 30, people: 240, touchpoints: 1200 });
  expect(await screen.findByText(i18n.t('portfolio.demoLoaded', { accounts: 30, people: 240, touchpoints: 1200 }))).toBeTruthy();
});
