import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { LOCALES } from '../../shared/i18n';
import { useApi } from '../api/context';
import { useLocale } from '../i18n';

export function AppHeader() {
  const { t } = useTranslation();
  const api = useApi();
  const info = useQuery({ queryKey: ['app.info'], queryFn: () => api['app.info']({}), staleTime: Infinity });

  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">R</span>
        <span className="brand-name">{t('app.name')}</span>
      </div>
      <nav className="app-nav" aria-label={t('nav.label')}>
        <NavLink to="/accounts" className="nav-link">
          {t('nav.accounts')}
        </NavLink>
      </nav>
      <div className="header-tools">
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

function LanguageSwitch() {
  const { t } = useTranslation();
  const { locale, setLocale } = useLocale();
  return (
    <div className="segmented" role="group" aria-label={t('app.language')}>
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          className="segment"
          aria-pressed={option === locale}
          onClick={() => setLocale(option)}
        >
          {t(`app.localeNames.${option}`)}
        </button>
      ))}
    </div>
  );
}
