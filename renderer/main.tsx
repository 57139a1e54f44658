import { QueryClient } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { resolveLocale } from '../shared/i18n';
import { createApi, defaultBridge, isApiError } from './api/client';
import { App } from './App';
import { createI18n, initialLocale } from './i18n';

const i18n = createI18n(initialLocale());
const api = createApi(defaultBridge(), () => resolveLocale(i18n.language));
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // The store is local: answers are fast and only change through this UI or a sync.
      staleTime: 10_000,
      // Only a missing answer is worth retrying; the service's own refusals will not change.
      retry: (failures, error) => isApiError(error) && error.code === 'network' && failures < 2,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App api={api} i18n={i18n} queryClient={queryClient} />
  </StrictMode>,
);
