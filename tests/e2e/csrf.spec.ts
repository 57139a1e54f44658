/**
 * A web page on another loopback port (same site, another origin) tries to drive browser mode
 * through the user's session cookie, as an attacker would (issue 12): a no-cors POST with a
 * text/plain body, a form posted to the API, and a JSON fetch. Nothing is written and sync is not
 * re-pointed; the app itself still works.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures';
import { call } from './helpers';

const attackerPage = (api: string) => `<!doctype html><meta charset="utf-8"><title>Free coupons</title>
<form id="f" method="POST" action="${api}/accounts.create" enctype="text/plain"><input name='{"name":"PWNED-FORM","x":"' value='"}'></form>
<script>
  const tries = [
    fetch('${api}/accounts.create', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ name: 'PWNED-NOCORS' }) }),
    fetch('${api}/sync.configure', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ shareDir: '/tmp/attacker-share' }) }),
    fetch('${api}/accounts.create', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'PWNED-CORS' }) }),
  ].map((p) => p.then(() => 'sent', () => 'blocked'));
  Promise.all(tries).then((results) => { document.title = 'done:' + results.join(','); document.getElementById('f').submit(); });
</script>`;

test('a page on another loopback port gets nothing written and cannot re-point sync', async ({ app: page, server }) => {
  const before = await call<{ id: string; name: string }[]>(page, server.origin, 'accounts.list', {});
  const status = await call<{ shareDir: string | null }>(page, server.origin, 'sync.status', {});

  const attacker: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(attackerPage(`${server.origin}/api`));
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  try {
    const evil = await page.context().newPage();
    await evil.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
    // The form posts last: wait until the browser has left the attacker's page for the API's answer.
    await evil.waitForURL(/\/api\/accounts\.create$/, { timeout: 15_000 });
    await evil.close();
  } finally {
    attacker.close();
  }

  const after = await call<{ name: string }[]>(page, server.origin, 'accounts.list', {});
  expect(after.map((a) => a.name)).toEqual(before.map((a) => a.name));
  expect(after.some((a) => a.name.startsWith('PWNED'))).toBe(false);
  expect((await call<{ shareDir: string | null }>(page, server.origin, 'sync.status', {})).shareDir).toBe(status.shareDir);
  // The app's own page still works with its session.
  await call(page, server.origin, 'accounts.create', { name: '真实客户' });
  expect((await call<{ name: string }[]>(page, server.origin, 'accounts.list', {})).map((a) => a.name)).toContain('真实客户');
});
