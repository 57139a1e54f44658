import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  shell: { openExternal: vi.fn() },
}));
vi.mock('electron', () => electron);

import { createAppRequestHandler, registerAppScheme, resolveAppFile, serveRenderer } from '../../electron/main/protocol';
import { mimeTypeOf } from '../../electron/host/static-files';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'rapport-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Rapport</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'app.css'), 'body{}');
  // A file next to the renderer folder that no app:// URL may reach.
  writeFileSync(join(base, 'secret.txt'), 'secret');
  mkdirSync(join(base, 'renderer-evil'));
  writeFileSync(join(base, 'renderer-evil', 'x.js'), 'evil');
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('resolveAppFile', () => {
  it('maps app://rapport paths into the renderer folder', () => {
    expect(resolveAppFile(root, 'app://rapport/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(resolveAppFile(root, 'app://rapport/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://rapport/assets/with%20space.js')).toBe(join(root, 'assets', 'with space.js'));
  });

  it('answers index.html for the root and for routes of the single-page app', () => {
    expect(resolveAppFile(root, 'app://rapport/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://rapport/accounts/42')).toBe(join(root, 'index.html'));
  });

  /** True when `file` is the renderer folder or below it. */
  const insideRoot = (file: string) => {
    const rel = relative(root, file);
    return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
  };

  it.each([
    'app://rapport/..%2fsecret.txt',
    'app://rapport/assets/..%2f..%2fsecret.txt',
    'app://rapport/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://rapport/..%2frenderer-evil%2fx.js',
    'app://rapport/assets/app.js%00.png',
    'app://rapport/%E0%A4%A',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(root, url)).toBeNull();
  });

  it.each([
    // The URL parser already folds these dot segments, so they land inside the folder.
    'app://rapport/../secret.txt',
    'app://rapport/%2e%2e/secret.txt',
    'app://rapport/assets/../../../secret.txt',
    // A backslash is a separator on Windows (refused there) and a file-name character elsewhere.
    'app://rapport/..%5csecret.txt',
  ])('keeps %s inside the renderer folder', (url) => {
    const file = resolveAppFile(root, url);
    expect(file === null || insideRoot(file)).toBe(true);
    expect(file).not.toBe(join(base, 'secret.txt'));
  });

  it('returns null for URLs that are not ours', () => {
    expect(resolveAppFile(root, 'file:///etc/passwd')).toBeNull();
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppFile(root, 'https://rapport/index.html')).toBeNull();
  });
});

describe('createAppRequestHandler', () => {
  const handle = () => createAppRequestHandler(root);

  it('serves a file with its MIME type, the CSP and nosniff', async () => {
    const response = await handle()(new Request('app://rapport/assets/app.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('serves index.html as HTML for the entry URL', async () => {
    const response = await handle()(new Request('app://rapport/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toContain('<title>Rapport</title>');
  });

  it('answers 404 for a traversal attempt and never returns the file outside', async () => {
    for (const url of ['app://rapport/..%2fsecret.txt', 'app://rapport/assets/..%2f..%2fsecret.txt', 'app://rapport/%2e%2e/secret.txt']) {
      const response = await handle()(new Request(url));
      const body = await response.text();
      expect(body).not.toBe('secret');
      expect([404, 200]).toContain(response.status);
      if (response.status === 200) expect(body).toContain('<title>Rapport</title>');
    }
    const direct = await handle()(new Request('app://rapport/..%2fsecret.txt'));
    expect(direct.status).toBe(404);
  });

  it('answers 404 for missing files and folders, still with the CSP', async () => {
    const missing = await handle()(new Request('app://rapport/assets/nope.js'));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const folder = await handle()(new Request('app://rapport/assets.d/x.js'));
    expect(folder.status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await handle()(new Request('app://rapport/index.html', { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
  });

  it('answers HEAD without a body', async () => {
    const response = await handle()(new Request('app://rapport/assets/app.css', { method: 'HEAD' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await response.text()).toBe('');
  });
});

describe('mimeTypeOf', () => {
  it('knows the types the built UI uses and falls back to octet-stream', () => {
    expect(mimeTypeOf('a.HTML')).toBe('text/html; charset=utf-8');
    expect(mimeTypeOf('a.svg')).toBe('image/svg+xml');
    expect(mimeTypeOf('a.woff2')).toBe('font/woff2');
    expect(mimeTypeOf('a.unknown')).toBe('application/octet-stream');
  });
});

describe('scheme registration', () => {
  it('registers app:// as standard, secure and fetchable, without CORS or CSP bypass', () => {
    registerAppScheme();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('hands app:// requests to the handler', async () => {
    serveRenderer(root);
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = electron.protocol.handle.mock.calls[0]?.[1] as (r: Request) => Promise<Response>;
    expect((await handler(new Request('app://rapport/index.html'))).status).toBe(200);
  });
});
