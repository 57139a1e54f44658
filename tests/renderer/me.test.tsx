// @vitest-environment jsdom
/**
 * "Who am I" and the team's health rules against a fake Api: choosing yourself in Settings calls
 * `me.set`; the first-run banner shows while nobody is chosen and the team has members, and goes
 * once chosen or dismissed; the health rules send a changed weight to `health.configure` and show
 * the service's refusal under the field.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../shared/contract';
import { DEFAULT_HEALTH_SETTINGS, type HealthSettings } from '../../shared/health';
import { ApiError } from '../../renderer/api/client';
import { ApiProvider } from '../../renderer/api/context';
import { ToastProvider } from '../../renderer/components/Toasts';
import { createI18n } from '../../renderer/i18n';
import { BANNER_DISMISSED_KEY } from '../../renderer/views/settings/MeSection';
import { HealthSettingsSection, MeBanner, MeSection } from '../../renderer/views/settings';

afterEach(cleanup);
beforeEach(() => window.localStorage.clear());

const member = (id: string, name: string, fields: Record<string, unknown> = {}) => ({
  id,
  name,
  email: null,
  role: 'rep',
  active: true,
  deletedAt: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...fields,
});
const members = [member('m1', 'Wang Fang'), member('m2', 'Li Lei'), member('m3', 'Gone', { active: false })];

/** A fake Api whose "me" starts at nobody and follows `me.set`. */
function meApi(start: string | null = null) {
  let me: string | null = start;
  const view = () => ({ memberId: me, member: me ? { id: me, name: members.find((m) => m.id === me)!.name } : null });
  return {
    'members.list': vi.fn(async () => members),
    'me.get': vi.fn(async () => view()),
    'me.set': vi.fn(async ({ memberId }: { memberId: string | null }) => {
      me = memberId;
      return view();
    }),
  };
}

function renderWith(api: Record<string, unknown>, ui: ReactNode) {
  render(
    <I18nextProvider i18n={createI18n('en')}>
      <ApiProvider api={api as unknown as Api}>
        <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })}>
          <ToastProvider>
            <MemoryRouter>{ui}</MemoryRouter>
          </ToastProvider>
        </QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>,
  );
}

describe('who uses this laptop', () => {
  it('saves the member chosen in Settings with me.set', async () => {
    const api = meApi();
    renderWith(api, <MeSection />);
    const select = await screen.findByLabelText<HTMLSelectElement>('Team member');
    await waitFor(() => expect(within(select).queryByRole('option', { name: 'Li Lei' })).toBeTruthy());
    // Only active members are offered.
    expect(within(select).queryByRole('option', { name: 'Gone' })).toBeNull();
    await waitFor(() => expect(select.disabled).toBe(false));
    fireEvent.change(select, { target: { value: 'm2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api['me.set']).toHaveBeenCalledWith({ memberId: 'm2' }));
    expect(await screen.findByText('This laptop is now used by Li Lei.')).toBeTruthy();
  });

  it('asks on first run and stops asking once chosen', async () => {
    const api = meApi();
    renderWith(api, <MeBanner />);
    const banner = await screen.findByRole('region', { name: 'This laptop is used by' });
    expect(banner.textContent).toContain('Who uses this laptop?');
    fireEvent.change(within(banner).getByLabelText('I am'), { target: { value: 'm1' } });
    fireEvent.click(within(banner).getByRole('button', { name: 'That’s me' }));
    await waitFor(() => expect(api['me.set']).toHaveBeenCalledWith({ memberId: 'm1' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'This laptop is used by' })).toBeNull());
  });

  it('does not ask when someone is chosen, nor once dismissed', async () => {
    renderWith(meApi('m1'), <MeBanner />);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByRole('region', { name: 'This laptop is used by' })).toBeNull();
    cleanup();

    renderWith(meApi(), <MeBanner />);
    const banner = await screen.findByRole('region', { name: 'This laptop is used by' });
    fireEvent.click(within(banner).getByRole('button', { name: 'Not now' }));
    expect(screen.queryByRole('region', { name: 'This laptop is used by' })).toBeNull();
    expect(window.localStorage.getItem(BANNER_DISMISSED_KEY)).toBe('1');
  });
});

describe('the account health rules', () => {
  it('sends a changed weight to health.configure, keeping the rest', async () => {
    const configure = vi.fn(async (settings: HealthSettings) => settings);
    renderWith({ 'health.settings': vi.fn(async () => DEFAULT_HEALTH_SETTINGS), 'health.configure': configure }, <HealthSettingsSection />);
    expect(await screen.findByText(/shared with everyone through sync/)).toBeTruthy();
    fireEvent.change(await screen.findByLabelText('Weight of NPS'), { target: { value: '20' } });
    fireEvent.click(screen.getByLabelText('Complaints on'));
    fireEvent.click(screen.getByRole('button', { name: 'Save rules' }));
    await waitFor(() => expect(configure).toHaveBeenCalledTimes(1));
    const sent = configure.mock.calls[0]![0];
    expect(sent.nps.weight).toBe(20);
    expect(sent.complaints.enabled).toBe(false);
    expect(sent.purchases_down).toEqual(DEFAULT_HEALTH_SETTINGS.purchases_down);
    expect(sent.watchCredit).toBe(DEFAULT_HEALTH_SETTINGS.watchCredit);
    expect(await screen.findByText('Health rules saved; every account’s health was recomputed.')).toBeTruthy();
  });

  it('shows the service’s refusal under its field', async () => {
    const configure = vi.fn(async (): Promise<HealthSettings> => {
      throw new ApiError({
        code: 'validation',
        message: 'Alert months: too small',
        issues: [{ path: 'purchases_down.alertMonths', message: 'Must be at least Watch months.' }],
      });
    });
    renderWith({ 'health.settings': vi.fn(async () => DEFAULT_HEALTH_SETTINGS), 'health.configure': configure }, <HealthSettingsSection />);
    fireEvent.change(await screen.findByLabelText('Months falling for Alert'), { target: { value: '1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save rules' }));
    expect(await screen.findByText('Must be at least Watch months.')).toBeTruthy();
    expect(screen.getByLabelText('Months falling for Alert').getAttribute('aria-invalid')).toBe('true');
  });
});
