/**
 * One person at a client: every field (editable in place), their role history, the touchpoints
 * they took part in, who they influence or listen to, the communication strategy for each of
 * their buying-centre roles, and the private personal notes about them.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ListState, RecordPageState } from '../../components/LoadState';
import { Section } from '../../components/Section';
import { useToast } from '../../components/Toasts';
import { useEnumLabel } from '../../enums';
import { FormActions, FormError } from '../../forms/Fields';
import { useSchemaForm } from '../../forms/useSchemaForm';
import { TouchpointTimeline } from '../account/TouchpointsTab';
import { useFollowUpsByTouchpoint, useMoveToBin, usePeopleOf, useRecord, useRecordChanges, useRecordList, type PersonRecord } from '../queries';
import { useQuickLog } from '../touchpoints/QuickLog';
import { PersonFields } from './PersonFields';
import { PersonForm, personFormValues } from './personForm';
import { InfluenceLinks, PrivateNotes, RoleHistory, RoleStrategies } from './personSections';
import { ErasedBanner, PersonPrivacyActions } from './PersonPrivacy';
import './privacy.css';

export function PersonView() {
  const { personId = '' } = useParams();
  const person = useRecord('people', personId);
  if (person.isError || !person.data) return <RecordPageState query={person} />;
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
            <ErasedBanner person={person} />
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
              <PersonPrivacyActions person={person} />
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
  // user is in the middle of editing, whose typing wins until they save or leave. `person` is the
  // query's data, which keeps its identity until the record changes (structural sharing), so a
  // refetch of the same record does not reset the form.
  const { reset } = form;
  const { isDirty } = form.formState;
  useEffect(() => {
    if (!isDirty) reset(personFormValues(person));
  }, [person, isDirty, reset]);

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
  const followUpsOf = useFollowUpsByTouchpoint(person.accountId);

  return (
    <Section
      title={t('person.touchpoints.title')}
      note={touchpoints.data && <span className="section-count">{t('touchpoints.count', { count: touchpoints.data.length })}</span>}
    >
      <ListState query={touchpoints} empty={t('person.touchpoints.empty')}>
        <TouchpointTimeline touchpoints={touchpoints.data ?? []} accountId={person.accountId} followUpsOf={followUpsOf} label={t('person.touchpoints.title')} />
      </ListState>
    </Section>
  );
}
