import { QueryClient } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { resolveLocale } from '../shared/i18n';
import { createApi, hostOfPage, isApiError } from './api/client';
import { createEventHub } from './api/events';
import { App, NoHost } from './App';
import { createI18n, initialLocale } from './i18n';

const i18n = createI18n(initialLocale());
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const host = hostOfPage();

if (host === null) {
  createRoot(root).render(<NoHost i18n={i18n} />);
} else {
  // One subscription to the app's events for the whole page; a call's answer names what it changed
  // too, published on the same hub so the caller's views refresh before its promise settles.
  const events = createEventHub(host.events);
  const api = createApi(
    host.bridge,
    () => resolveLocale(i18n.language),
    (areas) => events.publish({ type: 'data.changed', areas }),
  );
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        // The store is local: answers are fast and only change through this UI, a job or a sync round, each of which says so.
        staleTime: 10_000,
        // Only a missing answer is worth retrying; the service's own refusals will not change.
        retry: (failures, error) => isApiError(error) && error.code === 'network' && failures < 2,
      },
    },
  });
  createRoot(root).render(
    <StrictMode>
      <App api={api} events={events} i18n={i18n} queryClient={queryClient} />
    </StrictMode>,
  );
}
