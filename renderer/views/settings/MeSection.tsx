/**
 * Who uses this laptop: the Settings section (a select of the active members and "nobody") and
 * the first-run banner at the top of the shell, shown while nobody is chosen and the team has
 * members, until chosen or dismissed (a per-device UI preference in localStorage).
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { Section } from '../../components/Section';
import { useErrorToast, useToast } from '../../components/Toasts';
import { useMembers } from '../queries';
import { useMe, useSetMe } from './meQueries';

/** The localStorage flag of a dismissed banner. */
export const BANNER_DISMISSED_KEY = 'rapport.me.bannerDismissed';

function readDismissed(): boolean {
  try {
    return window.localStorage.getItem(BANNER_DISMISSED_KEY) === '1';
  } catch {
    return false;
  }
}

function useChooseMe() {
  const { t } = useTranslation();
  const toast = useToast();
  const failed = useErrorToast();
  const setMe = useSetMe();
  const choose = async (memberId: string | null): Promise<boolean> => {
    try {
      const me = await setMe.mutateAsync(memberId);
      toast(me.member ? t('me.saved', { name: me.member.name }) : t('me.savedNobody'), { subject: 'me' });
      return true;
    } catch (error) {
      failed(error, 'me');
      return false;
    }
  };
  return { choose, pending: setMe.isPending };
}

export function MeSection() {
  const { t } = useTranslation();
  const me = useMe();
  const members = useMembers();
  // What the select shows: the user's pick, else the saved choice.
  const [picked, setPicked] = useState<string | null>(null);
  const { choose, pending } = useChooseMe();
  const selectId = useId();
  const saved = me.data?.memberId ?? '';
  const value = picked ?? saved;

  return (
    <Section title={t('me.title')} className="me-section">
      <p className="settings-intro">{t('me.intro')}</p>
      {members.list.isSuccess && members.active.length === 0 ? (
        <p className="section-empty">{t('me.noMembers')}</p>
      ) : (
        <form
          className="field-row me-form"
          onSubmit={(event) => {
            event.preventDefault();
            void choose(value || null).then((ok) => ok && setPicked(null));
          }}
        >
          <label className="field-label me-label" htmlFor={selectId}>
            {t('me.label')}
          </label>
          <select id={selectId} className="input select me-select" value={value} disabled={!me.isSuccess} onChange={(event) => setPicked(event.target.value)}>
            <option value="">{t('me.nobody')}</option>
            {members.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          <button type="submit" className="button button-primary" disabled={pending || !me.isSuccess}>
            {t('me.save')}
          </button>
        </form>
      )}
    </Section>
  );
}

/** The first-run question at the top of the app shell. */
export function MeBanner() {
  const { t } = useTranslation();
  const me = useMe();
  const members = useMembers();
  const [dismissed, setDismissed] = useState(readDismissed);
  const [picked, setPicked] = useState('');
  const { choose, pending } = useChooseMe();
  const selectId = useId();
  // On the home page only: appearing above a map or a form once the answers arrive would move what
  // the user is about to click.
  const home = useLocation().pathname === '/';

  if (!home || dismissed || !me.isSuccess || me.data.memberId !== null || members.active.length === 0) return null;
  const value = picked || members.active[0]!.id;

  const dismiss = () => {
    try {
      window.localStorage.setItem(BANNER_DISMISSED_KEY, '1');
    } catch {
      // Storage refused (private mode): hidden for this session only.
    }
    setDismissed(true);
  };

  return (
    <div className="me-banner" role="region" aria-label={t('me.title')}>
      <p className="me-banner-text">{t('me.banner.text')}</p>
      <form
        className="me-banner-form"
        onSubmit={(event) => {
          event.preventDefault();
          void choose(value);
        }}
      >
        <label className="me-label" htmlFor={selectId}>
          {t('me.banner.label')}
        </label>
        <select id={selectId} className="input select input-compact me-select" value={value} onChange={(event) => setPicked(event.target.value)}>
          {members.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-small button-primary" disabled={pending}>
          {t('me.banner.choose')}
        </button>
        <button type="button" className="button button-small" onClick={dismiss}>
          {t('me.banner.dismiss')}
        </button>
      </form>
    </div>
  );
}
