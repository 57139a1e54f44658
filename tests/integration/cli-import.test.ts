/**
 * `rapport import` (issue 13): the CLI's import in-process through its `main` (the same code the
 * bundled bin runs): progress on stderr, the summary as JSON on stdout, a saved mapping by name,
 * exit codes for file errors and usage errors, messages in the shell's language.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { rapportInProcess } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

const rapport = rapportInProcess;

describe('rapport import', () => {
  it('imports a GBK sheet with progress on stderr and the summary on stdout, by a saved mapping', async () => {
    const data = tempDir();
    const lines = ['单位,联系人姓名,职务'];
    for (let i = 0; i < 1000; i++) lines.push(`客户${i % 30},联系人${i},经理`);
    const path = join(tempDir(), '名单.csv');
    writeFileSync(path, iconv.encode(lines.join('\r\n'), 'gbk'));

    const preset = JSON.stringify({ name: '我的名单', kind: 'people', headers: ['单位', '联系人姓名', '职务'], mapping: ['account', 'name', 'title'] });
    expect((await rapport(['--data', data, 'api', 'import.savePreset', preset])).code).toBe(0);

    const done = await rapport(['--data', data, 'import', path, '--kind', 'people', '--mapping', '我的名单']);
    expect(done.err).toMatch(/Imported \d+ of 1000 rows \(\d+ rows\/s\)/);
    expect(done.code).toBe(0);
    const summary = JSON.parse(done.out) as { created: number; accountsCreated: number; failed: number; batchId: string };
    expect(summary).toMatchObject({ created: 1000, accountsCreated: 30, failed: 0 });
    // The rows the import left to the search indexes are in them when the command ends.
    const store = new Database(join(data, 'rapport.sqlite'), { readonly: true });
    expect(store.prepare('SELECT count(*) FROM search_progress').pluck().get()).toBe(0);
    expect(store.prepare("SELECT count(*) FROM search_record_chars WHERE kind = 'person'").pluck().get()).toBe(1000);
    store.close();

    const again = await rapport(['--data', data, 'import', path, '--kind', 'people', '--mapping', '我的名单']);
    expect(JSON.parse(again.out)).toMatchObject({ created: 0, unchanged: 1000 });
  }, 60_000);

  it('exits 1 with a translated message for a file it cannot import, 2 for a usage error', async () => {
    const data = tempDir();
    const junk = join(tempDir(), 'x.csv');
    writeFileSync(junk, Buffer.from([0, 1, 2, 3, 0, 255]));
    const en = await rapport(['--data', data, 'import', junk, '--kind', 'people']);
    expect(en).toMatchObject({ code: 1, out: '' });
    expect(en.err).toMatch(/not a spreadsheet, CSV or vCard file/);
    const zh = await rapport(['--data', data, 'import', junk, '--kind', 'people'], 'zh_CN.UTF-8');
    expect(zh.err).toMatch(/不是表格、CSV 或 vCard 文件/);
    const good = join(tempDir(), 'ok.csv');
    writeFileSync(good, '客户名称,姓名\r\nACME,Ann\r\n');
    const noPreset = await rapport(['--data', data, 'import', good, '--kind', 'people', '--mapping', 'nope']);
    expect(noPreset.code).toBe(1);
    expect(noPreset.err).toMatch(/no saved mapping “nope”/);
    const usage = await rapport(['--data', data, 'import', junk]);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/Usage: rapport import FILE --kind/);
    expect((await rapport(['--data', data, 'import', junk, '--kind', 'leads'])).err).toMatch(/Unknown kind “leads”/);
  });
});
