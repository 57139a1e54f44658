/**
 * The page's one subscription to the app's events (shared/events.ts): the preload's
 * `window.rapportEvents` in the desktop app, the server-sent event stream in browser mode. Each
 * event is checked against the shared schema here (the preload carries no schemas), then fanned out
 * to the views that listen (`useAppEvents`, context.tsx).
 */
import { AppEvent, EVENT_STREAM_PATH, type EventBridge } from '../../shared/events';

/** An app event, or `resync`: the stream broke and came back, so events may have been missed. */
export type PageEvent = AppEvent | { type: 'resync' };

export interface EventHub {
  subscribe(listener: (event: PageEvent) => void): () => void;
  /** Tells the page's listeners an event learnt another way: the areas a call's answer says it changed. */
  publish(event: PageEvent): void;
}

const isResync = (raw: unknown) => typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'resync';

/** The hub over one event source (none in tests: only what the page itself publishes). */
export function createEventHub(source?: EventBridge): EventHub {
  const listeners = new Set<(event: PageEvent) => void>();
  const publish = (event: PageEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  source?.subscribe((raw) => {
    if (isResync(raw)) return publish({ type: 'resync' });
    const parsed = AppEvent.safeParse(raw);
    // A newer app may tell more than this page knows: what it does not know, it ignores.
    if (parsed.success) publish(parsed.data);
    else console.warn('[rapport] ignored an event this page does not know:', raw);
  });
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish,
  };
}

/**
 * Browser mode's events: one EventSource on the stream (same origin, so the session cookie rides
 * along). It reconnects by itself after a break (the server asks for 1 s); the reopening is told
 * as `resync`.
 */
export function serverEvents(open: (url: string) => EventSource = (url) => new EventSource(url)): EventBridge {
  return {
    subscribe(listener) {
      const source = open(EVENT_STREAM_PATH);
      let broken = false;
      source.onmessage = (message: MessageEvent<string>) => {
        try {
          listener(JSON.parse(message.data));
        } catch {
          // Not JSON: nothing the page could act on.
        }
      };
      source.onerror = () => {
        broken = true;
      };
      source.onopen = () => {
        if (!broken) return;
        broken = false;
        listener({ type: 'resync' });
      };
      return () => source.close();
    },
  };
}
