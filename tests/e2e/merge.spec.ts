/**
 * Duplicates, merge and handover in a real browser, in zh-CN and en (issue 13): the add-account
 * form warns about a likely duplicate; the duplicates view lists the pair; the merge dialog keeps
 * the chosen values and moves everything to the survivor; removing a leaving rep asks first and
 * hands their accounts to two members, with a preview; the survivor's handover pack and its
 * single-point-of-failure score are shown.
 */
import { expect, test } from './fixtures';
import { call, go, toasts } from './helpers';

interface Rec {
  id: string;
  name: string;
  deletedAt: string | null;
  [field: string]: unknown;
}

for (const locale of ['zh-CN', 'en'] as const) {
  test.describe(`duplicates and handover, with the OS in ${locale}`, () => {
    test.use({ locale });

    test('warn on create, merge two accounts, hand over a leaving rep, read the handover pack', async ({ app: page, t, server }) => {
      const api = <T = Rec>(method: string, input: unknown = {}) => call<T>(page, server.origin, method, input);
      const leaver = await api('members.create', { name: '赵磊', role: 'kam' });
      const li = await api('members.create', { name: '李娜', role: 'rep' });
      const chen = await api('members.create', { name: '陈晨', role: 'rep' });
      const survivor = await api('accounts.create', { name: '宁德时代新能源科技股份有限公司', tier: 'strategic', ownerId: leaver.id });
      const dup = await api('accounts.create', { name: '宁德时代', region: '福建', ownerId: leaver.id });
      const other = await api('accounts.create', { name: '比亚迪股份有限公司', ownerId: leaver.id });
      const boss = await api('people.create', { accountId: dup.id, name: '曾毓群', roles: ['decider'], ownerIds: [leaver.id] });
      await api('touchpoints.create', {
        accountId: dup.id,
        at: new Date(Date.now() - 7 * 86_400_000).toISOString(),
        kind: 'visit',
        summary: '拜访董事长，讨论储能合作',
        theirParticipants: [boss.id],
        ourParticipants: [leaver.id],
      });

      // The add-account form warns before saving.
      await page
        .getByRole('main')
        .getByRole('button', { name: t('portfolio.addAccount') })
        .first()
        .click();
      const add = page.getByRole('dialog', { name: t('portfolio.addAccount') });
      await add.getByLabel(t('accounts.newName')).fill('宁德时代 (中国)');
      const warning = add.getByRole('status', { name: t('duplicates.warning.title') });
      await expect(warning).toContainText(t('duplicates.warning.account'));
      await expect(warning.getByRole('link', { name: t('duplicates.warning.open', { name: '宁德时代' }), exact: true })).toBeVisible();
      await expect(warning).toContainText(t('duplicates.reasons.same_name'));
      await add.getByRole('button', { name: t('common.close') }).click();

      // The duplicates view lists the pair; merge the short name into the full one.
      await page
        .getByRole('navigation', { name: t('nav.label') })
        .getByRole('link', { name: t('duplicates.nav') })
        .click();
      await expect(page.getByRole('heading', { level: 1, name: t('duplicates.title') })).toBeVisible();
      const pair = page.getByRole('listitem', {
        name: t('duplicates.pairLabel', { a: survivor.id < dup.id ? survivor.name : dup.name, b: survivor.id < dup.id ? dup.name : survivor.name }),
      });
      await expect(pair).toContainText(t('duplicates.score', { score: 90 }));
      await pair.getByRole('button', { name: t('duplicates.merge') }).click();
      let dialog = page.getByRole('dialog', { name: t('duplicates.mergeDialog.title', { from: dup.name, into: survivor.name }) });
      if ((await dialog.count()) === 0) {
        await page.getByRole('button', { name: t('duplicates.mergeDialog.swap') }).click();
        dialog = page.getByRole('dialog', { name: t('duplicates.mergeDialog.title', { from: dup.name, into: survivor.name }) });
      }
      await expect(dialog).toContainText(t('duplicates.mergeDialog.intoSide', { name: survivor.name }));
      await expect(dialog).toContainText(t('duplicates.mergeDialog.moveCount', { table: t('syncUi.tables.people'), count: 1 }));
      // The survivor has no region: the duplicate's is chosen; the tier stays the survivor's.
      await expect(dialog.getByRole('radio', { name: `${t('fields.region')}: 福建` })).toBeChecked();
      await expect(dialog.getByRole('radio', { name: `${t('fields.tier')}: ${t('enums.tier.strategic')}` })).toBeChecked();
      await dialog.getByRole('button', { name: t('duplicates.mergeDialog.confirm') }).click();
      await expect(toasts(page, t)).toContainText(t('duplicates.mergeDialog.done', { name: survivor.name, moved: 3 }).split('：')[0]!.split(':')[0]!);
      await expect(dialog).toHaveCount(0);
      await expect(page.getByRole('listitem', { name: new RegExp(dup.name) })).toHaveCount(0);
      expect((await api('accounts.get', { id: dup.id })).deletedAt).not.toBeNull();
      expect(await api('accounts.get', { id: survivor.id })).toMatchObject({ region: '福建', tier: 'strategic', aliases: ['宁德时代'] });
      expect((await api('people.get', { id: boss.id })).accountId).toBe(survivor.id);

      // The account page shows its single point of failure and the handover pack.
      await go(page, `/accounts/${survivor.id}/organisation`);
      const risk = page.getByRole('region', { name: t('handover.risk.accountTitle') });
      await expect(risk).toContainText(t('handover.risk.soleCovered', { person: '曾毓群', member: '赵磊' }));
      await risk.getByRole('link', { name: t('handover.dialog.pack') }).click();
      await expect(page.getByRole('heading', { level: 1, name: t('handover.pack.title', { name: survivor.name }) })).toBeVisible();
      await expect(page.getByRole('region', { name: t('handover.pack.chain') })).toContainText('曾毓群');
      // The decision chain is drawn as on the map, for the printed page.
      await expect(
        page
          .getByRole('region', { name: t('handover.pack.chain') })
          .locator('svg')
          .first(),
      ).toBeVisible();
      await expect(page.getByRole('region', { name: t('handover.pack.chain') })).toContainText(t('handover.pack.knownByEntry', { name: '赵磊', count: 1 }));
      await expect(page.getByRole('region', { name: t('handover.pack.touchpoints') })).toContainText('拜访董事长，讨论储能合作');

      // The team page: 赵磊 is the single point; removing him asks first and hands over to two members.
      await go(page, '/settings');
      const spof = page.getByRole('region', { name: t('handover.risk.title') });
      await expect(spof.getByRole('row', { name: /赵磊/ })).toBeVisible();
      const team = page.getByRole('region', { name: t('members.title') });
      await team.getByRole('button', { name: t('common.deleteNamed', { name: '赵磊' }) }).click();
      const handover = page.getByRole('dialog', { name: t('handover.dialog.title', { name: '赵磊' }) });
      // One member is chosen to start with; both are wanted.
      await handover.getByRole('checkbox', { name: '李娜' }).check();
      await handover.getByRole('checkbox', { name: '陈晨' }).check();
      const preview = handover.getByRole('table');
      await expect(preview.getByRole('row')).toHaveCount(3); // header, 宁德时代…, 比亚迪…
      // Shared out in turn: one account each; then each row set by hand.
      const takers = await handover.getByRole('combobox').evaluateAll((selects) => selects.map((s) => (s as HTMLSelectElement).value));
      expect(new Set(takers)).toEqual(new Set([li.id, chen.id]));
      await handover.getByRole('combobox', { name: `${t('handover.dialog.takes')}: ${other.name}` }).selectOption({ label: '李娜' });
      await handover.getByRole('combobox', { name: `${t('handover.dialog.takes')}: ${survivor.name}` }).selectOption({ label: '陈晨' });
      await expect(handover.getByRole('combobox', { name: `${t('handover.dialog.takes')}: ${survivor.name}` })).toHaveValue(chen.id);
      await handover.getByRole('button', { name: t('handover.dialog.confirm') }).click();
      await expect(handover).toHaveCount(0);
      await expect(toasts(page, t)).toContainText(t('handover.dialog.done', { name: '赵磊', moved: 99 }).split('(')[0]!.split('（')[0]!);
      await expect(team.getByRole('list', { name: t('members.list') })).not.toContainText('赵磊');
      expect((await api('accounts.get', { id: survivor.id })).ownerId).toBe(chen.id);
      expect((await api('accounts.get', { id: other.id })).ownerId).toBe(li.id);
      expect((await api('people.get', { id: boss.id })).ownerIds).toEqual([chen.id]);
      expect((await api('members.get', { id: leaver.id })).deletedAt).not.toBeNull();
    });
  });
}
