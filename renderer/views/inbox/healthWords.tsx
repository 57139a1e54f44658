/**
 * The health colour as people read it: a dot with the colour's word for screen readers and the
 * top reason as its tooltip, and the reason sentences (`{ key, params }`) worded in the reader's
 * language. Shared by the portfolio's column, the account header and the inbox.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { wordReason } from '../../../shared/health/words';
import { useTranslate } from '../../i18n';

export type Reason = { key: string; params: Record<string, unknown> };
export type HealthColour = 'green' | 'yellow' | 'red';

/** A reason stored as JSON text (the portfolio's `healthReason`); null when absent or not a reason. */
export function parseReason(text: string | null | undefined): Reason | null {
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

/** Words a reason: its full catalog key with its params (plurals by `count`). */
export function useReasonText(): (reason: Reason | null | undefined) => string {
  const t = useTranslate();
  return useCallback((reason) => wordReason(reason, t), [t]);
}

/** A coloured dot and the score; the dot names its colour and, on hover, the top reason. */
export function HealthDot({ colour, score, reason }: { colour: HealthColour | null; score: number | null; reason?: Reason | null }) {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  if (!colour) return <span className="muted">{t('inbox.health.none')}</span>;
  const colourWord = t(`health.colours.${colour}`);
  return (
    <span className="health-value">
      <span
        className="health-dot"
        data-colour={colour}
        role="img"
        aria-label={score === null ? colourWord : t('inbox.health.dot', { colour: colourWord, score })}
        title={reason ? reasonText(reason) : undefined}
      />
      {score !== null && (
        <span className="health-score" aria-hidden="true">
          {Math.round(score)}
        </span>
      )}
    </span>
  );
}
