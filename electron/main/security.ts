/**
 * Every security default of the desktop shell, in one place so a review reads one file.
 *
 * The renderer is treated as untrusted: it gets no Node, runs sandboxed in an isolated world,
 * may not leave `app://rapport`, open windows, attach webviews or get any permission. It reaches
 * the store only through the named functions of the preload, and main checks who is calling
 * (see ../ipc/register.ts).
 */
import type { App, Session, WebContents, WebPreferences } from 'electron';
import { shell } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'rapport';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export { CONTENT_SECURITY_POLICY } from '../../shared/csp';

export function buildWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    // Dropping a file on the window would otherwise navigate to file://, leaving the app origin.
    navigateOnDragDrop: false,
    safeDialogs: true,
    // Chromium's spellchecker downloads dictionaries from Google: the app must stay offline.
    spellcheck: false,
  };
}

/** True for our own pages only: `app://rapport/...`, nothing that merely looks like it. */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    // Hosts are case-insensitive; Chromium lowercases them for standard schemes but Node's URL does not.
    parsed.hostname.toLowerCase() === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** Links the user may follow in the system browser: https only (no file:, smb:, custom handlers). */
export function isExternalLink(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** Refuses every permission (camera, notifications, geolocation, HID, ...): the UI needs none. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

type OpenExternal = (url: string) => Promise<void>;

/** Navigation rules for one web contents; exported apart from the app hook so tests can drive it. */
export function guardContents(contents: WebContents, openExternal: OpenExternal = (url) => shell.openExternal(url)): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) {
      openExternal(url).catch((error: unknown) => console.warn('[rapport] could not open link:', error));
    }
    return { action: 'deny' };
  });
  // A navigation away from app:// would load a page that still has our preload's bridge.
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Applies guardContents to every web contents the app ever creates, including ones made later. */
export function hardenContents(app: App): void {
  app.on('web-contents-created', (_event, contents) => guardContents(contents));
}
