/**
 * The renderer's one way to call the app. In Electron the preload exposes `window.rapport` (a
 * Bridge); in browser mode the same Bridge is built over `POST /api/<method>`. Either way the
 * caller gets plain promises: the value, or an ApiError carrying the envelope's code, message
 * (already in the user's language) and field issues.
 */
import { methods, type Api, type Bridge, type CallInput, type CallMeta, type CallOutput, type Method } from '../../shared/contract';
import { translator, type Locale } from '../../shared/i18n';
import type { CallError, ErrorCode, FieldIssue, Result } from '../../shared/result';

declare global {
  interface Window {
    /** Set by Electron's preload; absent in browser mode. */
    rapport?: Bridge;
  }
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

/** Plain promises over a Bridge; `locale` is read at each call so a language switch applies at once. */
export function createApi(bridge: Bridge, locale: () => Locale): Api {
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
    if (result.ok) return result.value;
    throw new ApiError(result.error);
  };
  return Object.fromEntries(methods.map((method) => [method, (input: never) => call(method, input)])) as Api;
}

/** The Bridge of the environment the page runs in. */
export function defaultBridge(): Bridge {
  return window.rapport ?? httpBridge();
}
