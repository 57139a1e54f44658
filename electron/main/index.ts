/**
 * The desktop app's entry (bundled to out/electron/main.cjs): one window, and the core (store,
 * services, sync, jobs) on a worker thread of its own, the same core browser mode and the CLI
 * run (electron/host/core.ts). This thread only routes calls and events and owns the window:
 * better-sqlite3 is synchronous, so one long query here would freeze the whole UI.
 *
 * Order matters here and is tested (tests/unit/desktop-main.test.ts): the app:// scheme and the
 * userData override must be set before `ready`, and the userData override before the
 * single-instance lock, because Electron keys that lock on the userData folder. So two
 * instances on two data folders may run side by side, two on one folder may not.
 */
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { app, BrowserWindow, dialog, nativeTheme, Notification, session } from 'electron';
import { noticeText } from '../../shared/notices';
import { registerIpc } from '../ipc/register';
import { resolveLocale, translator } from '../../shared/i18n';
import { startCore, type CoreClient } from '../host/core-client';
import { keychainDeviceKey } from './device-key';
import { dataDirOverride } from './options';
import { registerAppScheme, serveRenderer } from './protocol';
import { APP_ENTRY_URL, buildWebPreferences, hardenContents, hardenSession } from './security';

process.setSourceMapsEnabled(true);

let core: CoreClient | null = null;
let mainWindow: BrowserWindow | null = null;
let unregisterIpc: (() => void) | null = null;

/** Inside the app: the project folder in development, app.asar when packaged; never the cwd. */
const appPath = (...parts: string[]) => join(app.getAppPath(), ...parts);

/**
 * A bundle that runs as a worker thread, which cannot start from inside app.asar: electron-builder
 * unpacks those (electron-builder.yml, asarUnpack) next to it.
 */
const workerBundle = (name: string) => appPath('out', 'electron', name).replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);

/** Tells the user, in their language, why the app cannot run and ends it; callers return right after. */
function fail(titleKey: 'desktop.cannotStart' | 'desktop.cannotOpenData', error: unknown, detail?: { key: string; params: Record<string, unknown> }): void {
  const t = translator(resolveLocale(app.isReady() ? app.getLocale() : process.env.LANG));
  console.error(`[rapport] ${t(titleKey)}:`, error);
  const message = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox(t(titleKey), detail ? `${message}\n\n${t(detail.key, detail.params)}` : message);
  app.exit(1);
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Rapport',
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    // Shown on ready-to-show, so the user never sees an empty white frame while the UI loads.
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1f1f1f' : '#ffffff',
    webPreferences: buildWebPreferences(appPath('out', 'electron', 'preload.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => console.error('[rapport] could not load the UI:', error));
  mainWindow = window;
  return window;
}

function focusMainWindow(): void {
  // Before ready, start() is about to make the window anyway.
  if (!app.isReady()) return;
  if (mainWindow === null) {
    createWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function start(): void {
  hardenSession(session.defaultSession);
  const rendererDir = appPath('out', 'renderer');
  const index = join(rendererDir, 'index.html');
  if (!existsSync(index)) {
    fail('desktop.cannotStart', new Error(translator(resolveLocale(app.getLocale()))('desktop.notBuilt', { file: index })));
    return;
  }
  serveRenderer(rendererDir);

  const dataDir = app.getPath('userData');
  const defaultLocale = app.getLocale();
  // The key that wraps this device's secrets, from the OS keychain (device-key.ts); the core gets it raw.
  let deviceKey: Buffer | undefined;
  try {
    deviceKey = keychainDeviceKey(dataDir);
  } catch (error) {
    fail('desktop.cannotOpenData', error, { key: 'desktop.dataFolder', params: { dir: dataDir } });
    return;
  }
  const started = startCore({
    workerFile: workerBundle('core-worker.cjs'),
    core: {
      dataDir,
      migrationsDir: appPath('migrations'),
      mode: 'desktop',
      version: app.getVersion(),
      defaultLocale,
      // Sync rounds get a thread of their own, started by the core: a bootstrap is one long transaction.
      syncWorkerFile: workerBundle('sync-worker.cjs'),
      // A bootstrap reads the snapshot on a thread of its own while its round stores it.
      snapshotWorkerFile: workerBundle('snapshot-worker.cjs'),
      // A backup's check of a large store takes seconds: a thread of its own, started by the core.
      backupWorkerFile: workerBundle('backup-worker.cjs'),
      // An import's rows are checked on a thread of their own, ahead of the job that writes them.
      importWorkerFile: workerBundle('import-worker.cjs'),
      backgroundSync: true,
      deviceKey,
    },
  });
  core = started;
  // The window opens at once; calls made before the store is open wait for it on the core's side.
  started.ready.catch((error: unknown) => fail('desktop.cannotOpenData', error, { key: 'desktop.dataFolder', params: { dir: dataDir } }));
  unregisterIpc = registerIpc({
    dispatch: started.call,
    onEvent: (listener) => started.onEvent(listener),
    mainWindow: () => mainWindow,
    defaultLocale,
    // A printed PDF's text is mended on a thread of its own: main keeps answering the window.
    pdfWorkerFile: workerBundle('pdf-worker.cjs'),
  });
  // What the core tells once (an alert on an account of mine, a follow-up due) as a system notification.
  started.onEvent((event) => {
    if (event.type !== 'notice' || !Notification.isSupported()) return;
    const { title, body } = noticeText(event.notice, translator(resolveLocale(app.getLocale())));
    const notification = new Notification({ title, body });
    notification.on('click', () => focusMainWindow());
    notification.show();
  });
  createWindow();
}

function bootstrap(): void {
  registerAppScheme();
  hardenContents(app);

  let override: string | undefined;
  try {
    override = dataDirOverride(process.argv, process.env, process.cwd());
  } catch (error) {
    fail('desktop.cannotStart', error);
    return;
  }
  if (override !== undefined) app.setPath('userData', override);

  if (!app.requestSingleInstanceLock()) {
    // The first instance gets 'second-instance' and shows its window; this one has nothing to do.
    app.quit();
    return;
  }
  app.on('second-instance', () => focusMainWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  // The core closes the store on its own thread: quitting waits for that (a running job stops after
  // its chunk, a round's transaction is rolled back), then quits for good.
  app.on('will-quit', (event) => {
    unregisterIpc?.();
    unregisterIpc = null;
    const closing = core;
    core = null;
    if (closing === null) return;
    event.preventDefault();
    void closing.stop().finally(() => app.quit());
  });

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => fail('desktop.cannotStart', error));
}

bootstrap();
