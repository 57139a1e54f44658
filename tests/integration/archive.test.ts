/**
 * `rapport archive export|import` in real processes: a store with people, touchpoints, history,
 * a conflict-free bin and private notes goes into one file and back into an empty data folder with
 * an identical canonical export; a non-empty folder, junk and a cut-short archive are refused in
 * words with nothing loaded.
 */
import { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rapportProcess } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

const rapport = rapportProcess;

describe('rapport archive', () => {
  it('exports the whole store and imports it into an empty folder with the same canonical export', () => {
    const from = tempDir();
    expect(rapport(['--data', from, 'api', 'demo.load', '{"accounts":3,"people":40,"touchpoints":120}']).code).toBe(0);
    const someone = JSON.parse(
      rapport([
        '--data',
        from,
        'api',
        'people.list',
        '{"accountId":' + JSON.stringify(JSON.parse(rapport(['--data', from, 'api', 'accounts.list', '{}']).out)[0].id) + '}',
      ]).out,
    )[0];
    rapport(['--data', from, 'api', 'people.update', JSON.stringify({ id: someone.id, title: '采购总监' })]);
    rapport(['--data', from, 'api', 'people.delete', JSON.stringify({ id: someone.id })]);
    const file = join(tempDir(), 'team.rarchive');

    const written = rapport(['--data', from, 'archive', 'export', file]);
    expect(written.code, written.err).toBe(0);
    expect(written.out).toMatch(/Archive written to .*: \d+ rows/);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const to = tempDir();
    const loaded = rapport(['--data', to, 'archive', 'import', file]);
    expect(loaded.code, loaded.err).toBe(0);
    const canonical = (dir: string) => rapport(['--data', dir, 'export', '--include-private']).out;
    expect(canonical(to)).toBe(canonical(from));
    expect(canonical(to)).toContain('采购总监');
    // The bin came along: the deleted person is there to restore.
    expect(rapport(['--data', to, 'api', 'people.restore', JSON.stringify({ id: someone.id })]).code).toBe(0);
    // Search works on the imported data.
    expect(JSON.parse(rapport(['--data', to, 'api', 'search.query', JSON.stringify({ text: someone.name })]).out).people.length).toBeGreaterThan(0);
  }, 60_000);

  it('refuses a folder that holds data, a file that is not an archive and a cut-short one, in words, loading nothing', () => {
    const from = tempDir();
    rapport(['--data', from, 'api', 'accounts.create', '{"name":"宁德时代"}']);
    const file = join(tempDir(), 'a.rarchive');
    expect(rapport(['--data', from, 'archive', 'export', file]).code).toBe(0);

    const busy = rapport(['--data', from, 'archive', 'import', file]);
    expect(busy.code).toBe(1);
    expect(busy.err).toMatch(/already holds \d+ rows.*empty/);
    expect(rapport(['--data', from, 'archive', 'import', file], { LANG: 'zh_CN.UTF-8' }).err).toMatch(/归档只能导入到空文件夹/);

    const junk = join(tempDir(), 'junk.xlsx');
    writeFileSync(junk, 'PK\u0003\u0004 not an archive\n');
    const notArchive = rapport(['--data', tempDir(), 'archive', 'import', junk]);
    expect(notArchive.code).toBe(1);
    expect(notArchive.err).toMatch(/not a Rapport archive/);

    const cut = join(tempDir(), 'cut.rarchive');
    writeFileSync(cut, readFileSync(file));
    truncateSync(cut, statSync(cut).size - 20);
    const empty = tempDir();
    const damaged = rapport(['--data', empty, 'archive', 'import', cut]);
    expect(damaged.code).toBe(1);
    expect(damaged.err).toMatch(/damaged or incomplete/);
    expect(JSON.parse(rapport(['--data', empty, 'api', 'accounts.list', '{}']).out)).toEqual([]);

    expect(rapport(['--data', empty, 'archive', 'import']).code).toBe(2);
  }, 60_000);
});
