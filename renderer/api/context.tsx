import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import type { Api } from '../../shared/contract';
import { createEventHub, type EventHub, type PageEvent } from './events';

const ApiContext = createContext<Api | null>(null);
/** Without a provider's hub (tests), the views hear only what the page itself publishes. */
const EventsContext = createContext<EventHub>(createEventHub());

/** Makes one Api, and the app's events, available to the views; tests pass a fake Api (and hub). */
export function ApiProvider({ api, events, children }: { api: Api; events?: EventHub; children: ReactNode }) {
  const content = <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
  return events ? <EventsContext.Provider value={events}>{content}</EventsContext.Provider> : content;
}

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() needs an <ApiProvider> above it');
  return api;
}

export function useEventHub(): EventHub {
  return useContext(EventsContext);
}

/** Calls `listener` with every app event while the component is mounted (the latest listener, without resubscribing). */
export function useAppEvents(listener: (event: PageEvent) => void): void {
  const hub = useEventHub();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => hub.subscribe((event) => latest.current(event)), [hub]);
}
