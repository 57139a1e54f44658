/**
 * `rapport workspace …` and `rapport sync` on an encrypted share, run in this process on real data
 * folders and a real share folder (issue 12): what a script reads on stdout, the exit codes, and
 * the sentences on stderr.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rapportInProcess } from '../helpers/cli';
import { translator } from '../../shared/i18n';
import type { SyncSummary } from '../../shared/sync';
import type { WorkspaceStatus } from '../../shared/workspace';
import { tempDir } from '../helpers/temp';

const en = translator('en');
const zh = translator('zh-CN');

const rapport = (lang: string, ...args: string[]) => rapportInProcess(args, lang);
const EN = 'en_US.UTF-8';

describe('rapport workspace', () => {
  it('creates, invites, joins once, syncs, and removes a device, with clear words when it cannot', async () => {
    const root = tempDir('rapport-ws-cli-');
    const share = join(root, 'share');
    mkdirSync(share);
    const [a, b, c] = ['a', 'b', 'c'].map((n) => join(root, n)) as [string, string, string];

    const created = await rapport(EN, '--data', a, 'workspace', 'create', '--share', share);
    expect(created.code, created.err).toBe(0);
    const recoveryKey = created.out.trim();
    expect(recoveryKey).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{1,4}){12}$/); // 32 bytes, in groups
    expect(JSON.parse(readFileSync(join(share, 'rapport-share.json'), 'utf8'))).toMatchObject({ version: 2 });
    expect((await rapport(EN, '--data', a, 'api', 'accounts.create', '{"name":"Shenzhen Lighting"}')).code).toBe(0);
    expect((await rapport(EN, '--data', a, 'sync')).code).toBe(0);

    // b has not joined: it may not invite, and its sync exits non-zero saying how to join.
    const notMember = await rapport(EN, '--data', b, 'workspace', 'invite', '--share', share);
    expect(notMember.code).toBe(1);
    expect(notMember.err).toContain(en('errors.workspace_not_enrolled'));
    const refused = await rapport(EN, '--data', b, 'sync', '--share', share, '--json');
    expect(refused.code).toBe(3);
    expect((JSON.parse(refused.out) as SyncSummary).stuck.map((s) => s.code)).toEqual(['not_enrolled']);
    expect(refused.err).toContain('workspace join --share PATH --code CODE');
    const refusedZh = await rapport('zh_CN.UTF-8', '--data', b, 'sync', '--share', share);
    expect(refusedZh.err).toContain(zh('sync.stuck.not_enrolled'));

    const invite = await rapport(EN, '--data', a, 'workspace', 'invite', '--share', share);
    expect(invite.code, invite.err).toBe(0);
    const code = invite.out.trim();
    expect(code.split('\n')).toHaveLength(1);
    const joined = await rapport(EN, '--data', b, 'workspace', 'join', '--share', share, '--code', code);
    expect(joined.code, joined.err).toBe(0);
    expect((await rapport(EN, '--data', b, 'sync')).code).toBe(0);
    const names = JSON.parse((await rapport(EN, '--data', b, 'api', 'accounts.list', '{}')).out) as { items: { name: string }[] };
    expect(JSON.stringify(names)).toContain('Shenzhen Lighting');

    // The code works once.
    const again = await rapport(EN, '--data', c, 'workspace', 'join', '--share', share, '--code', code);
    expect(again.code).toBe(1);
    expect(again.err).toContain(en('errors.workspace_invite_not_found'));
    const mistyped = await rapport('zh_CN.UTF-8', '--data', c, 'workspace', 'join', '--share', share, '--code', 'ABCD-EFGH');
    expect(mistyped.code).toBe(1);
    expect(mistyped.err).toContain(zh('errors.workspace_bad_code'));

    const status = JSON.parse((await rapport(EN, '--data', a, 'workspace', 'status', '--share', share)).out) as WorkspaceStatus;
    expect(status).toMatchObject({ shareEncrypted: true, enrolled: true });
    const bId = status.devices.find((d) => !d.me)!.device;
    expect(status.devices).toHaveLength(2);
    const removed = await rapport(EN, '--data', a, 'workspace', 'remove-device', bId, '--share', share);
    expect(removed.code, removed.err).toBe(0);
    const afterRemoval = await rapport(EN, '--data', b, 'sync', '--json');
    expect(afterRemoval.code).toBe(3);
    expect((JSON.parse(afterRemoval.out) as SyncSummary).stuck[0]).toMatchObject({ code: 'not_enrolled', params: { reason: 'removed' } });

    // The recovery key enrols a new device, which reads everything.
    const recovered = await rapport(EN, '--data', c, 'workspace', 'join', '--share', share, '--recovery', recoveryKey);
    expect(recovered.code, recovered.err).toBe(0);
    expect(JSON.stringify(JSON.parse((await rapport(EN, '--data', c, 'api', 'accounts.list', '{}')).out))).toContain('Shenzhen Lighting');
    expect((await rapport(EN, '--data', c, 'workspace')).code).toBe(2);
  });
});

describe('rapport workspace, bad input', () => {
  it('a share folder that is relative or missing is refused in words, and nothing is written anywhere', async () => {
    const root = tempDir('rapport-ws-bad-');
    const data = join(root, 'a');
    const missing = join(root, 'no-such-share');
    const created = await rapport(EN, '--data', data, 'api', 'workspace.create', JSON.stringify({ shareDir: missing }));
    expect(created.code).toBe(1);
    expect(created.err).toContain(en('errors.share_inaccessible', { path: missing }));
    const relative = await rapport(EN, '--data', data, 'api', 'workspace.invite', JSON.stringify({ shareDir: 'share' }));
    expect(relative.code).toBe(1);
    expect(relative.err).toContain(en('errors.share_relative', { path: 'share' }));
    expect(readdirSync(root).sort()).toEqual(['a']);
    const both = await rapport(EN, '--data', data, 'api', 'workspace.join', JSON.stringify({ code: 'AAAA', recoveryKey: 'BBBB' }));
    expect(both.code).toBe(1);
  });
});
