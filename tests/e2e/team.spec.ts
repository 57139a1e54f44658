/**
 * Our team and its defaults on the Settings page: a member added there is offered as an account's
 * owner and as a touchpoint's participant; deleting goes to the bin (Undo, Restore); the team's
 * strategy per role is edited in place. And a logged touchpoint edited with the quick-log form.
 */
import { expect, test } from './fixtures';
import { call, go, toasts } from './helpers';

interface Touchpoint {
  id: string;
  summary: string;
  ourParticipants: string[];
}

test('a team member added in Settings owns an account and joins an edited touchpoint; bin, Undo, Restore; team strategies', async ({
  app: page,
  t,
  server,
}) => {
  const name = 'Lin Xiaoyu';
  await go(page, '/settings');
  const team = page.getByRole('region', { name: t('members.title') });
  await expect(team).toContainText(t('members.empty'));

  // Add a member.
  await team.getByRole('button', { name: t('members.add') }).click();
  const dialog = page.getByRole('dialog', { name: t('members.add') });
  await dialog.getByRole('textbox', { name: t('fields.name') }).fill(name);
  await dialog.getByRole('textbox', { name: t('fields.email') }).fill('not-an-email');
  await dialog.getByRole('combobox', { name: t('fields.role') }).selectOption('kam');
  await dialog.getByRole('button', { name: t('common.save') }).click();
  await expect(dialog.getByRole('textbox', { name: t('fields.email') })).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByRole('textbox', { name: t('fields.email') }).fill('lin@example.com');
  await dialog.getByRole('button', { name: t('common.save') }).click();
  await expect(toasts(page, t)).toContainText(t('members.added', { name }));
  const members = team.getByRole('list', { name: t('members.list') });
  await expect(members).toContainText(name);
  await expect(members).toContainText(t('enums.memberRole.kam'));

  // Removing asks first (the handover dialog; nobody else to take over here), then goes to the bin: Undo; again, and restore.
  const remove = async () => {
    await members.getByRole('button', { name: t('common.deleteNamed', { name }) }).click();
    const handover = page.getByRole('dialog', { name: t('handover.dialog.title', { name }) });
    await expect(handover).toContainText(t('handover.dialog.noOthers'));
    await handover.getByRole('button', { name: t('handover.dialog.confirm') }).click();
  };
  await remove();
  await expect(team).toContainText(t('members.empty'));
  await toasts(page, t)
    .locator('div', { hasText: t('common.movedToBin', { name }) })
    .getByRole('button', { name: t('common.undo') })
    .click();
  await expect(members).toContainText(name);
  await remove();
  await expect(team).toContainText(t('members.empty'));
  await team.getByRole('button', { name: t('members.tabs.bin') }).click();
  await team.getByRole('button', { name: t('members.restoreNamed', { name }) }).click();
  await expect(toasts(page, t)).toContainText(t('common.restored', { name }));
  await expect(team).toContainText(t('members.emptyBin'));
  await team.getByRole('button', { name: t('members.tabs.active') }).click();
  await expect(members).toContainText(name);
  const [member] = await call<{ id: string; name: string; role: string; email: string }[]>(page, server.origin, 'members.list', {});
  expect(member).toMatchObject({ name, role: 'kam', email: 'lin@example.com' });

  // The team's strategy for a role, edited in place.
  const strategies = page.getByRole('region', { name: t('roleStrategies.title') });
  const decider = t('enums.role.decider');
  await strategies.getByRole('button', { name: t('roleStrategies.editFor', { role: decider }) }).click();
  const strategy = 'Quarterly executive review with the decider.';
  await strategies.getByRole('textbox', { name: t('roleStrategies.label', { role: decider }) }).fill(strategy);
  await strategies.getByRole('button', { name: t('common.save') }).click();
  await expect(toasts(page, t)).toContainText(t('roleStrategies.saved', { role: decider }));
  await expect(strategies).toContainText(strategy);
  const saved = await call<{ id: string; strategy: string }[]>(page, server.origin, 'strategies.list', {});
  expect(saved.find((s) => s.id === 'decider')?.strategy).toBe(strategy);

  // The member is offered as an account's owner.
  const account = await call<{ id: string }>(page, server.origin, 'accounts.create', { name: 'Northwind Trading' });
  await go(page, `/accounts/${account.id}/organisation`);
  await page.getByRole('button', { name: t('org.editDetails') }).click();
  const details = page.getByRole('dialog', { name: t('org.editTitle', { name: 'Northwind Trading' }) });
  await details.getByRole('combobox', { name: t('fields.ownerId') }).selectOption({ label: name });
  await details.getByRole('button', { name: t('common.save') }).click();
  await expect(details).toHaveCount(0);
  expect((await call<{ ownerId: string }>(page, server.origin, 'accounts.get', { id: account.id })).ownerId).toBe(member?.id);

  // A logged touchpoint, edited with the quick-log form: new summary, the member as participant.
  const logged = await call<Touchpoint>(page, server.origin, 'touchpoints.create', {
    accountId: account.id,
    at: new Date().toISOString(),
    kind: 'call',
    summary: 'First call',
  });
  await go(page, `/accounts/${account.id}/touchpoints`);
  const item = page
    .getByRole('list', { name: t('touchpoints.title') })
    .getByRole('listitem')
    .first();
  await expect(item).toContainText('First call');
  await item.getByRole('button', { name: t('common.editNamed', { name: 'First call' }) }).click();
  const edit = page.getByRole('dialog', { name: t('quickLog.editTitle') });
  await expect(edit.getByRole('textbox', { name: t('fields.summary') })).toHaveValue('First call');
  await expect(edit.getByRole('combobox', { name: t('fields.kind') })).toHaveValue('call');
  await edit.getByRole('textbox', { name: t('fields.summary') }).fill('First call: pricing agreed');
  await edit
    .getByRole('group', { name: t('fields.ourParticipants') })
    .getByRole('checkbox', { name })
    .check();
  await edit.getByRole('button', { name: t('common.save') }).click();
  await expect(toasts(page, t)).toContainText(t('quickLog.edited'));
  await expect(edit).toHaveCount(0);
  await expect(item).toContainText('First call: pricing agreed');
  await expect(item).toContainText(name);
  const touchpoints = await call<Touchpoint[]>(page, server.origin, 'touchpoints.list', { accountId: account.id });
  expect(touchpoints).toHaveLength(1);
  expect(touchpoints[0]).toMatchObject({ id: logged.id, summary: 'First call: pricing agreed', ourParticipants: [member?.id] });
});
