/** #/duplicates: candidate pairs of accounts or people with their score and reasons; "not a duplicate" and "merge". */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MergeKind } from '../../../shared/dedupe/schemas';
import { ListState } from '../../components/LoadState';
import { useErrorToast, useToast } from '../../components/Toasts';
import { MergeDialog } from './MergeDialog';
import { useDismissDuplicate, useDuplicates, type DuplicatePair } from './duplicatesQueries';
import './duplicates.css';

const KINDS = ['accounts', 'people'] as const satisfies readonly MergeKind[];

export function DuplicatesView() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<MergeKind>('accounts');
  const list = useDuplicates(kind);
  const [merging, setMerging] = useState<DuplicatePair | null>(null);
  const pairs = list.data?.pairs ?? [];
  return (
    <main className="page page-wide" aria-labelledby="duplicates-title">
      <div className="page-heading page-heading-row">
        <div>
          <h1 id="duplicates-title">{t('duplicates.title')}</h1>
          <p className="muted">{t('duplicates.intro')}</p>
        </div>
        <div className="segmented" role="group" aria-label={t('duplicates.kindsLabel')}>
          {KINDS.map((option) => (
            <button key={option} type="button" className="segment" aria-pressed={option === kind} onClick={() => setKind(option)}>
              {t(`duplicates.kinds.${option}`)}
            </button>
          ))}
        </div>
      </div>
      <section className="card section duplicate-list">
        <ListState query={list} count={pairs.length} empty={t('duplicates.empty')}>
          <p className="muted">{t('duplicates.total', { shown: pairs.length, total: list.data?.total ?? 0 })}</p>
          <ul className="plain-list duplicate-pairs" aria-label={t('duplicates.title')}>
            {pairs.map((pair) => (
              <PairRow key={`${pair.a.id}:${pair.b.id}`} pair={pair} onMerge={() => setMerging(pair)} />
            ))}
          </ul>
        </ListState>
      </section>
      {merging && <MergeDialog kind={merging.kind} a={merging.a} b={merging.b} onClose={() => setMerging(null)} />}
    </main>
  );
}

function PairRow({ pair, onMerge }: { pair: DuplicatePair; onMerge: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const failed = useErrorToast();
  const dismiss = useDismissDuplicate();
  const href = (id: string) => (pair.kind === 'accounts' ? `/accounts/${id}` : `/people/${id}`);
  const label = t('duplicates.pairLabel', { a: pair.a.name, b: pair.b.name });
  return (
    <li className="duplicate-pair" aria-label={label}>
      <div>
        <span className="duplicate-score">{t('duplicates.score', { score: Math.round(pair.score * 100) })}</span>
        {' · '}
        <Link to={href(pair.a.id)}>{pair.a.name}</Link>
        {pair.a.accountName && <span className="muted"> ({pair.a.accountName})</span>}
        {' ↔ '}
        <Link to={href(pair.b.id)}>{pair.b.name}</Link>
        {pair.b.accountName && <span className="muted"> ({pair.b.accountName})</span>}
        <div className="reasons">{pair.reasons.map((r) => t(`duplicates.reasons.${r}`)).join('；')}</div>
      </div>
      <span className="row-actions">
        <button
          type="button"
          className="button button-small"
          disabled={dismiss.isPending}
          onClick={() =>
            void dismiss
              .mutateAsync({ kind: pair.kind, aId: pair.a.id, bId: pair.b.id })
              .then(() => toast(t('duplicates.dismissed', { a: pair.a.name, b: pair.b.name })), failed)
          }
        >
          {t('duplicates.notDuplicate')}
        </button>
        <button type="button" className="button button-small button-primary" onClick={onMerge}>
          {t('duplicates.merge')}
        </button>
      </span>
    </li>
  );
}
