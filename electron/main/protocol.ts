/**
 * Serves the built renderer from `app://rapport/…` instead of file://.
 *
 * A real origin gives the page a CSP header, same-origin rules and a URL that IPC and navigation
 * checks can trust; file:// pages share one origin with every file on the disk.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { protocol } from 'electron';
import { APP_SCHEME, CONTENT_SECURITY_POLICY, isAppUrl } from './security';

/**
 * Must run before `app` is ready. `standard` gives the scheme real origins and relative URL
 * resolution, `secure` makes pages a secure context, `supportFetchAPI` lets the page fetch its
 * own assets. `corsEnabled` stays off: it would let other origins read app:// responses.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function mimeTypeOf(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `rootDir` that an app:// URL names, or null when the URL is not ours or would
 * leave the folder (`..`, encoded `%2e%2e%2f`, backslashes, absolute paths, NUL bytes).
 * Paths without an extension are routes of the single-page app and get index.html.
 */
export function resolveAppFile(rootDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const root = resolve(rootDir);
  const file = resolve(join(root, pathname));
  const inside = relative(root, file);
  // isAbsolute catches a target on another drive, which relative() cannot express on Windows.
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return null;
  if (inside === '' || extname(file) === '') return join(root, 'index.html');
  return file;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
} as const;

function textResponse(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS, ...extra } });
}

/** The app:// request handler, apart from Electron so plain Node tests can call it with a Request. */
export function createAppRequestHandler(rootDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed', { Allow: 'GET, HEAD' });
    const file = resolveAppFile(rootDir, request.url);
    if (file === null) return textResponse(404, 'Not found');
    try {
      const info = await stat(file);
      if (!info.isFile()) return textResponse(404, 'Not found');
      const body = request.method === 'HEAD' ? null : await readFile(file);
      return new Response(body, {
        status: 200,
        headers: {
          'Content-Type': mimeTypeOf(file),
          'Content-Length': String(info.size),
          // The files change with every build; a stale cached bundle would talk to a newer main.
          'Cache-Control': 'no-cache',
          ...SECURITY_HEADERS,
        },
      });
    } catch {
      return textResponse(404, 'Not found');
    }
  };
}

/** Must run after `app` is ready. `rendererDir` is out/renderer inside the app path. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
}
