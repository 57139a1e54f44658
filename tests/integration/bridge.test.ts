import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBridge, type RunningBridge } from '../../electron/host/bridge';
import { openRuntime, type HostRuntime } from '../../electron/host/runtime';
import { tempDir } from '../helpers/temp';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so tests control every header (fetch would refuse to set Host). */
function send(port: number, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('browser-mode HTTP bridge', () => {
  let runtime: HostRuntime;
  let bridge: RunningBridge;
  let rendererDir: string;
  const count = () => (runtime.store.sqlite.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n;
  const api = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    send(bridge.port, `/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  beforeEach(async () => {
    runtime = openRuntime(tempDir(), 'browser');
    rendererDir = tempDir();
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Rapport</title>');
    mkdirSync(join(rendererDir, 'assets'));
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    bridge = await startBridge({ dispatch: runtime.dispatch, rendererDir });
  });
  afterEach(async () => {
    await bridge.close();
    runtime.close();
  });

  it('listens on loopback only and prints a URL that carries the token', () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/?token=${bridge.token}`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(40);
  });

  it('answers 401 to a missing or wrong token, for the API and for files, and changes nothing', async () => {
    const noToken = await send(bridge.port, '/api/accounts.create', { method: 'POST', body: '{"name":"ACME"}' });
    expect(noToken.status).toBe(401);
    expect(JSON.parse(noToken.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const wrong = await api('accounts.create', { name: 'ACME' }, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect((await send(bridge.port, '/index.html')).status).toBe(401);
    expect((await send(bridge.port, `/?token=${bridge.token}x`)).status).toBe(401);
    expect(count()).toBe(0);
  });

  it('trades the URL token for an HttpOnly SameSite=Strict cookie that then opens the app', async () => {
    const first = await send(bridge.port, `/?token=${bridge.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await send(bridge.port, '/', { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Rapport</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const created = await send(bridge.port, '/api/accounts.create', {
      method: 'POST',
      headers: { cookie: cookie.split(';')[0]!, 'content-type': 'application/json' },
      body: '{"name":"ACME"}',
    });
    expect(created.status).toBe(200);
    expect(count()).toBe(1);
    // What a page elsewhere can send without a preflight (text/plain, a form) is refused, cookie or not.
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const simple = await send(bridge.port, '/api/accounts.create', {
        method: 'POST',
        headers: { cookie: cookie.split(';')[0]!, 'content-type': type },
        body: '{"name":"EVIL"}',
      });
      expect(simple.status).toBe(415);
      expect(JSON.parse(simple.body).error.message).toMatch(/JSON/);
    }
    expect(count()).toBe(1);
  });

  it('answers hostile input in words, never 500: a malformed escape, a NUL in a search, a body over 8 MB', async () => {
    const malformed = await send(bridge.port, '/api/accounts.list%E0%A4%A', {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(malformed.status).toBe(404);
    expect(JSON.parse(malformed.body).error.code).toBe('unknown_method');
    const nul = await api('search.query', { text: 'ACME\u0000' });
    expect(nul.status).toBe(200);
    const huge = await send(bridge.port, '/api/accounts.create', {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body).error.message).toMatch(/8 MB/);
    expect(count()).toBe(0);
  });

  it('answers 400 with the schema message to invalid input and changes nothing', async () => {
    const empty = await api('accounts.create', { name: '' });
    expect(empty.status).toBe(400);
    const body = JSON.parse(empty.body);
    expect(body.error.code).toBe('validation');
    expect(body.error.message).toMatch(/Name: Required/);
    expect(body.error.issues).toEqual([{ path: 'name', message: 'Required.' }]);

    const zh = await api('accounts.create', { name: 'x'.repeat(201) }, { 'x-rapport-locale': 'zh-CN' });
    expect(zh.status).toBe(400);
    expect(JSON.parse(zh.body).error.message).toContain('最多 200 个字符');

    const notJson = await send(bridge.port, '/api/accounts.create', {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' },
      body: '{name:',
    });
    expect(notJson.status).toBe(400);
    expect(count()).toBe(0);
  });

  it('answers 404 to an unknown method and refuses GET on the API', async () => {
    expect((await api('accounts.explode', {})).status).toBe(404);
    const get = await send(bridge.port, '/api/accounts.list', { headers: { authorization: `Bearer ${bridge.token}` } });
    expect(get.status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await api('accounts.list', {}, { host: `evil.example:${bridge.port}` });
    expect(res.status).toBe(403);
  });

  it('serves only files inside the renderer folder', async () => {
    const auth = { authorization: `Bearer ${bridge.token}` };
    expect((await send(bridge.port, '/assets/app.js', { headers: auth })).headers['content-type']).toMatch(/javascript/);
    expect((await send(bridge.port, '/assets/missing.js', { headers: auth })).status).toBe(404);
    // Encoded slashes survive URL normalisation and would climb out of the folder once decoded.
    expect((await send(bridge.port, '/..%2f..%2f..%2fetc%2fpasswd', { headers: auth })).status).toBe(404);
    expect((await send(bridge.port, '/assets/..%2f..%2fpackage.json', { headers: auth })).status).toBe(404);
    const dotted = await send(bridge.port, '/%2e%2e/%2e%2e/etc/passwd', { headers: auth });
    expect(dotted.body).not.toMatch(/root:/);
    // A route of the single-page app gets the page itself.
    expect((await send(bridge.port, '/accounts/123', { headers: auth })).body).toContain('Rapport');
  });
});
