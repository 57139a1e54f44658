/**
 * One person at a client: every field (editable in place), their role history, the touchpoints
 * they took part in, who they influence or listen to, the communication strategy for each of
 * their buying-centre roles, and the private personal notes about them.
 */
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { Section } from '../../components/Section';
import { useToast } from '../../components/Toasts';
import { useEnumLabel } from '../../enums';
import { FormActions, FormError } from '../../forms/Fields';
import { useSchemaForm } from '../../forms/useSchemaForm';
import { TouchpointTimeline } from '../account/TouchpointsTab';
import { useMoveToBin, usePeopleOf, useRecord, useRecordChanges, useRecordList, type FollowUpRecord, type PersonRecord } from '../queries';
import { useQuickLog } from '../touchpoints/QuickLog';
import { PersonFields } from './PersonFields';
import { PersonForm, personFormValues } from './personForm';
import { InfluenceLinks, PrivateNotes, RoleHistory, RoleStrategies } from './personSections';

export function PersonView() {
  const { t } = useTranslation();
  const { personId = '' } = useParams();
  const person = useRecord('people', personId);

  if (person.isError) {
    return (
      <main className="page">
        <div className="card list-note" role="alert">
          <p>{isApiError(person.error) ? person.error.message : t('errors.internal', { detail: String(person.error) })}</p>
          <Link className="button" to="/">
            {t('account.backToPortfolio')}
          </Link>
        </div>
      </main>
    );
  }
  if (!person.data) {
    return (
      <main className="page">
        <p className="list-note">{t('app.loading')}</p>
      </main>
    );
  }
  return <PersonPage person={person.data} />;
}

function PersonPage({ person }: { person: PersonRecord }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const account = useRecord('accounts', person.accountId);
  const quickLog = useQuickLog();
  const moveToBin = useMoveToBin();
  const navigate = useNavigate();
  const deleted = person.deletedAt !== null;

  return (
    <main className="page page-wide" aria-labelledby="person-title">
      <div className="record-header">
        <nav className="breadcrumb" aria-label={t('account.breadcrumb')}>
          <Link to="/">{t('nav.portfolio')}</Link>
          <span aria-hidden="true"> / </span>
          {account.data && <Link to={`/accounts/${account.data.id}/people`}>{account.data.name}</Link>}
          <span aria-hidden="true"> / </span>
        </nav>
        <div className="record-title-row">
          <div className="record-title">
            <h1 id="person-title">{person.name}</h1>
            <div className="record-facts">
              {person.title && <span className="fact">{person.title}</span>}
              {person.department && <span className="fact">{person.department}</span>}
              <span className="stance-badge" data-stance={person.stance}>
                {enumLabel('stance', person.stance)}
              </span>
              {person.status !== 'active' && <span className="badge badge-warn">{enumLabel('personStatus', person.status)}</span>}
              {deleted && <span className="badge">{t('person.inBin')}</span>}
            </div>
          </div>
          {!deleted && (
            <div className="record-actions">
              <button type="button" className="button button-primary" onClick={() => quickLog({ accountId: person.accountId, personIds: [person.id] })}>
                {t('quickLog.open')}
              </button>
              <button
                type="button"
                className="button button-danger"
                onClick={() =>
                  void moveToBin('people', person, person.name).then((moved) => {
                    if (moved) navigate(`/accounts/${person.accountId}/people`);
                  })
                }
              >
                {t('person.delete')}
              </button>
            </div>
          )}
        </div>
      </div>

      <div className="person-grid">
        <div className="section-stack">
          <PersonDetails person={person} />
          <PersonTouchpoints person={person} />
        </div>
        <div className="section-stack">
          <RoleStrategies person={person} />
          <InfluenceLinks person={person} />
          <PrivateNotes person={person} />
          <RoleHistory person={person} />
        </div>
      </div>
    </main>
  );
}

function PersonDetails({ person }: { person: PersonRecord }) {
  const { t } = useTranslation();
  const toast = useToast();
  const colleagues = usePeopleOf(person.accountId);
  const { update } = useRecordChanges('people');
  const { form, submit } = useSchemaForm(PersonForm, personFormValues(person));

  // A change that arrives from elsewhere (a sync, the key-people dialog) shows here unless the
  // user is in the middle of editing, whose typing wins until they save or leave.
  const { reset } = form;
  const { isDirty } = form.formState;
  useEffect(() => {
    if (!isDirty) reset(personFormValues(person));
    // Only a newer record resets the form (not each render's new `person` object).
  }, [person.updatedAt]);

  const onSubmit = submit(async (values) => {
    const saved = await update.mutateAsync({ id: person.id, ...values });
    reset(personFormValues(saved));
    toast(t('people.saved', { name: saved.name }));
  });

  return (
    <Section title={t('person.details')}>
      <form className="form" onSubmit={onSubmit} noValidate aria-label={t('person.details')}>
        <div className="form-grid">
          <PersonFields form={form} colleagues={colleagues.people} selfId={person.id} />
        </div>
        <FormError form={form} />
        <FormActions busy={form.formState.isSubmitting} />
      </form>
    </Section>
  );
}

function PersonTouchpoints({ person }: { person: PersonRecord }) {
  const { t } = useTranslation();
  const touchpoints = useRecordList('touchpoints', { accountId: person.accountId, personId: person.id });
  const followUps = useRecordList('followups', { accountId: person.accountId });
  const followUpsOf = useMemo(() => {
    const map = new Map<string, FollowUpRecord[]>();
    for (const f of followUps.data ?? []) if (f.touchpointId) map.set(f.touchpointId, [...(map.get(f.touchpointId) ?? []), f]);
    return map;
  }, [followUps.data]);
  const list = touchpoints.data ?? [];

  return (
    <Section
      title={t('person.touchpoints.title')}
      note={touchpoints.data && <span className="section-count">{t('touchpoints.count', { count: list.length })}</span>}
    >
      {list.length === 0 ? (
        <p className="section-empty">{touchpoints.data ? t('person.touchpoints.empty') : t('app.loading')}</p>
      ) : (
        <TouchpointTimeline touchpoints={list} accountId={person.accountId} followUpsOf={followUpsOf} label={t('person.touchpoints.title')} />
      )}
    </Section>
  );
}
