/**
 * A file larger than the browser bridge's 8 MB body cap reaches the core in `import.upload`
 * chunks over real HTTP (browser mode), and imports; a path is refused outside the command line.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBridge } from '../../electron/host/bridge';
import { openRuntime } from '../../electron/host/runtime';
import { UPLOAD_CHUNK_BYTES } from '../../shared/import/schemas';
import { tempDir } from '../helpers/temp';

function post(
  port: number,
  token: string,
  method: string,
  body: unknown,
): Promise<{ status: number; json: { ok: boolean; value?: unknown; error?: { message: string } } }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: `/api/${method}`, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

describe('import over the browser bridge', () => {
  const runtime = openRuntime(tempDir(), 'browser');
  const rendererDir = tempDir();
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Rapport</title>');
  const bridgeStarted = startBridge({ dispatch: runtime.dispatch, rendererDir });
  afterAll(async () => {
    await (await bridgeStarted).close();
    runtime.close();
  });

  it('uploads a 9 MB sheet in chunks under the body cap and imports it', async () => {
    const bridge = await bridgeStarted;
    // 9 MB: a long notes column keeps the row count small.
    const notes = 'x'.repeat(9000);
    const lines = ['客户名称,行业,备注'];
    for (let i = 0; i < 1000; i++) lines.push(`客户${i},制造,${notes}`);
    const bytes = Buffer.from(lines.join('\r\n'), 'utf8');
    expect(bytes.length).toBeGreaterThan(8 * 1024 * 1024);

    const whole = await post(bridge.port, bridge.token, 'import.upload', {
      fileName: 'big.csv',
      offset: 0,
      size: bytes.length,
      data: bytes.toString('base64'),
    });
    expect(whole.status).toBe(413);

    let uploadId: string | undefined;
    let offset = 0;
    let calls = 0;
    while (offset < bytes.length) {
      const chunk = bytes.subarray(offset, offset + UPLOAD_CHUNK_BYTES);
      const answer = await post(bridge.port, bridge.token, 'import.upload', {
        ...(uploadId ? { uploadId } : {}),
        fileName: 'big.csv',
        offset,
        size: bytes.length,
        data: chunk.toString('base64'),
      });
      expect(answer.json.ok).toBe(true);
      ({ uploadId, received: offset } = answer.json.value as { uploadId: string; received: number });
      calls++;
    }
    expect(calls).toBe(3);
    const result = await post(bridge.port, bridge.token, 'import.run', { uploadId, kind: 'accounts' });
    expect(result.json).toMatchObject({ ok: true, value: { created: 1000, failed: 0 } });
    const stored = runtime.store.sqlite.prepare("SELECT count(*) AS n, min(length(notes)) AS shortest FROM accounts WHERE industry = '制造'").get();
    expect(stored).toEqual({ n: 1000, shortest: 9000 });

    const byPath = await post(bridge.port, bridge.token, 'import.preview', { path: '/etc/passwd', kind: 'accounts' });
    expect(byPath.json.ok).toBe(false);
    expect(byPath.json.error?.message).toMatch(/not allowed/);
  }, 120_000);
});
