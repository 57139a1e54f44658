/**
 * The health colour as people read it: a dot with the colour's word for screen readers and the
 * top reason as its tooltip, and the reason sentences (`{ key, params }`) worded in the reader's
 * language. Shared by the portfolio's column, the account header and the inbox.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { parseReason, wordReason } from '../../../shared/health/words';

export { parseReason };
import { useTranslate } from '../../i18n';

export type Reason = { key: string; params: Record<string, unknown> };
export type HealthColour = 'green' | 'yellow' | 'red';

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
