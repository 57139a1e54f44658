/**
 * Conflicts: fields changed on two devices before they synced. The value in use won by its
 * later clock; the others were kept, and the user may keep the one in use or restore another.
 * Either choice is a new change that settles the field on every device.
 *
 * Below them, when there are any: changes that arrived for records already emptied from the bin
 * (from a laptop that was away meanwhile). Nothing can apply them any more; they are listed so
 * the user can copy what they still need.
 */
import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useToast } from '../../components/Toasts';
import { useLocale, useTranslate } from '../../i18n';
import { fieldLabel, formatDateTime, formatValue, tableLabel } from './format';
import { useConflicts, useOrphans, useResolveConflict, useSyncStatus, type Conflict, type OrphanedChange } from './syncQueries';

type Side = Conflict['current'];

const keyOf = (conflict: Pick<Conflict, 'table' | 'rowId' | 'field'>) => `${conflict.table}\u0000${conflict.rowId}\u0000${conflict.field}`;

export function ConflictsView() {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { locale } = useLocale();
  const toast = useToast();
  const conflicts = useConflicts();
  const resolve = useResolveConflict();
  const heading = useRef<HTMLHeadingElement>(null);

  const settle = async (conflict: Conflict, side: Side, restoring: boolean) => {
    const value = formatValue(side.value, conflict.field, locale, translate);
    try {
      const { resolved } = await resolve.mutateAsync({
        table: conflict.table,
        rowId: conflict.rowId,
        field: conflict.field,
        keep: side.clock,
        value: side.value,
      });
      toast(resolved ? t(restoring ? 'syncUi.conflicts.restored' : 'syncUi.conflicts.kept', { value }) : t('syncUi.conflicts.gone'), {
        subject: keyOf(conflict),
      });
      // The item is gone from the list; the page heading is a stable place for focus to land.
      heading.current?.focus();
    } catch (error) {
      toast(isApiError(error) ? error.message : t('errors.internal', { detail: String(error) }), { tone: 'error', subject: keyOf(conflict) });
    }
  };
  const busyKey = resolve.isPending && resolve.variables ? keyOf(resolve.variables) : undefined;
  const list = conflicts.data ?? [];

  return (
    <main className="page" aria-labelledby="conflicts-title">
      <div className="page-heading">
        <h1 id="conflicts-title" ref={heading} tabIndex={-1}>
          {t('syncUi.conflicts.title')}
        </h1>
      </div>
      <p className="sync-intro">{t('syncUi.conflicts.intro')}</p>

      {conflicts.isError && (
        <div className="card list-note" role="alert">
          <p>{isApiError(conflicts.error) ? conflicts.error.message : t('errors.internal', { detail: String(conflicts.error) })}</p>
          <button type="button" className="button" onClick={() => void conflicts.refetch()}>
            {t('app.retry')}
          </button>
        </div>
      )}
      {conflicts.data === undefined ? (
        !conflicts.isError && <p className="card list-note">{t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p className="card list-note">{t('syncUi.conflicts.empty')}</p>
      ) : (
        <ul className="conflict-list" aria-label={t('syncUi.conflicts.listLabel')} aria-busy={conflicts.isFetching}>
          {list.map((conflict) => (
            <ConflictItem
              key={keyOf(conflict)}
              conflict={conflict}
              busy={busyKey === keyOf(conflict)}
              onKeep={(side) => void settle(conflict, side, false)}
              onRestore={(side) => void settle(conflict, side, true)}
            />
          ))}
        </ul>
      )}

      <OrphanedChanges />
    </main>
  );
}

const orphanKey = (orphan: OrphanedChange) => `${orphan.table}\u0000${orphan.rowId}\u0000${orphan.field}\u0000${orphan.clock}`;

/** Changes to records emptied from the bin: a table to copy from; nothing at all when there are none. */
function OrphanedChanges() {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { locale } = useLocale();
  const orphans = useOrphans();
  const status = useSyncStatus();
  const titleId = useId();
  const list = orphans.data ?? [];
  if (!orphans.isError && list.length === 0) return null;

  // The value is kept as JSON text; it reads like a conflict's value, or as it is when it is not JSON.
  const valueOf = (orphan: OrphanedChange) => {
    try {
      return formatValue(JSON.parse(orphan.value), orphan.field, locale, translate);
    } catch {
      return orphan.value;
    }
  };
  const deviceOf = (device: string | null) =>
    device === null ? t('syncUi.orphans.unknown') : device === status.data?.deviceId ? t('syncUi.orphans.thisDevice') : device;

  return (
    <section className="card sync-card orphans" aria-labelledby={titleId}>
      <h2 id={titleId} className="sync-card-title">
        {t('syncUi.orphans.title')}
      </h2>
      <p className="sync-intro">{t('syncUi.orphans.intro')}</p>
      {orphans.isError ? (
        <div className="list-note" role="alert">
          <p>{isApiError(orphans.error) ? orphans.error.message : t('errors.internal', { detail: String(orphans.error) })}</p>
          <button type="button" className="button" onClick={() => void orphans.refetch()}>
            {t('app.retry')}
          </button>
        </div>
      ) : (
        <div className="table-scroll">
          <table className="data-table orphan-table" aria-labelledby={titleId}>
            <thead>
              <tr>
                <th scope="col">{t('syncUi.orphans.kind')}</th>
                <th scope="col">{t('syncUi.orphans.rowId')}</th>
                <th scope="col">{t('syncUi.orphans.field')}</th>
                <th scope="col">{t('syncUi.orphans.value')}</th>
                <th scope="col">{t('syncUi.orphans.at')}</th>
                <th scope="col">{t('syncUi.orphans.device')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((orphan) => (
                <tr key={orphanKey(orphan)}>
                  <td>{tableLabel(orphan.table, translate)}</td>
                  <td className="orphan-id">{orphan.rowId}</td>
                  <td>{fieldLabel(orphan.field, translate)}</td>
                  <td className="orphan-value">{valueOf(orphan)}</td>
                  <td>{orphan.at ? <time dateTime={orphan.at}>{formatDateTime(orphan.at, locale)}</time> : t('syncUi.orphans.unknown')}</td>
                  <td className="orphan-device">{deviceOf(orphan.device)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface ConflictItemProps {
  conflict: Conflict;
  busy: boolean;
  onKeep: (side: Side) => void;
  onRestore: (side: Side) => void;
}

function ConflictItem({ conflict, busy, onKeep, onRestore }: ConflictItemProps) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const titleId = useId();

  return (
    <li className="card conflict" aria-labelledby={titleId}>
      <div className="conflict-head">
        <h2 id={titleId} className="conflict-title">
          {conflict.recordLabel}
        </h2>
        <p className="conflict-subject">
          {t('syncUi.conflicts.subject', { kind: tableLabel(conflict.table, translate), field: fieldLabel(conflict.field, translate) })}
        </p>
      </div>
      <ul className="conflict-sides">
        <ConflictSide conflict={conflict} side={conflict.current} current busy={busy} onChoose={onKeep} />
        {conflict.others.map((side) => (
          <ConflictSide key={side.clock} conflict={conflict} side={side} current={false} busy={busy} onChoose={onRestore} />
        ))}
      </ul>
    </li>
  );
}

function ConflictSide({
  conflict,
  side,
  current,
  busy,
  onChoose,
}: {
  conflict: Conflict;
  side: Side;
  current: boolean;
  busy: boolean;
  onChoose: (side: Side) => void;
}) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { locale } = useLocale();
  const status = useSyncStatus();
  const labelId = useId();
  const valueId = useId();
  const device = side.device === status.data?.deviceId ? t('syncUi.conflicts.thisDevice') : t('syncUi.conflicts.otherDevice', { device: side.device });

  return (
    <li className="conflict-side" data-current={current || undefined} aria-labelledby={`${labelId} ${valueId}`}>
      <span id={labelId} className="badge conflict-badge">
        {t(current ? 'syncUi.conflicts.current' : 'syncUi.conflicts.other')}
      </span>
      <p id={valueId} className="conflict-value">
        {formatValue(side.value, conflict.field, locale, translate)}
      </p>
      <p className="conflict-origin">
        <time dateTime={side.at}>{t('syncUi.conflicts.origin', { device, date: formatDateTime(side.at, locale) })}</time>
      </p>
      <button type="button" className={current ? 'button' : 'button button-primary'} disabled={busy} aria-describedby={valueId} onClick={() => onChoose(side)}>
        {t(current ? 'syncUi.conflicts.keep' : 'syncUi.conflicts.restore')}
      </button>
    </li>
  );
}
