/**
 * The create forms' warning: the existing accounts or people a draft looks like, checked as the
 * user types (duplicates.check), with a link to each. It only warns: saving stays possible.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CallInput } from '../../../shared/contract';
import { useDuplicateCheck } from './duplicatesQueries';
import './duplicates.css';

export function DuplicateWarning({ input }: { input: CallInput<'duplicates.check'> | null }) {
  const { t } = useTranslation();
  const check = useDuplicateCheck(input && input.name.trim() ? input : null);
  const matches = check.data ?? [];
  if (!input || matches.length === 0) return null;
  return (
    <div className="duplicate-warning" role="status" aria-label={t('duplicates.warning.title')} data-wide>
      <strong>{t('duplicates.warning.title')}</strong> {t(input.kind === 'accounts' ? 'duplicates.warning.account' : 'duplicates.warning.person')}
      <ul>
        {matches.map((m) => (
          <li key={m.id}>
            <Link to={input.kind === 'accounts' ? `/accounts/${m.id}` : `/people/${m.id}`} aria-label={t('duplicates.warning.open', { name: m.name })}>
              {m.name}
            </Link>
            {m.accountName && input.kind === 'people' && <span className="muted"> {t('duplicates.warning.inAccount', { account: m.accountName })}</span>}
            <span className="muted">
              {' · '}
              {t('duplicates.score', { score: Math.round(m.score * 100) })}
              {' · '}
              {m.reasons.map((r) => t(`duplicates.reasons.${r}`)).join('；')}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
