/**
 * The UI's i18next instance over the shared catalogs. The language follows the OS (the browser's
 * language list) until the user picks one in the header; that choice is kept in localStorage.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { useCallback } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import { catalogs, LOCALES, resolveLocale, type Catalog, type Locale, type Translate } from '../shared/i18n';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Catalog };
  }
}

const STORAGE_KEY = 'rapport.locale';

/** The first of the OS's languages that we have a catalog for; English when none is. */
export function localeFromLanguages(languages: readonly string[]): Locale {
  return resolveLocale(languages.find((tag) => /^(zh|en)\b/i.test(tag)));
}

function storedLocale(): Locale | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return LOCALES.find((locale) => locale === value);
  } catch {
    return undefined; // storage disabled: fall back to the OS language
  }
}

export function initialLocale(): Locale {
  return storedLocale() ?? localeFromLanguages(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
}

export function createI18n(locale: Locale): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { en: { translation: catalogs.en }, 'zh-CN': { translation: catalogs['zh-CN'] } },
    lng: locale,
    fallbackLng: 'en',
    load: 'currentOnly',
    // React escapes text itself; escaping here would show `&amp;` in account names.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  const markDocument = (lng: string) => document.documentElement.setAttribute('lang', resolveLocale(lng));
  markDocument(locale);
  instance.on('languageChanged', markDocument);
  return instance;
}

/** The current UI language and a way to change it (remembered across restarts). */
export function useLocale(): { locale: Locale; setLocale: (locale: Locale) => void } {
  const { i18n } = useTranslation();
  const setLocale = (locale: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // storage disabled: the choice lasts for this session only
    }
    void i18n.changeLanguage(locale);
  };
  return { locale: resolveLocale(i18n.language), setLocale };
}

/** The shared `Translate` shape (for the zod error map and describeIssues) over i18next. */
export function useTranslate(): Translate {
  const { t } = useTranslation();
  return useCallback<Translate>((key, params) => String(t(key as never, params as never)), [t]);
}
