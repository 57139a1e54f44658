// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../shared/contract';
import { ApiError } from '../../renderer/api/client';
import { ApiProvider } from '../../renderer/api/context';
import { ToastProvider } from '../../renderer/components/Toasts';
import { createI18n } from '../../renderer/i18n';
import { PersonDialog } from '../../renderer/views/account/PeopleTab';
import type { PersonRecord } from '../../renderer/views/queries';

afterEach(cleanup);

const meta = { createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', deletedAt: null };
const boss = {
  ...meta,
  id: 'p0',
  accountId: 'a1',
  name: '李雷',
  title: '总经理',
  roles: ['decider'],
  ownerIds: [],
  status: 'active',
} as unknown as PersonRecord;
const member = { ...meta, id: 'm1', name: '王磊', email: null, role: 'kam', active: true };

function renderDialog(create: Api['people.create']) {
  const api = { 'members.list': vi.fn(async () => [member]), 'people.create': vi.fn(create), 'people.list': vi.fn(async () => [boss]) } as unknown as Api;
  const onClose = vi.fn();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <ApiProvider api={api}>
        <QueryClientProvider client={queryClient}>
          <ToastProvider>
            <PersonDialog accountId="a1" colleagues={[boss]} onClose={onClose} />
          </ToastProvider>
        </QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>,
  );
  const dialog = within(screen.getByRole('dialog', { name: '添加人员' }));
  const name = dialog.getByRole('textbox', { name: '名称' }) as HTMLInputElement;
  const reportsTo = dialog.getByRole('combobox', { name: '汇报对象' }) as HTMLSelectElement;
  const save = () => fireEvent.click(dialog.getByRole('button', { name: '保存' }));
  return { api, onClose, dialog, name, reportsTo, save };
}

describe('PersonDialog', () => {
  it('shows the schema’s errors in Chinese under their fields and sends nothing', async () => {
    const { api, dialog, name, save } = renderDialog(async () => boss);
    fireEvent.change(dialog.getByRole('textbox', { name: '邮箱' }), { target: { value: 'li.lei-at-example' } });
    save();
    expect(await dialog.findByText('必填。')).toBeTruthy();
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(dialog.getByText('邮箱地址 格式不正确。')).toBeTruthy();
    expect(api['people.create']).not.toHaveBeenCalled();
  });

  it('puts the service’s reason under the field it names and keeps what was typed', async () => {
    const reason = '这样会形成汇报循环。请选择不向此人汇报的上级。';
    const { onClose, dialog, name, reportsTo, save } = renderDialog(async () => {
      throw new ApiError({ code: 'validation', message: `汇报对象：${reason}`, issues: [{ path: 'reportsToId', message: reason }] });
    });
    await waitFor(() => expect(dialog.getAllByRole('checkbox', { name: '王磊' })).toHaveLength(1));
    fireEvent.change(name, { target: { value: '韩梅梅' } });
    fireEvent.change(reportsTo, { target: { value: 'p0' } });
    save();
    expect(await dialog.findByText(reason)).toBeTruthy();
    expect(reportsTo.getAttribute('aria-invalid')).toBe('true');
    expect(reportsTo.getAttribute('aria-describedby')).toBe(dialog.getByText(reason).id);
    expect(name.value).toBe('韩梅梅');
    expect(reportsTo.value).toBe('p0');
    expect(onClose).not.toHaveBeenCalled();
  });

  it('sends the person with their roles, manager and owner, confirms and closes', async () => {
    const { api, onClose, dialog, name, reportsTo, save } = renderDialog(async (input) => ({ ...boss, ...input, id: 'p1' }) as never);
    fireEvent.change(name, { target: { value: ' 韩梅梅 ' } });
    fireEvent.change(reportsTo, { target: { value: 'p0' } });
    fireEvent.click(dialog.getByRole('checkbox', { name: '决策者' }));
    fireEvent.click(dialog.getByRole('checkbox', { name: '采购者' }));
    fireEvent.click(await dialog.findByRole('checkbox', { name: '王磊' }));
    save();
    expect(await screen.findByText('已将韩梅梅加入决策链。')).toBeTruthy();
    expect(onClose).toHaveBeenCalled();
    expect(api['people.create']).toHaveBeenCalledWith(
      expect.objectContaining({
        accountId: 'a1',
        name: '韩梅梅',
        reportsToId: 'p0',
        roles: ['decider', 'buyer'],
        ownerIds: ['m1'],
        stance: 'unknown',
        influence: 3,
        strength: 1,
        email: null,
      }),
    );
  });
});
