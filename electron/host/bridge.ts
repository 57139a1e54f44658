/**
 * The browser-mode HTTP bridge: the built renderer and the contract over HTTP, on loopback only.
 * It runs on the thread that answers HTTP and only routes: calls go to the core (on its worker
 * thread in browser mode), events come back from it as server-sent events.
 *
 *   GET  /…                   the built renderer (static-files.ts), told it runs in browser mode
 *   POST /api/<method>        one contract call; the answer is its Result envelope
 *   GET  /api/events          the event stream (shared/events.ts), one `data:` line per event
 *   GET  /api/ping            answered here, without the core: whether this thread is responsive
 *
 * Every request needs the random token: the printed URL carries it once (`/?token=…`), the
 * answer sets it as an HttpOnly, SameSite=Strict cookie and redirects to `/`, so it leaves the
 * address bar and rides along with every later same-origin request. Scripts may send it as
 * `Authorization: Bearer …` instead. The Host header must name the loopback address we bound,
 * which stops DNS-rebinding pages from talking to us; the API and the event stream also refuse
 * another origin (Origin) and a cross-site fetch (Sec-Fetch-Site), which a browser sends even
 * where it would leave the cookie behind.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EVENT_STREAM_PATH, type AppEvent } from '../../shared/events';
import { resolveLocale, translator } from '../../shared/i18n';
import type { ErrorCode, Result } from '../../shared/result';
import type { Dispatch } from '../services/dispatch';
import type { CoreState } from './core-client';
import { SECURITY_HEADERS, staticAnswer } from './static-files';

const COOKIE = 'rapport_token';
const MAX_BODY_BYTES = 8 * 1024 * 1024;
export const PING_PATH = '/api/ping';
/** A comment line now and then, so nothing between the page and us drops a quiet stream. */
const HEARTBEAT_MS = 15_000;

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_method: 404,
  conflict: 409,
  cancelled: 409,
  unavailable: 503,
  internal: 500,
};

export interface BridgeOptions {
  dispatch: Dispatch;
  /** The core's events, to stream to pages; without it the stream stays open and quiet. */
  onEvent?: (listener: (event: AppEvent) => void) => () => void;
  /** What the ping says of the core (browser mode: its worker's state). */
  coreState?: () => CoreState;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed only in tests; otherwise 32 random bytes. */
  token?: string;
}

export interface RunningBridge {
  /** The address to open: it carries the token. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  let port = 0;

  const sameToken = (candidate: string | undefined): boolean => {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[rapport] bridge error:', error);
      const t = translator(resolveLocale(headerOf(req, 'x-rapport-locale') ?? headerOf(req, 'accept-language')));
      const message = t('errors.internal', { detail: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    const locale = resolveLocale(headerOf(req, 'x-rapport-locale') ?? headerOf(req, 'accept-language'));
    const refuse = (code: ErrorCode) => sendJson(res, STATUS[code], { ok: false, error: { code, message: translator(locale)(`errors.${code}`) } });

    const host = headerOf(req, 'host');
    if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) return refuse('forbidden');

    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    const queryToken = url.searchParams.get('token') ?? undefined;
    if (req.method === 'GET' && url.pathname === '/' && queryToken !== undefined) {
      if (!sameToken(queryToken)) return refuse('unauthorized');
      res.setHeader('Set-Cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      res.writeHead(303, { Location: '/' }).end();
      return;
    }
    const bearer = headerOf(req, 'authorization')?.replace(/^Bearer\s+/i, '');
    if (!sameToken(bearer) && !sameToken(cookieOf(req, COOKIE))) return refuse('unauthorized');

    if (url.pathname.startsWith('/api/')) {
      if (!sameOrigin(req, host)) return refuse('forbidden');
      if (req.method === 'GET' && url.pathname === PING_PATH) return sendJson(res, 200, { ok: true, value: { core: options.coreState?.() ?? 'ready' } });
      if (req.method === 'GET' && url.pathname === EVENT_STREAM_PATH) return streamEvents(req, res);
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        return refuse('forbidden');
      }
      const t = translator(locale);
      let method: string;
      try {
        method = decodeURIComponent(url.pathname.slice('/api/'.length));
      } catch {
        // A malformed escape (`%E0%A4%A`) names no method.
        method = url.pathname.slice('/api/'.length);
        return sendJson(res, 404, { ok: false, error: { code: 'unknown_method', message: t('errors.unknown_method', { method }) } });
      }
      // Only JSON: a page elsewhere can send text/plain or a form without asking (no CORS preflight), never JSON.
      const type = (headerOf(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') {
        return sendJson(res, 415, { ok: false, error: { code: 'validation', message: t('errors.json_only') } });
      }
      const declared = Number(headerOf(req, 'content-length') ?? 0);
      if (declared > MAX_BODY_BYTES) return tooLarge(req, res, t);
      let input: unknown;
      try {
        const body = await readBody(req);
        input = body.length === 0 ? {} : JSON.parse(body);
      } catch (error) {
        if (error instanceof BodyTooLarge) return tooLarge(req, res, t);
        return sendJson(res, 400, {
          ok: false,
          error: { code: 'validation', message: t('errors.validation', { details: t('validation.invalid') }) },
        });
      }
      const result = await options.dispatch(method, input, { locale });
      return sendJson(res, result.ok ? 200 : STATUS[result.error.code], result);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse('forbidden');
    const answer = await staticAnswer(options.rendererDir, url.pathname, { method: req.method, host: 'browser' });
    res.writeHead(answer.status, answer.headers).end(answer.body ?? undefined);
  }

  /** The core's events to one page, until it goes; the page's EventSource reconnects by itself. */
  function streamEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' });
    // How soon the page reconnects after the stream broke (the server restarted, the laptop woke).
    res.write('retry: 1000\n\n');
    const unsubscribe = options.onEvent?.((event) => res.write(`data: ${JSON.stringify(event)}\n\n`)) ?? (() => undefined);
    const heartbeat = setInterval(() => res.write(': alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    req.socket.setTimeout(0);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${HOST}:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise((done) => {
        // Event streams never end by themselves: close them with the rest.
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/**
 * The request comes from our own page, or from no page at all (a script with the bearer token):
 * a browser names the page's origin in Origin and says in Sec-Fetch-Site whether it is ours.
 */
function sameOrigin(req: IncomingMessage, host: string | undefined): boolean {
  const origin = headerOf(req, 'origin');
  if (origin !== undefined && origin !== `http://${host}`) return false;
  const site = headerOf(req, 'sec-fetch-site');
  return site === undefined || site === 'same-origin' || site === 'none';
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

class BodyTooLarge extends Error {}

/** 413 with the reason, then the connection closes (the rest of the body is not read). */
function tooLarge(req: IncomingMessage, res: ServerResponse, t: (key: string, params?: Record<string, unknown>) => string): void {
  const text = JSON.stringify({ ok: false, error: { code: 'validation', message: t('errors.too_large', { megabytes: MAX_BODY_BYTES / 1024 / 1024 }) } });
  res.writeHead(413, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), Connection: 'close' });
  res.end(text, () => req.destroy());
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Stop collecting; the caller answers 413 and then closes the connection.
        req.removeAllListeners('data');
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', (error) => reject(error));
  });
}

function sendJson(res: ServerResponse, status: number, body: Result<unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
