/**
 * The organisation tab's own lists: the account team and the dated level history are added to
 * through their sections' dialogs, show what was added, say when they are empty, and delete to
 * the bin with Undo.
 */
import { expect, test } from './fixtures';
import { call, go, toasts } from './helpers';

test('account team and level history: empty, add through the dialog, delete with Undo', async ({ app: page, t, server }) => {
  const member = await call<{ id: string }>(page, server.origin, 'members.create', { name: '周杰', role: 'kam' });
  const account = await call<{ id: string }>(page, server.origin, 'accounts.create', { name: '宁德时代' });
  // Made behind the page's back: reload so its cached lists know them.
  await page.reload();
  await go(page, `/accounts/${account.id}/organisation`);

  const team = page.getByRole('region', { name: t('org.team.title') });
  await expect(team).toContainText(t('org.team.empty'));
  await team.getByRole('button', { name: t('org.team.add') }).click();
  const dialog = page.getByRole('dialog', { name: t('org.team.add') });
  await dialog.getByRole('combobox', { name: t('fields.memberId') }).selectOption(member.id);
  await dialog.getByRole('textbox', { name: t('fields.role') }).fill('KAM');
  await dialog.getByRole('button', { name: t('common.save') }).click();
  await expect(dialog).toBeHidden();
  await expect(team).toContainText('周杰');
  await expect(team).toContainText('KAM');
  expect(await call<unknown[]>(page, server.origin, 'team.list', { accountId: account.id })).toHaveLength(1);

  await team.getByRole('button', { name: t('common.deleteNamed', { name: '周杰' }) }).click();
  await expect(team).toContainText(t('org.team.empty'));
  await toasts(page, t)
    .getByRole('button', { name: t('common.undo') })
    .last()
    .click();
  await expect(team).toContainText('周杰');

  // The account's creation wrote the first level; one more, dated, goes on top.
  const levels = page.getByRole('region', { name: t('org.levels.title') });
  await expect(levels).toContainText(t('org.levels.latest'));
  await levels.getByRole('button', { name: t('org.levels.add') }).click();
  const levelDialog = page.getByRole('dialog', { name: t('org.levels.add') });
  await levelDialog.getByRole('combobox', { name: t('fields.level') }).selectOption('strategic');
  await levelDialog.getByRole('textbox', { name: t('fields.since') }).fill('2030-01-15');
  await levelDialog.getByRole('button', { name: t('common.save') }).click();
  await expect(levelDialog).toBeHidden();
  await expect(levels.getByRole('listitem').first()).toContainText(t('enums.level.strategic'));
  expect(await call<unknown[]>(page, server.origin, 'levels.list', { accountId: account.id })).toHaveLength(2);
});
