// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { Bridge } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { ApiError, createApi, httpBridge } from '../../renderer/api/client';

const account = { id: 'a1', name: '华为技术', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', deletedAt: null };

/** A Bridge whose every method answers `answer` and records what it was called with. */
function fakeBridge(answer: () => Promise<Result<unknown>>) {
  const calls: { method: string; input: unknown; meta: unknown }[] = [];
  const bridge = new Proxy({} as Bridge, {
    get: (_, method: string) => (input: unknown, meta: unknown) => {
      calls.push({ method, input, meta });
      return answer();
    },
  });
  return { bridge, calls };
}

describe('createApi', () => {
  it('returns the value of an ok envelope and passes the current locale along', async () => {
    const { bridge, calls } = fakeBridge(async () => ({ ok: true, value: account }));
    let locale: 'zh-CN' | 'en' = 'zh-CN';
    const api = createApi(bridge, () => locale);

    await expect(api['accounts.create']({ name: '华为技术' })).resolves.toEqual(account);
    locale = 'en';
    await api['accounts.get']({ id: 'a1' });

    expect(calls).toEqual([
      { method: 'accounts.create', input: { name: '华为技术' }, meta: { locale: 'zh-CN' } },
      { method: 'accounts.get', input: { id: 'a1' }, meta: { locale: 'en' } },
    ]);
  });

  it('throws an ApiError with the code, message and field issues of a failed envelope', async () => {
    const error = { code: 'validation' as const, message: '名称：必填。 请修改后重试；没有保存任何内容。', issues: [{ path: 'name', message: '必填。' }] };
    const api = createApi(fakeBridge(async () => ({ ok: false, error })).bridge, () => 'zh-CN');

    const thrown = await api['accounts.create']({ name: '' }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ApiError);
    expect(thrown).toMatchObject(error);
  });

  it('turns a bridge that throws into a network ApiError worded in the user’s language', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const api = createApi(fakeBridge(() => Promise.reject(new Error('socket hang up'))).bridge, () => 'zh-CN');

    const thrown = await api['accounts.list']({ state: 'all' }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ApiError);
    expect(thrown).toMatchObject({ code: 'network', message: expect.stringContaining('后台服务没有响应') });
  });
});

describe('httpBridge', () => {
  const respond = (status: number, body: unknown) => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });

  it('POSTs the input as JSON to /api/<method> with the locale header and same-origin credentials', async () => {
    const fetch = vi.fn(async () => respond(200, { ok: true, value: [account] }));
    const bridge = httpBridge(fetch);

    await expect(bridge['accounts.list']({ state: 'deleted' }, { locale: 'zh-CN' })).resolves.toEqual({ ok: true, value: [account] });

    expect(fetch).toHaveBeenCalledWith('/api/accounts.list', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-rapport-locale': 'zh-CN' },
      body: JSON.stringify({ state: 'deleted' }),
    });
  });

  it('hands over the envelope of a refused call whatever the HTTP status', async () => {
    const refusal = { ok: false, error: { code: 'not_found', message: 'That record does not exist.' } };
    const bridge = httpBridge(async () => respond(404, refusal));
    await expect(bridge['accounts.get']({ id: 'gone' })).resolves.toEqual(refusal);
  });

  it('rejects when the answer is not an envelope, so the client reports the service as unreachable', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const api = createApi(
      httpBridge(async () => respond(502, '<html>Bad gateway</html>')),
      () => 'en',
    );
    await expect(api['app.info']({})).rejects.toMatchObject({ code: 'network', message: expect.stringContaining('did not answer') });
  });
});
