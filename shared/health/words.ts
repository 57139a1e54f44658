/**
 * A health reason in the reader's words: its lists of names and roles joined the reader's way
 * ("马涛、孙洋" / "Ma Tao, Sun Yang"), roles by their names (决策者, not `decider`), "and N more"
 * where the model cut a long list. The one way the renderer, notifications and the desktop app
 * word a reason (the stakeholder map words its own flags the same way, renderer/map/words.ts).
 */
import type { Translate } from '../i18n';

export interface StoredReason {
  key: string;
  params: Record<string, unknown>;
}

/** A reason stored as JSON text (an alert's evidence, the portfolio's top reason); null when absent or not a reason. */
export function parseReason(text: string | null | undefined): StoredReason | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object') return null;
    const { key, params } = value as { key?: unknown; params?: unknown };
    if (typeof key !== 'string' || !key) return null;
    return { key, params: params && typeof params === 'object' && !Array.isArray(params) ? (params as Record<string, unknown>) : {} };
  } catch {
    return null;
  }
}

/** An alert's evidence as a reason: the model's own, or a text someone typed, shown as it is. */
export const evidenceReason = (text: string): StoredReason => parseReason(text) ?? { key: 'common.verbatim', params: { text } };

export function wordReason(reason: { key: string; params: Record<string, unknown> } | null | undefined, t: Translate): string {
  if (!reason) return '';
  const separator = t('common.listSeparator');
  const params: Record<string, unknown> = { ...reason.params };
  if (Array.isArray(reason.params.names)) {
    const names = reason.params.names.map(String).join(separator);
    const more = typeof reason.params.more === 'number' ? reason.params.more : 0;
    params.names = more > 0 ? t('map.reasons.more', { names, count: more }) : names;
  }
  if (Array.isArray(reason.params.roles)) params.roles = reason.params.roles.map((role) => t(`enums.role.${String(role)}`)).join(separator);
  return t(reason.key, params);
}
