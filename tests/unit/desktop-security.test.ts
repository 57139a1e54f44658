import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({ shell: { openExternal: vi.fn(async (_url: string) => {}) } }));
vi.mock('electron', () => electron);

import type { App, Session, WebContents } from 'electron';
import {
  buildWebPreferences,
  CONTENT_SECURITY_POLICY,
  guardContents,
  hardenContents,
  hardenSession,
  isAppUrl,
  isExternalLink,
} from '../../electron/main/security';

/** A web contents stand-in: records the window-open handler and emits navigation events. */
class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
  /** Emits like Electron: the event carries the URL and preventDefault. */
  navigate(name: 'will-navigate' | 'will-redirect', url: string): boolean {
    let prevented = false;
    this.emit(name, { url, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

describe('buildWebPreferences', () => {
  const prefs = buildWebPreferences('/app/out/electron/preload.cjs');

  it('isolates and sandboxes the page and gives it no Node', () => {
    expect(prefs.preload).toBe('/app/out/electron/preload.cjs');
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and turns risky features off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.spellcheck).toBe(false);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });
});

describe('Content-Security-Policy', () => {
  it('is the strict policy, the same as browser mode serves', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });
});

describe('isAppUrl', () => {
  it.each(['app://rapport/index.html', 'app://rapport/', 'app://rapport/accounts/42?tab=people#x', 'APP://RAPPORT/index.html'])('accepts %s', (url) => {
    expect(isAppUrl(url)).toBe(true);
  });

  it.each([
    'https://rapport/index.html',
    'http://localhost:5173/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://rapport.evil.com/',
    'app://rapport:8080/',
    'app://user@rapport/',
    'app://evil@rapport/',
    'app:rapport/index.html',
    'javascript:alert(1)',
    'about:blank',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });
});

describe('isExternalLink', () => {
  it('allows https only', () => {
    expect(isExternalLink('https://example.com/a')).toBe(true);
    expect(isExternalLink('http://example.com/a')).toBe(false);
    expect(isExternalLink('file:///C:/Windows/System32/calc.exe')).toBe(false);
    expect(isExternalLink('smb://share/x')).toBe(false);
    expect(isExternalLink('mailto:a@b.c')).toBe(false);
    expect(isExternalLink('nonsense')).toBe(false);
  });
});

describe('guardContents', () => {
  let contents: FakeContents;
  let openExternal: ReturnType<typeof vi.fn<(url: string) => Promise<void>>>;

  beforeEach(() => {
    contents = new FakeContents();
    openExternal = vi.fn(async (_url: string) => {});
    guardContents(contents as unknown as WebContents, openExternal);
  });

  it('denies navigation and redirects to anything but app://rapport', () => {
    expect(contents.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.navigate('will-navigate', 'app://other/index.html')).toBe(true);
    expect(contents.navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('lets the app navigate within app://rapport', () => {
    expect(contents.navigate('will-navigate', 'app://rapport/index.html')).toBe(false);
    expect(contents.navigate('will-redirect', 'app://rapport/accounts')).toBe(false);
  });

  it('denies every new window and hands https links to the system browser', () => {
    expect(contents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://example.com/');
    openExternal.mockClear();
    for (const url of ['http://example.com/', 'file:///etc/passwd', 'app://rapport/index.html', 'javascript:alert(1)']) {
      expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('prevents webviews from attaching', () => {
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, { src: 'https://evil.example/' });
    expect(prevented).toBe(true);
  });

  it('uses shell.openExternal by default', () => {
    const plain = new FakeContents();
    guardContents(plain as unknown as WebContents);
    plain.openHandler?.({ url: 'https://example.com/docs' });
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://example.com/docs');
  });
});

describe('hardenContents', () => {
  it('guards every web contents the app creates', () => {
    const app = new EventEmitter();
    hardenContents(app as unknown as App);
    const contents = new FakeContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.openHandler?.({ url: 'http://x/' })).toEqual({ action: 'deny' });
  });
});

describe('hardenSession', () => {
  it('denies every permission request and check', () => {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: (...args: never[]) => unknown) => (handlers.request = h),
      setPermissionCheckHandler: (h: (...args: never[]) => unknown) => (handlers.check = h),
      setDevicePermissionHandler: (h: (...args: never[]) => unknown) => (handlers.device = h),
    };
    hardenSession(session as unknown as Session);

    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'unknown']) {
      const callback = vi.fn();
      (handlers.request as unknown as (c: unknown, p: string, cb: (granted: boolean) => void) => void)({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect((handlers.check as unknown as (c: unknown, p: string, o: string) => boolean)({}, permission, 'app://rapport')).toBe(false);
    }
    expect((handlers.device as unknown as (d: unknown) => boolean)({ deviceType: 'usb' })).toBe(false);
  });
});
