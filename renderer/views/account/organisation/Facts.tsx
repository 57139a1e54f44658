import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** Label and value rows; empty values read “not set” rather than leaving a gap. */
export function Facts({ rows }: { rows: [label: string, value: ReactNode][] }) {
  const { t } = useTranslation();
  return (
    <dl className="facts">
      {rows.map(([label, value]) => (
        <div key={label} className="fact-row">
          <dt>{label}</dt>
          <dd>{value === null || value === undefined || value === '' ? <span className="muted">{t('common.notSet')}</span> : value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** An account by name, leading to its organisation layer. */
export function AccountLink({ account }: { account: { id: string; name: string } }) {
  return <Link to={`/accounts/${account.id}/organisation`}>{account.name}</Link>;
}
