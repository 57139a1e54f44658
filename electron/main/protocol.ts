/**
 * Serves the built renderer from `app://rapport/…` instead of file://.
 *
 * A real origin gives the page a CSP header, same-origin rules and a URL that IPC and navigation
 * checks can trust; file:// pages share one origin with every file on the disk.
 */
import { protocol } from 'electron';
import { plainAnswer, resolveStaticFile, staticAnswer } from '../host/static-files';
import { APP_SCHEME, isAppUrl } from './security';

/**
 * Must run before `app` is ready. `standard` gives the scheme real origins and relative URL
 * resolution, `secure` makes pages a secure context, `supportFetchAPI` lets the page fetch its
 * own assets. `corsEnabled` stays off: it would let other origins read app:// responses.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** The file under `rootDir` that an app:// URL names, or null when the URL is not ours or would leave the folder. */
export function resolveAppFile(rootDir: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  return resolveStaticFile(rootDir, new URL(url).pathname);
}

/** The app:// request handler, apart from Electron so plain Node tests can call it with a Request. */
export function createAppRequestHandler(rootDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    // Another host under our scheme (app://evil/) is not ours: the same 404 as a missing file.
    const answer = isAppUrl(request.url)
      ? await staticAnswer(rootDir, new URL(request.url).pathname, { method: request.method, host: 'desktop' })
      : plainAnswer(404, 'Not found');
    return new Response(answer.body === null ? null : new Uint8Array(answer.body), { status: answer.status, headers: answer.headers });
  };
}

/** Must run after `app` is ready. `rendererDir` is out/renderer inside the app path. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
}
