import { useTranslation } from 'react-i18next';

/** A 1–5 score as five dots, read out as “4 of 5”. */
export function Score({ value, kind }: { value: number; kind: 'influence' | 'strength' }) {
  const { t } = useTranslation();
  const label = t('people.scoreOf', { score: value });
  return (
    <span className="score" data-kind={kind} role="img" aria-label={label} title={label}>
      {[1, 2, 3, 4, 5].map((step) => (
        <span key={step} className="score-dot" data-on={step <= value || undefined} />
      ))}
    </span>
  );
}
