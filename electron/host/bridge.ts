/**
 * The browser-mode HTTP bridge: the built renderer and the contract over HTTP, on loopback only.
 *
 * Every request needs the random token: the printed URL carries it once (`/?token=…`), the
 * answer sets it as an HttpOnly, SameSite=Strict cookie and redirects to `/`, so it leaves the
 * address bar and rides along with every later same-origin request. Scripts may send it as
 * `Authorization: Bearer …` instead. The Host header must name the loopback address we bound,
 * which stops DNS-rebinding pages from talking to us.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { resolveLocale, translator } from '../../shared/i18n';
import type { ErrorCode, Result } from '../../shared/result';
import type { Dispatch } from '../services/dispatch';

const COOKIE = 'rapport_token';
const MAX_BODY_BYTES = 8 * 1024 * 1024;

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_method: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface BridgeOptions {
  dispatch: Dispatch;
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
  const root = resolve(options.rendererDir);
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
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        return refuse('forbidden');
      }
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      let input: unknown;
      try {
        const body = await readBody(req);
        input = body.length === 0 ? {} : JSON.parse(body);
      } catch {
        const t = translator(locale);
        return sendJson(res, 400, {
          ok: false,
          error: { code: 'validation', message: t('errors.validation', { details: t('validation.invalid') }) },
        });
      }
      const result = await options.dispatch(method, input, { locale });
      return sendJson(res, result.ok ? 200 : STATUS[result.error.code], result);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse('forbidden');
    return serveFile(res, url.pathname);
  }

  function serveFile(res: ServerResponse, pathname: string): void {
    let relative: string;
    try {
      relative = decodeURIComponent(pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = resolve(join(root, relative));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(404).end();
      return;
    }
    // Paths without an extension are routes of the single-page app.
    if (file === root || !extname(file)) file = join(root, 'index.html');
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Length': size,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    });
    createReadStream(file).pipe(res);
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
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
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

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: Result<unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
