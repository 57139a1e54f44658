/**
 * The built renderer as files, one way for both ways the UI is served: `app://rapport/…` in the
 * desktop app (electron/main/protocol.ts) and the loopback server of browser mode (bridge.ts).
 * The same path rules, MIME types and security headers, and the same page, told which host it
 * runs in (`<meta name="rapport-host">`, filled here; renderer/main.tsx reads it): the page must
 * never guess, and a page that neither host opened says so instead of calling into the void.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

/** Which host serves the page: the Electron window (its preload's bridge) or browser mode (HTTP and SSE). */
export type PageHost = 'desktop' | 'browser';

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

/** On every answer, files and refusals alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** The placeholder in renderer/index.html that names the host; empty there, so an unserved page has none. */
const HOST_META = /<meta name="rapport-host" content="[^"]*"\s*\/?>/;

/**
 * The file a URL path names under `rootDir`, or null when it would leave the folder (`..`,
 * encoded `%2e%2e%2f`, an absolute path, a NUL byte) or cannot be decoded. Paths without an
 * extension are routes of the single-page app and get index.html.
 */
export function resolveStaticFile(rootDir: string, urlPath: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(urlPath);
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

export interface StaticAnswer {
  status: number;
  headers: Record<string, string>;
  /** Null for HEAD and for an answer without a body. */
  body: Buffer | null;
}

/** A short plain-text answer (a refusal, a missing file), with the security headers too. */
export const plainAnswer = (status: number, text: string, extra: Record<string, string> = {}): StaticAnswer => ({
  status,
  headers: { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS, ...extra },
  body: Buffer.from(text),
});

/** The answer to a GET or HEAD of `urlPath` (still URL-encoded) from the built renderer in `rootDir`. */
export async function staticAnswer(rootDir: string, urlPath: string, options: { method: string; host: PageHost }): Promise<StaticAnswer> {
  if (options.method !== 'GET' && options.method !== 'HEAD') return plainAnswer(405, 'Method not allowed', { Allow: 'GET, HEAD' });
  const file = resolveStaticFile(rootDir, urlPath);
  if (file === null) return plainAnswer(404, 'Not found');
  let bytes: Buffer;
  try {
    if (!(await stat(file)).isFile()) return plainAnswer(404, 'Not found');
    bytes = await readFile(file);
  } catch {
    return plainAnswer(404, 'Not found');
  }
  // The page learns its host from the one who serves it; both serve the same build.
  if (extname(file) === '.html') bytes = Buffer.from(bytes.toString('utf8').replace(HOST_META, `<meta name="rapport-host" content="${options.host}" />`));
  return {
    status: 200,
    headers: {
      'Content-Type': mimeTypeOf(file),
      'Content-Length': String(bytes.length),
      // The files change with every build; a stale cached bundle would talk to a newer core.
      'Cache-Control': 'no-cache',
      ...SECURITY_HEADERS,
    },
    body: options.method === 'HEAD' ? null : bytes,
  };
}
