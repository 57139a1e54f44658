import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../electron/host/paths';
import { RAPPORT_BIN, rapportProcess } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

const bin = RAPPORT_BIN;
const rapport = rapportProcess;

// Every test runs the CLI as processes, up to 10 s a test on a loaded 2-core machine.
describe('rapport CLI', { timeout: 60_000 }, () => {
  it('creates and lists accounts, which are still there in a new process', () => {
    const data = tempDir();
    const created = rapport(['--data', data, 'api', 'accounts.create', '{"name":"华为技术"}']);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.out).name).toBe('华为技术');
    const listed = rapport(['--data', data, 'api', 'accounts.list', '{}']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.out).map((a: { name: string }) => a.name)).toEqual(['华为技术']);
  });

  it('prints a clear message, exits non-zero and writes nothing for an empty name', () => {
    const data = tempDir();
    const bad = rapport(['--data', data, 'api', 'accounts.create', '{"name":""}']);
    expect(bad.code).toBe(1);
    expect(bad.out).toBe('');
    expect(bad.err).toMatch(/Name: Required/);
    expect(JSON.parse(rapport(['--data', data, 'api', 'accounts.list', '{}']).out)).toEqual([]);
  });

  it('speaks Chinese when the shell does', () => {
    const bad = rapport(['--data', tempDir(), 'api', 'accounts.create', '{"name":""}'], { LANG: 'zh_CN.UTF-8' });
    expect(bad.err).toMatch(/名称：必填/);
  });

  it('says what is wrong with malformed JSON, an unknown method or command', () => {
    const data = tempDir();
    expect(rapport(['--data', data, 'api', 'accounts.create', '{name:']).err).toMatch(/not valid JSON/);
    const unknown = rapport(['--data', data, 'api', 'accounts.explode', '{}']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/Unknown call/);
    expect(rapport(['--data', data, 'frobnicate']).code).toBe(2);
  });

  it('--help lists the commands and every contract method', () => {
    const help = rapport(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/serve \[--port N\]/);
    expect(help.out).toContain('accounts.restore');
  });

  it('refuses to load the sample data into a store that has accounts, so a second `demo` doubles nothing', () => {
    const data = tempDir();
    expect(rapport(['--data', data, 'api', 'demo.load', '{"accounts":2,"people":6,"touchpoints":10}']).code).toBe(0);
    const again = rapport(['--data', data, 'demo']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/only into an empty store.*already holds 2 accounts.*--data/);
    expect(JSON.parse(rapport(['--data', data, 'api', 'accounts.list', '{}']).out)).toHaveLength(2);
    expect(rapport(['--data', data, 'demo'], { LANG: 'zh_CN.UTF-8' }).err).toMatch(/已有 2 个客户/);
  });

  it('export into a pipe its reader closes early (`| head`) ends quietly, without an EPIPE stack trace', async () => {
    const data = tempDir();
    expect(rapport(['--data', data, 'api', 'demo.load', '{"accounts":3,"people":80,"touchpoints":600}']).code).toBe(0);
    const child = spawn(process.execPath, [bin, '--data', data, 'export'], { cwd: projectRoot, env: process.env });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    // Like `head -c 100`: read a little, then close our end of the pipe.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  it('exports lists as the app does: CSV and Excel bytes on stdout, contact cards, a calendar; says what is missing', () => {
    const data = tempDir();
    const account = JSON.parse(rapport(['--data', data, 'api', 'accounts.create', '{"name":"宁德时代","tier":"strategic"}']).out).id as string;
    rapport(['--data', data, 'api', 'people.create', JSON.stringify({ accountId: account, name: '曾毓群', phone: '+86 593 888 0000' })]);
    const csv = rapport(['--data', data, 'export', '--format', 'csv', '--list', 'portfolio']);
    expect(csv.code).toBe(0);
    expect(csv.out).toMatch(/^\ufeffAccount,Tier,/);
    expect(csv.out).toContain('宁德时代,Strategic');
    const xlsx = spawnSync(process.execPath, [bin, '--data', data, 'export', '--format', 'xlsx', '--list', 'people', '--account', account], {
      cwd: projectRoot,
    });
    expect(xlsx.status).toBe(0);
    expect(xlsx.stdout.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(rapport(['--data', data, 'export', '--format', 'vcard', '--account', account]).out).toContain('TEL;TYPE=CELL:+86 593 888 0000');
    expect(rapport(['--data', data, 'export', '--format', 'ics']).out).toMatch(/^BEGIN:VCALENDAR/);
    const noList = rapport(['--data', data, 'export', '--format', 'csv']);
    expect(noList.code).toBe(2);
    expect(noList.err).toMatch(/--list/);
    expect(rapport(['--data', data, 'export', '--format', 'pdf']).code).toBe(2);
    const noAccount = rapport(['--data', data, 'export', '--format', 'csv', '--list', 'people']);
    expect(noAccount.code).toBe(1);
    expect(noAccount.err).toMatch(/Account/);
  });

  it('serve prints a token URL on loopback and refuses requests without the token', async () => {
    const child = spawn(process.execPath, [bin, '--data', tempDir(), 'serve', '--port', '0'], { cwd: projectRoot, env: process.env });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let seen = '';
        child.stdout.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(seen);
          if (match) resolve(match[0]);
        });
        child.stderr.on('data', (chunk: Buffer) => (seen += chunk.toString()));
        child.on('exit', () => reject(new Error(`serve exited: ${seen}`)));
      });
      const origin = new URL(url).origin;
      expect((await fetch(`${origin}/api/accounts.list`, { method: 'POST', body: '{}' })).status).toBe(401);
      const ok = await fetch(`${origin}/api/accounts.list`, {
        method: 'POST',
        body: '{}',
        headers: { authorization: `Bearer ${new URL(url).searchParams.get('token')}`, 'content-type': 'application/json' },
      });
      expect(await ok.json()).toEqual({ ok: true, value: [] });
    } finally {
      child.kill('SIGTERM');
    }
  });
});
