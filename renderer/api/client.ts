/**
 * The renderer's one way to call the app. The page is told who serves it (`<meta
 * name="rapport-host">`, filled by electron/host/static-files.ts): in the desktop app the preload
 * exposes `window.rapport` (a Bridge) and `window.rapportEvents`; in browser mode the same Bridge
 * is built over `POST /api/<method>` and the events come as a server-sent stream. A page that
 * neither opened has no host and says so (main.tsx), rather than calling into the void. Either
 * way the caller gets plain promises: the value, or an ApiError carrying the envelope's code,
 * message (already in the user's language) and field issues.
 */
import { methods, type Api, type Bridge, type CallInput, type CallMeta, type CallOutput, type Method } from '../../shared/contract';
import type { ChangeArea, EventBridge } from '../../shared/events';
import { translator, type Locale } from '../../shared/i18n';
import type { CallError, ErrorCode, FieldIssue, Result } from '../../shared/result';
import { serverEvents } from './events';

declare global {
  interface Window {
    /** Set by Electron's preload; absent in browser mode. */
    rapport?: Bridge;
    rapportEvents?: EventBridge;
  }
}

/** Where the page runs and how it reaches the app: its calls and its events. */
export interface PageHost {
  kind: 'desktop' | 'browser';
  bridge: Bridge;
  events: EventBridge;
}

/**
 * The host the page was served by, or null when none says so (the page opened as a file, or the
 * desktop app's preload did not load): never a guess.
 */
export function hostOfPage(doc: Document = document, win: Window = window): PageHost | null {
  const declared = doc.querySelector<HTMLMetaElement>('meta[name="rapport-host"]')?.content;
  if (declared === 'desktop') return win.rapport && win.rapportEvents ? { kind: 'desktop', bridge: win.rapport, events: win.rapportEvents } : null;
  if (declared === 'browser') return { kind: 'browser', bridge: httpBridge(), events: serverEvents() };
  return null;
}

/** `network`: the call never got an answer (the service stopped, or its reply was unreadable). */
export type ApiErrorCode = ErrorCode | 'network';

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly issues: FieldIssue[];

  constructor(error: { code: ApiErrorCode; message: string; issues?: FieldIssue[] }) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.issues = error.issues ?? [];
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

function isEnvelope(body: unknown): body is Result<unknown> {
  if (!body || typeof body !== 'object' || !('ok' in body)) return false;
  const error = (body as { error?: Partial<CallError> }).error;
  return body.ok === true ? 'value' in body : typeof error?.code === 'string' && typeof error.message === 'string';
}

/**
 * The browser-mode Bridge: the page and the API share an origin, and the access token rides in
 * the HttpOnly cookie the server set when the tokened address was opened. Every answer of the
 * server is an envelope, whatever its status; only a transport failure (no answer, or a body that
 * is not an envelope) rejects, and createApi turns that into a `network` ApiError.
 */
export function httpBridge(fetchImpl: Fetch = (input, init) => fetch(input, init)): Bridge {
  const post = async (method: Method, input: unknown, meta: CallMeta = {}): Promise<Result<unknown>> => {
    const response = await fetchImpl(`/api/${method}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-rapport-locale': meta.locale ?? 'en' },
      body: JSON.stringify(input ?? {}),
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (!isEnvelope(body)) throw new Error(`${method}: HTTP ${response.status} without a result envelope`);
    return body;
  };
  return Object.fromEntries(methods.map((method) => [method, (input: unknown, meta?: CallMeta) => post(method, input, meta)])) as Bridge;
}

/**
 * Plain promises over a Bridge; `locale` is read at each call so a language switch applies at
 * once. `onChanged` hears the areas a call's answer says it changed before the caller does, so
 * the views can be refreshing already when the caller's promise settles.
 */
export function createApi(bridge: Bridge, locale: () => Locale, onChanged: (areas: ChangeArea[]) => void = () => undefined): Api {
  const call = async <M extends Method>(method: M, input: CallInput<M>): Promise<CallOutput<M>> => {
    const send = bridge[method] as (input: CallInput<M>, meta?: CallMeta) => Promise<Result<CallOutput<M>>>;
    let result: Result<CallOutput<M>>;
    try {
      result = await send(input, { locale: locale() });
    } catch (cause) {
      // A Bridge answers with envelopes; a throw means the other side is gone or garbled.
      console.warn(`[rapport] ${method} got no answer:`, cause);
      throw new ApiError({ code: 'network', message: translator(locale())('errors.network') });
    }
    if (result.changed && result.changed.length > 0) onChanged(result.changed);
    if (result.ok) return result.value;
    throw new ApiError(result.error);
  };
  return Object.fromEntries(methods.map((method) => [method, (input: never) => call(method, input)])) as Api;
}
