import { describe, expect, it } from 'vitest';
import { openRuntime } from '../../electron/host/runtime';
type Account = { id: string; name: string; deletedAt: string | null };
import type { Result } from '../../shared/result';
import { tempDir } from '../helpers/temp';

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

const countAccounts = (runtime: ReturnType<typeof openRuntime>) =>
  (runtime.store.sqlite.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n;

describe('accounts through the contract', () => {
  it('creates (trimmed), lists, renames, deletes to the bin and restores', async () => {
    const rt = openRuntime(tempDir(), 'cli');
    try {
      const created = value<Account>(await rt.dispatch('accounts.create', { name: '  华为技术  ' }));
      expect(created.name).toBe('华为技术');
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(created.deletedAt).toBeNull();

      const renamed = value<Account>(await rt.dispatch('accounts.update', { id: created.id, name: '华为技术有限公司' }));
      expect(renamed.name).toBe('华为技术有限公司');

      const deleted = value<Account>(await rt.dispatch('accounts.delete', { id: created.id }));
      expect(deleted.deletedAt).not.toBeNull();
      expect(value<Account[]>(await rt.dispatch('accounts.list', {}))).toHaveLength(0);
      expect(value<Account[]>(await rt.dispatch('accounts.list', { state: 'deleted' })).map((a) => a.id)).toEqual([created.id]);

      const restored = value<Account>(await rt.dispatch('accounts.restore', { id: created.id }));
      expect(restored.deletedAt).toBeNull();
      expect(value<Account[]>(await rt.dispatch('accounts.list', {})).map((a) => a.name)).toEqual(['华为技术有限公司']);
    } finally {
      rt.close();
    }
  });

  it('survives a restart', async () => {
    const dir = tempDir();
    const first = openRuntime(dir, 'cli');
    value(await first.dispatch('accounts.create', { name: 'ACME' }));
    first.close();
    const second = openRuntime(dir, 'cli');
    expect(value<Account[]>(await second.dispatch('accounts.list', {})).map((a) => a.name)).toEqual(['ACME']);
    second.close();
  });

  it.each([
    [{ name: '' }, 'name', /Required/],
    [{ name: '   ' }, 'name', /Required/],
    [{ name: 'x'.repeat(201) }, 'name', /at most 200/],
    [{}, 'name', /Required/],
    [{ name: 42 }, 'name', /Expected text/],
    [{ name: 'ok', admin: true }, '', /Unknown field/],
  ])('refuses %j with a clear message and writes nothing', async (input, path, message) => {
    const rt = openRuntime(tempDir(), 'cli');
    try {
      const result = await rt.dispatch('accounts.create', input, { locale: 'en' });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('validation');
      expect(result.error.issues?.map((i) => i.path)).toContain(path);
      expect(result.error.message).toMatch(message);
      expect(result.error.message).toMatch(/nothing was saved/);
      expect(countAccounts(rt)).toBe(0);
    } finally {
      rt.close();
    }
  });

  it('accepts a name of exactly 200 characters', async () => {
    const rt = openRuntime(tempDir(), 'cli');
    expect(value<Account>(await rt.dispatch('accounts.create', { name: '客'.repeat(200) })).name).toHaveLength(200);
    rt.close();
  });

  it('words errors in the caller language', async () => {
    const rt = openRuntime(tempDir(), 'cli');
    const result = await rt.dispatch('accounts.create', { name: '' }, { locale: 'zh-CN' });
    expect(result.ok ? '' : result.error.message).toBe('名称：必填。 请修改后重试；没有保存任何内容。');
    rt.close();
  });

  it('answers not_found for an unknown id and unknown_method for an unknown call', async () => {
    const rt = openRuntime(tempDir(), 'cli');
    const missing = await rt.dispatch('accounts.update', { id: 'no-such-id', name: 'x' });
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
    const unknown = await rt.dispatch('accounts.explode', {});
    expect(unknown.ok ? null : unknown.error.code).toBe('unknown_method');
    rt.close();
  });

  it('sorts names in the caller language (pinyin order for zh-CN)', async () => {
    const rt = openRuntime(tempDir(), 'cli');
    for (const name of ['中兴通讯', '阿里巴巴', '比亚迪']) value(await rt.dispatch('accounts.create', { name }));
    const names = value<Account[]>(await rt.dispatch('accounts.list', {}, { locale: 'zh-CN' })).map((a) => a.name);
    expect(names).toEqual(['阿里巴巴', '比亚迪', '中兴通讯']);
    rt.close();
  });
});
