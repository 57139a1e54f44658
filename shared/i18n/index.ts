import { en } from './en';
import { zhCN } from './zh-CN';

export type { Catalog } from './en';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const catalogs = { en, 'zh-CN': zhCN } as const;

/** Picks the supported locale for a BCP-47 tag or POSIX LANG value (`zh_CN.UTF-8`, `zh-Hans`, `en-GB`). */
export function resolveLocale(tag: string | undefined | null): Locale {
  const t = (tag ?? '').toLowerCase().replace('_', '-');
  return t.startsWith('zh') ? 'zh-CN' : 'en';
}

export type TranslateParams = Record<string, unknown>;
export type Translate = (key: string, params?: TranslateParams) => string;

/**
 * A small translator over the shared catalogs for places that have no i18next instance
 * (main-process messages, the CLI). Same `{{name}}` interpolation and `_other` plural rule as the UI.
 */
export function translator(locale: Locale): Translate {
  const lookup = (key: string): unknown =>
    key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), catalogs[locale]);
  return (key, params = {}) => {
    let text = lookup(key);
    if (typeof params.count === 'number' && params.count !== 1) {
      const plural = lookup(`${key}_other`);
      if (typeof plural === 'string') text = plural;
    }
    if (typeof text !== 'string') return key;
    return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
  };
}
