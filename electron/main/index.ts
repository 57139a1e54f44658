/**
 * The desktop app's entry (bundled to out/electron/main.cjs): one window, one store, one
 * dispatcher shared with browser mode and the CLI.
 *
 * Order matters here and is tested (tests/unit/desktop-main.test.ts): the app:// scheme and the
 * userData override must be set before `ready`, and the userData override before the
 * single-instance lock, because Electron keys that lock on the userData folder. So two
 * instances on two data folders may run side by side, two on one folder may not.
 */
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { app, BrowserWindow, dialog, nativeTheme, session } from 'electron';
import { registerIpc } from '../ipc/register';
import { resolveLocale, translator } from '../../shared/i18n';
import { createDispatcher } from '../services/dispatch';
import { SyncService } from '../services/sync';
import { openStore, type Store } from '../store/open';
import { dataDirOverride } from './options';
import { registerAppScheme, serveRenderer } from './protocol';
import { APP_ENTRY_URL, buildWebPreferences, hardenContents, hardenSession } from './security';

process.setSourceMapsEnabled(true);

let store: Store | null = null;
let sync: SyncService | null = null;
let mainWindow: BrowserWindow | null = null;
let unregisterIpc: (() => void) | null = null;

/** Inside the app: the project folder in development, app.asar when packaged; never the cwd. */
const appPath = (...parts: string[]) => join(app.getAppPath(), ...parts);

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
  if (!existsSync(join(rendererDir, 'index.html'))) {
    fail('desktop.cannotStart', new Error(translator(resolveLocale(app.getLocale()))('desktop.notBuilt', { dir: rendererDir })));
    return;
  }
  serveRenderer(rendererDir);

  const dataDir = app.getPath('userData');
  let opened: Store;
  try {
    opened = openStore({ dataDir, migrationsDir: appPath('migrations') });
  } catch (error) {
    fail('desktop.cannotOpenData', error, { key: 'desktop.dataFolder', params: { dir: dataDir } });
    return;
  }
  store = opened;
  const defaultLocale = app.getLocale();
  // Sync rounds run on a worker thread (a first bootstrap can take seconds): the bundled worker is
  // unpacked from app.asar (electron-builder.yml), because worker threads cannot start from inside it.
  sync = new SyncService(opened, app.getVersion(), {
    file: appPath('out', 'electron', 'sync-worker.cjs').replace(`app.asar${sep}`, `app.asar.unpacked${sep}`),
  });
  const dispatch = createDispatcher(opened, { mode: 'desktop', version: app.getVersion(), defaultLocale, sync });
  unregisterIpc = registerIpc({ dispatch, mainWindow: () => mainWindow, defaultLocale });
  createWindow();
  sync.start();
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
  // better-sqlite3 is synchronous, so no statement can be half-way through when this runs.
  app.on('will-quit', () => {
    unregisterIpc?.();
    unregisterIpc = null;
    sync?.stop();
    sync = null;
    store?.close();
    store = null;
  });

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => fail('desktop.cannotStart', error));
}

bootstrap();
