import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { i18n as I18n } from 'i18next';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { createHashRouter, Navigate, Outlet, RouterProvider } from 'react-router';
import type { Api } from '../shared/contract';
import { ApiProvider } from './api/context';
import type { EventHub } from './api/events';
import { AppHeader } from './components/AppHeader';
import { mapRoutes } from './map';
import { PageError } from './components/PanelBoundary';
import { ToastProvider } from './components/Toasts';
import { AccountView } from './views/account/AccountView';
import { FollowUpsView } from './views/FollowUpsView';
import { dashboardRoutes } from './views/dashboard';
import { duplicatesRoutes } from './views/duplicates';
import { handoverRoutes } from './views/team/handoverRoutes';
import { InboxView } from './views/inbox';
import { importRoutes } from './views/import';
import { PersonView } from './views/people/PersonView';
import { PersonExportView } from './views/people/PersonExportView';
import { AccountPlanView } from './views/plan/AccountPlanView';
import { PortfolioView } from './views/portfolio/PortfolioView';
import { MeBanner } from './views/settings';
import { useLiveData } from './views/queries';
import { searchRoutes } from './views/search';
import { syncRoutes, SyncStatusBar } from './views/sync';
import { useSyncEvents } from './views/sync/syncQueries';
import { useBrowserNotices } from './views/inbox/browserNotices';
import { QuickLogProvider } from './views/touchpoints/QuickLog';

function Shell() {
  // The one place the views follow the app's events: what changed refreshes, the status bar moves.
  useLiveData();
  useSyncEvents();
  useBrowserNotices();
  return (
    <QuickLogProvider>
      <div className="app">
        <AppHeader />
        <MeBanner />
        <Outlet />
        <SyncStatusBar />
      </div>
    </QuickLogProvider>
  );
}

// Hash routes: the page is one file, loaded from `app://rapport/` in Electron and from `/` in
// browser mode, so the route must not depend on the server knowing it.
const router = createHashRouter([
  {
    element: <Shell />,
    children: [
      {
        // A route that fails to draw shows why inside the app's frame, never a bare error page.
        errorElement: <PageError />,
        children: [
          { path: '/', element: <PortfolioView /> },
          { path: '/accounts/:accountId', element: <AccountView /> },
          { path: '/accounts/:accountId/plan', element: <AccountPlanView /> },
          { path: '/accounts/:accountId/:layer', element: <AccountView /> },
          { path: '/people/:personId', element: <PersonView /> },
          { path: '/people/:personId/export', element: <PersonExportView /> },
          { path: '/followups', element: <FollowUpsView /> },
          { path: '/inbox', element: <InboxView /> },
          ...syncRoutes,
          ...mapRoutes,
          ...dashboardRoutes,
          ...searchRoutes,
          ...importRoutes,
          ...duplicatesRoutes,
          ...handoverRoutes,
          // The accounts list became the portfolio; old links to it land there.
          { path: '/accounts', element: <Navigate to="/" replace /> },
          { path: '*', element: <Navigate to="/" replace /> },
        ],
      },
    ],
  },
]);

export function App({ api, events, i18n, queryClient }: { api: Api; events?: EventHub; i18n: I18n; queryClient: QueryClient }) {
  return (
    <I18nextProvider i18n={i18n}>
      <ApiProvider api={api} events={events}>
        <QueryClientProvider client={queryClient}>
          <ToastProvider>
            <RouterProvider router={router} />
          </ToastProvider>
        </QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>
  );
}

/**
 * The page when neither the desktop app nor browser mode opened it (renderer/api/client.ts
 * `hostOfPage`): it says so and what to do, instead of failing call after call.
 */
export function NoHost({ i18n }: { i18n: I18n }) {
  return (
    <I18nextProvider i18n={i18n}>
      <NoHostMessage />
    </I18nextProvider>
  );
}

function NoHostMessage() {
  const { t } = useTranslation();
  return (
    <main className="empty-state" role="alert">
      <h1>{t('app.noHost.title')}</h1>
      <p>{t('app.noHost.body')}</p>
    </main>
  );
}
