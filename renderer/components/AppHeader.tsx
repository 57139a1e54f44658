import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { LOCALES } from '../../shared/i18n';
import { useApi } from '../api/context';
import { useLocale } from '../i18n';
import { useOpenAlertCount } from '../views/inbox';
import { quickLogShortcut, useQuickLog } from '../views/touchpoints/QuickLog';
import { GlobalSearch } from './GlobalSearch';

export function AppHeader() {
  const { t } = useTranslation();
  const api = useApi();
  const info = useQuery({ queryKey: ['app.info'], queryFn: () => api['app.info']({}), staleTime: Infinity });
  const quickLog = useQuickLog();
  const shortcut = quickLogShortcut();

  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          R
        </span>
        <span className="brand-name">{t('app.name')}</span>
      </div>
      <nav className="app-nav" aria-label={t('nav.label')}>
        <NavLink to="/" end className="nav-link">
          {t('nav.portfolio')}
        </NavLink>
        <InboxLink />
        <NavLink to="/dashboard" className="nav-link">
          {t('dashboard.nav')}
        </NavLink>
        <NavLink to="/duplicates" className="nav-link">
          {t('duplicates.nav')}
        </NavLink>
        <NavLink to="/followups" className="nav-link">
          {t('nav.followups')}
        </NavLink>
        <NavLink to="/settings" className="nav-link">
          {t('nav.settings')}
        </NavLink>
      </nav>
      <div className="header-tools">
        <GlobalSearch />
        <button
          type="button"
          className="button button-primary button-compact"
          aria-keyshortcuts={shortcut.aria}
          title={t('quickLog.hint', { shortcut: shortcut.label })}
          onClick={() => quickLog()}
        >
          {t('quickLog.open')}
          <kbd className="kbd" aria-hidden="true">
            {shortcut.label}
          </kbd>
        </button>
        {info.data && (
          <span className="mode-badge" data-mode={info.data.mode} title={t('app.version', { version: info.data.version })}>
            {t(`app.mode.${info.data.mode}`)}
          </span>
        )}
        <LanguageSwitch />
      </div>
    </header>
  );
}

/** The attention inbox, with the count of open alerts (the link's name says it too). */
function InboxLink() {
  const { t } = useTranslation();
  const count = useOpenAlertCount();
  return (
    <NavLink to="/inbox" className="nav-link" aria-label={count ? t('inbox.navCount', { count }) : undefined}>
      {t('inbox.nav')}
      {!!count && (
        <span className="nav-count" aria-hidden="true">
          {count}
        </span>
      )}
    </NavLink>
  );
}

function LanguageSwitch() {
  const { t } = useTranslation();
  const { locale, setLocale } = useLocale();
  return (
    <div className="segmented" role="group" aria-label={t('app.language')}>
      {LOCALES.map((option) => (
        <button key={option} type="button" lang={option} className="segment" aria-pressed={option === locale} onClick={() => setLocale(option)}>
          {t(`app.localeNames.${option}`)}
        </button>
      ))}
    </div>
  );
}
