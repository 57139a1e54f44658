// @vitest-environment jsdom
/**
 * The person page's private notes and erase (issue 12): the notes the api answers (only the
 * reader's own, decrypted by the core) are shown; erasing asks for the person's name first and
 * then calls `people.erase`; an erased person shows who erased them and offers no erase again.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../shared/contract';
import { PersonView } from '../../renderer/views/people/PersonView';
import type { PersonRecord } from '../../renderer/views/queries';
import { renderPage } from './harness';

afterEach(cleanup);

const meta = { createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', deletedAt: null };
const base = {
  ...meta,
  id: 'p1',
  accountId: 'a1',
  name: '韩梅梅',
  title: '采购总监',
  department: null,
  phone: '13800138000',
  email: null,
  reportsToId: null,
  roles: [],
  stance: 'neutral',
  influence: 3,
  strength: 2,
  ownerIds: [],
  preferredChannel: null,
  cadence: null,
  status: 'active',
  successorId: null,
  strategies: {},
  erasedAt: null,
  erasedBy: null,
};

function openPersonPage(locale: 'en' | 'zh-CN', person: Record<string, unknown> = base) {
  let current = person;
  const api = {
    'people.get': vi.fn(async () => current as PersonRecord),
    'people.list': vi.fn(async () => [current]),
    'people.history': vi.fn(async () => []),
    'people.erase': vi.fn(async () => {
      current = { ...current, name: '已删除的联系人 #7f3a', title: null, phone: null, erasedAt: '2026-12-05T01:00:00.000Z', erasedBy: 'm1' };
      return current;
    }),
    'accounts.get': vi.fn(async () => ({ ...meta, id: 'a1', name: '宁德时代' })),
    'members.list': vi.fn(async () => [{ ...meta, id: 'm1', name: '陈晓明', email: null, role: 'kam', active: true }]),
    'touchpoints.list': vi.fn(async () => []),
    'followups.list': vi.fn(async () => []),
    'links.list': vi.fn(async () => []),
    'notes.list': vi.fn(async () => (current.erasedAt ? [] : [{ ...meta, id: 'n1', personId: 'p1', body: '女儿明年高考' }])),
    'strategies.list': vi.fn(async () => []),
  } as unknown as Api;
  renderPage({ api, locale: locale, path: '/people/p1', route: '/people/:personId', element: <PersonView /> });
  return api;
}

describe('the person page: private notes and erase', () => {
  it('shows the private notes the core lets the reader open, with the lock badge and what it means', async () => {
    openPersonPage('en');
    const notes = within(await screen.findByRole('list', { name: 'Personal notes' }));
    expect(notes.getByText('女儿明年高考')).toBeTruthy();
    expect(screen.getByText(/only you can read them, on your own laptops/)).toBeTruthy();
  });

  it('erases only after the name is typed, then shows who erased the person (en)', async () => {
    const api = openPersonPage('en');
    fireEvent.click(await screen.findByRole('button', { name: 'Erase personal data' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Erase 韩梅梅?' }));
    expect(dialog.getByText(/on every device of the team/)).toBeTruthy();
    const confirm = dialog.getByRole('button', { name: 'Erase' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    const input = dialog.getByRole('textbox', { name: 'Type the person’s name to confirm' });
    fireEvent.change(input, { target: { value: '韩梅' } });
    expect(confirm.disabled).toBe(true);
    fireEvent.submit(confirm.closest('form')!);
    expect(api['people.erase']).not.toHaveBeenCalled();
    fireEvent.change(input, { target: { value: '韩梅梅' } });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    await waitFor(() => expect(api['people.erase']).toHaveBeenCalledWith({ personId: 'p1' }));
    expect(await screen.findByRole('heading', { name: '已删除的联系人 #7f3a' })).toBeTruthy();
    expect(await screen.findByText(/Personal data erased by 陈晓明 on/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Erase personal data' })).toBeNull();
    expect(screen.queryByText('女儿明年高考')).toBeNull();
  });

  it('asks in Chinese, and Cancel erases nothing (zh-CN)', async () => {
    const api = openPersonPage('zh-CN');
    fireEvent.click(await screen.findByRole('button', { name: '删除个人数据' }));
    const dialog = within(await screen.findByRole('dialog', { name: '删除 韩梅梅 的个人数据？' }));
    expect(dialog.getByText(/此操作无法撤销/)).toBeTruthy();
    fireEvent.click(dialog.getByRole('button', { name: '取消' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api['people.erase']).not.toHaveBeenCalled();
    expect(screen.getByRole('link', { name: '导出数据' }).getAttribute('href')).toBe('/people/p1/export');
  });
});
