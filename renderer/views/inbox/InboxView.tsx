/**
 * The attention inbox (`#/inbox`): the open alerts the health model raised, red before yellow and
 * the oldest first (mine first, or only mine), each with its evidence, owner, age and open plan
 * tasks, and what to do about it: acknowledge, start the plan, resolve, or dismiss with a reason.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EnableBrowserNotices } from './browserNotices';
import { useRecordList } from '../queries';
import { Link } from 'react-router';
import { Dialog } from '../../components/Dialog';
import { LoadError } from '../../components/LoadState';
import { useErrorToast, useToast } from '../../components/Toasts';
import { useNow } from '../../components/useNow';
import { useFormat } from '../../format';
import { HealthDot, useReasonText } from './healthWords';
import { useAlertChange, useInbox, type AlertChange, type InboxItem } from './inboxQueries';

const DAY_MS = 24 * 60 * 60 * 1000;

export function InboxView() {
  const { t } = useTranslation();
  const [onlyMine, setOnlyMine] = useState(false);
  const inbox = useInbox(onlyMine);
  const [dismissing, setDismissing] = useState<InboxItem | null>(null);
  const [intervening, setIntervening] = useState<InboxItem | null>(null);
  const change = useAlertChange();
  const toast = useToast();
  const failed = useErrorToast();

  const act = async (item: InboxItem, next: AlertChange): Promise<boolean> => {
    try {
      await change.mutateAsync(next);
    } catch (error) {
      failed(error, item.id);
      return false;
    }
    toast(t(`inbox.done.${next.state}`, { name: item.accountName }), { subject: item.id });
    return true;
  };

  const items = inbox.data?.items ?? [];
  return (
    <main className="page page-wide" aria-labelledby="inbox-title">
      <div className="page-heading page-heading-row">
        <div>
          <h1 id="inbox-title">{t('inbox.title')}</h1>
          <p className="muted">{t('inbox.intro')}</p>
        </div>
        <EnableBrowserNotices />
      </div>
      <section className="card list-card" aria-busy={inbox.isFetching}>
        <div className="list-toolbar">
          <label className="filter">
            <input type="checkbox" checked={onlyMine} onChange={(event) => setOnlyMine(event.target.checked)} />
            <span>{t('inbox.onlyMine')}</span>
          </label>
          {inbox.data && (
            <span className="list-count">
              {t('inbox.count', { count: inbox.data.openCount })} · {t('inbox.mineCount', { count: inbox.data.mineCount })}
            </span>
          )}
        </div>
        {inbox.isError ? (
          <LoadError error={inbox.error} retry={() => void inbox.refetch()} />
        ) : !inbox.data ? (
          <p className="list-note">{t('app.loading')}</p>
        ) : items.length === 0 ? (
          <p className="list-note">{onlyMine ? t('inbox.emptyMine') : t('inbox.empty')}</p>
        ) : (
          <ul className="inbox-list" aria-label={t('inbox.listLabel')}>
            {items.map((item) => (
              <InboxRow
                key={item.id}
                item={item}
                busy={change.isPending && change.variables?.id === item.id}
                onAct={(state) =>
                  // A red alert's plan is an executive intervention: starting it names who and by when.
                  state === 'in_progress' && item.planKind === 'intervention' ? setIntervening(item) : void act(item, { id: item.id, state })
                }
                onDismiss={() => setDismissing(item)}
              />
            ))}
          </ul>
        )}
      </section>
      {intervening && (
        <InterventionDialog
          item={intervening}
          busy={change.isPending}
          onClose={() => setIntervening(null)}
          onStart={async (who) => {
            if (await act(intervening, { id: intervening.id, state: 'in_progress', ...who })) setIntervening(null);
          }}
        />
      )}
      {dismissing && (
        <DismissDialog
          item={dismissing}
          busy={change.isPending}
          onClose={() => setDismissing(null)}
          onDismiss={async (reason) => {
            if (await act(dismissing, { id: dismissing.id, state: 'dismissed', stateReason: reason })) setDismissing(null);
          }}
        />
      )}
    </main>
  );
}

function InboxRow({
  item,
  busy,
  onAct,
  onDismiss,
}: {
  item: InboxItem;
  busy: boolean;
  onAct: (state: 'acknowledged' | 'in_progress' | 'resolved') => void;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const reasonText = useReasonText();
  const now = useNow();
  const raised = Date.parse(item.raisedAt);
  const days = Number.isNaN(raised) ? 0 : Math.max(0, Math.floor((now - raised) / DAY_MS));
  const headingId = useId();

  return (
    <li className="inbox-item" data-colour={item.colour} aria-labelledby={headingId}>
      <div className="inbox-item-main">
        <div id={headingId}>
          <HealthDot colour={item.colour} score={null} />{' '}
          <span className="badge" data-colour={item.colour}>
            {t(`inbox.colourAlert.${item.colour}`)}
          </span>{' '}
          <Link to={`/accounts/${item.accountId}/organisation`}>{item.accountName}</Link>{' '}
          {item.state !== 'open' && <span className="badge">{t(`inbox.states.${item.state}`)}</span>}
        </div>
        <p className="inbox-evidence">{reasonText(item.evidence)}</p>
        <div className="inbox-facts">
          <span>{item.ownerName ? t('inbox.owner', { name: item.ownerName }) : t('inbox.noOwner')}</span>
          <time dateTime={item.raisedAt} title={format.dateTime(item.raisedAt)}>
            {days === 0 ? t('inbox.ageToday') : t('inbox.age', { count: days })}
          </time>
          <span>{item.openTasks > 0 ? t('inbox.openTasks', { count: item.openTasks }) : t('inbox.noTasks')}</span>
          {item.planKind && <span>{t(`health.plans.${item.planKind}`)}</span>}
          {item.interveneBy && <span>{t('inbox.interveneBy', { date: format.date(item.interveneBy) })}</span>}
        </div>
      </div>
      <div className="inbox-actions" role="group" aria-label={t('inbox.actionsLabel', { name: item.accountName })}>
        {item.state === 'open' && (
          <button type="button" className="button button-compact" disabled={busy} onClick={() => onAct('acknowledged')}>
            {t('inbox.actions.acknowledge')}
          </button>
        )}
        {item.state !== 'in_progress' && (
          <button type="button" className="button button-compact" disabled={busy} onClick={() => onAct('in_progress')}>
            {t('inbox.actions.start')}
          </button>
        )}
        <button type="button" className="button button-compact" disabled={busy} onClick={() => onAct('resolved')}>
          {t('inbox.actions.resolve')}
        </button>
        <button type="button" className="button button-compact" disabled={busy} onClick={onDismiss}>
          {t('inbox.actions.dismiss')}
        </button>
      </div>
    </li>
  );
}

function DismissDialog({
  item,
  busy,
  onClose,
  onDismiss,
}: {
  item: InboxItem;
  busy: boolean;
  onClose: () => void;
  onDismiss: (reason: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = reason.trim();
    if (!text) {
      setError(t('inbox.dismiss.required'));
      return;
    }
    void onDismiss(text);
  };

  return (
    <Dialog title={t('inbox.dismiss.title', { name: item.accountName })} size="small" onClose={onClose}>
      <form className="form" noValidate onSubmit={submit}>
        <div className="field" data-wide>
          <label className="field-label" htmlFor={`${id}-reason`}>
            {t('inbox.dismiss.reason')}
            <span className="field-required" aria-hidden="true">
              {' '}
              *
            </span>
          </label>
          <textarea
            id={`${id}-reason`}
            className="input textarea"
            required
            aria-required="true"
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
            maxLength={1000}
            data-autofocus
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
              if (error) setError(null);
            }}
          />
          <p id={`${id}-hint`} className="field-hint">
            {t('inbox.dismiss.reasonHelp')}
          </p>
          {error && (
            <p id={`${id}-error`} className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-danger" disabled={busy}>
            {t('inbox.dismiss.confirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function InterventionDialog({
  item,
  busy,
  onClose,
  onStart,
}: {
  item: InboxItem;
  busy: boolean;
  onClose: () => void;
  onStart: (who: { ourExecutiveId: string; theirExecutiveId: string; interveneBy: string }) => Promise<void>;
}) {
  const { t } = useTranslation();
  const members = useRecordList('members', { state: 'active' });
  const people = useRecordList('people', { accountId: item.accountId, state: 'active' });
  const [ours, setOurs] = useState('');
  const [theirs, setTheirs] = useState('');
  const [by, setBy] = useState(item.interveneBy ?? '');
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ours || !theirs || !by) {
      setError(t('inbox.intervention.required'));
      return;
    }
    void onStart({ ourExecutiveId: ours, theirExecutiveId: theirs, interveneBy: by });
  };
  const select = (key: 'ours' | 'theirs', value: string, set: (v: string) => void, options: { id: string; name: string }[]) => (
    <div className="field">
      <label className="field-label" htmlFor={`${id}-${key}`}>
        {t(`inbox.intervention.${key}`)}
      </label>
      <select
        id={`${id}-${key}`}
        className="input"
        required
        aria-required="true"
        value={value}
        onChange={(event) => {
          set(event.target.value);
          setError(null);
        }}
      >
        <option value="">{t('inbox.intervention.choose')}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <Dialog title={t('inbox.intervention.title', { name: item.accountName })} description={t('inbox.intervention.intro')} size="small" onClose={onClose}>
      <form className="form" noValidate onSubmit={submit}>
        {select(
          'ours',
          ours,
          setOurs,
          (members.data ?? []).map((m) => ({ id: m.id, name: m.name })),
        )}
        {select(
          'theirs',
          theirs,
          setTheirs,
          (people.data ?? []).map((p) => ({ id: p.id, name: p.name })),
        )}
        <div className="field">
          <label className="field-label" htmlFor={`${id}-by`}>
            {t('inbox.intervention.by')}
          </label>
          <input
            id={`${id}-by`}
            className="input"
            type="date"
            required
            aria-required="true"
            value={by}
            onChange={(event) => {
              setBy(event.target.value);
              setError(null);
            }}
          />
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('inbox.intervention.confirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
