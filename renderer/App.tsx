import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { i18n as I18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import { createHashRouter, Navigate, Outlet, RouterProvider } from 'react-router';
import type { Api } from '../shared/contract';
import { ApiProvider } from './api/context';
import { AppHeader } from './components/AppHeader';
import { ToastProvider } from './components/Toasts';
import { AccountsView } from './views/AccountsView';

function Shell() {
  return (
    <div className="app">
      <AppHeader />
      <Outlet />
    </div>
  );
}

// Hash routes: the page is one file, loaded from `app://rapport/` in Electron and from `/` in
// browser mode, so the route must not depend on the server knowing it.
const router = createHashRouter([
  {
    element: <Shell />,
    children: [
      { path: '/accounts', element: <AccountsView /> },
      { path: '*', element: <Navigate to="/accounts" replace /> },
    ],
  },
]);

export function App({ api, i18n, queryClient }: { api: Api; i18n: I18n; queryClient: QueryClient }) {
  return (
    <I18nextProvider i18n={i18n}>
      <ApiProvider api={api}>
        <QueryClientProvider client={queryClient}>
          <ToastProvider>
            <RouterProvider router={router} />
          </ToastProvider>
        </QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>
  );
}
