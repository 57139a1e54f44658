/**
 * The organisation layer: the relationship between the two companies — the account's own facts,
 * its relationship level over time, joint initiatives, executive sponsor pairs, agreements with
 * their renewal dates, our account team and the group it belongs to.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AGREEMENT_KINDS, INITIATIVE_KINDS, INITIATIVE_STATUSES, LEVELS, SOURCES, STAGES, TIERS } from '../../../shared/domain';
import { AccountPickerField } from '../../components/AccountPicker';
import { Section } from '../../components/Section';
import { useEnumLabel, useEnumOptions } from '../../enums';
import { CheckboxGroupField, SelectField, TextareaField, TextField } from '../../forms/Fields';
import { FormDialog } from '../../forms/FormDialog';
import type { SchemaForm } from '../../forms/useSchemaForm';
import { daysUntil, useFormat } from '../../format';
import type { Account } from '../accountQueries';
import { useMembers, useMoveToBin, usePeopleOf, useRecord, useRecordChanges, useRecordList, type RecordIn } from '../queries';
import {
  AccountForm,
  accountFormValues,
  AgreementForm,
  agreementFormValues,
  InitiativeForm,
  initiativeFormValues,
  LevelForm,
  levelDefaults,
  SponsorForm,
  sponsorDefaults,
  TeamForm,
  teamDefaults,
} from './orgForms';

export function OrganisationTab({ account }: { account: Account }) {
  return (
    <div className="section-grid">
      <DetailsSection account={account} />
      <div className="section-column">
        <LevelsSection account={account} />
        <GroupSection account={account} />
      </div>
      <InitiativesSection account={account} />
      <div className="section-column">
        <SponsorsSection account={account} />
        <TeamSection account={account} />
      </div>
      <AgreementsSection account={account} />
    </div>
  );
}

/** Label and value rows; empty values read “not set” rather than leaving a gap. */
function Facts({ rows }: { rows: [label: string, value: ReactNode][] }) {
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

function DetailsSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const format = useFormat();
  const members = useMembers();
  const parent = useRecord('accounts', account.parentId);
  const referralAccount = useRecord('accounts', account.referralAccountId);
  const referralPerson = useRecord('people', account.referralPersonId);
  const [editing, setEditing] = useState(false);

  const source = account.source
    ? [
        enumLabel('source', account.source),
        referralAccount.data && (
          <Link key="account" to={`/accounts/${referralAccount.data.id}/organisation`}>
            {referralAccount.data.name}
          </Link>
        ),
        referralPerson.data && (
          <Link key="person" to={`/people/${referralPerson.data.id}`}>
            {referralPerson.data.name}
          </Link>
        ),
      ]
        .filter(Boolean)
        .map((part, index) => (
          <span key={index}>
            {index > 0 && ' · '}
            {part}
          </span>
        ))
    : null;

  return (
    <Section
      title={t('org.details')}
      actions={
        <button type="button" className="button button-small" onClick={() => setEditing(true)}>
          {t('org.editDetails')}
        </button>
      }
    >
      <Facts
        rows={[
          [t('fields.aliases'), account.aliases.join('、')],
          [t('fields.industry'), account.industry],
          [t('fields.region'), account.region],
          [t('fields.tier'), enumLabel('tier', account.tier)],
          [t('fields.stage'), enumLabel('stage', account.stage)],
          [t('fields.level'), enumLabel('level', account.level)],
          [t('fields.parentId'), parent.data ? <Link to={`/accounts/${parent.data.id}/organisation`}>{parent.data.name}</Link> : null],
          [t('fields.ownerId'), members.nameOf(account.ownerId)],
          [t('fields.source'), source],
          [
            t('fields.shareOfWallet'),
            account.shareOfWallet === null ? null : format.number(account.shareOfWallet / 100, { style: 'percent', maximumFractionDigits: 1 }),
          ],
          [t('fields.notes'), account.notes ? <span className="prewrap">{account.notes}</span> : null],
        ]}
      />
      {editing && <AccountDialog account={account} onClose={() => setEditing(false)} />}
    </Section>
  );
}

function AccountDialog({ account, onClose }: { account: Account; onClose: () => void }) {
  const { t } = useTranslation();
  const enumOptions = useEnumOptions();
  const members = useMembers();
  const { update } = useRecordChanges('accounts');
  return (
    <FormDialog
      title={t('org.editTitle', { name: account.name })}
      schema={AccountForm}
      defaults={accountFormValues(account)}
      size="large"
      onClose={onClose}
      save={async (values) => {
        const saved = await update.mutateAsync({ id: account.id, ...values });
        return t('org.saved', { name: saved.name });
      }}
      render={(form) => (
        <ReferralAwareFields form={form}>
          <TextField form={form} name="name" label={t('fields.name')} required />
          <TextField form={form} name="aliases" label={t('fields.aliases')} hint={t('common.listHint')} />
          <TextField form={form} name="industry" label={t('fields.industry')} />
          <TextField form={form} name="region" label={t('fields.region')} />
          <SelectField form={form} name="tier" label={t('fields.tier')} options={enumOptions('tier', TIERS)} />
          <SelectField form={form} name="stage" label={t('fields.stage')} options={enumOptions('stage', STAGES)} />
          <SelectField form={form} name="level" label={t('fields.level')} options={enumOptions('level', LEVELS)} hint={t('org.levelHint')} />
          <SelectField
            form={form}
            name="ownerId"
            label={t('fields.ownerId')}
            blank={t('common.notSet')}
            options={members.active.map((m) => ({ value: m.id, label: m.name }))}
          />
          <AccountPickerField form={form} name="parentId" label={t('fields.parentId')} exclude={[account.id]} />
          <TextField form={form} name="shareOfWallet" label={t('fields.shareOfWallet')} type="number" min={0} max={100} step="any" inputMode="decimal" />
          <SelectField form={form} name="source" label={t('fields.source')} blank={t('common.notSet')} options={enumOptions('source', SOURCES)} />
        </ReferralAwareFields>
      )}
    />
  );
}

/** The referral fields appear once the source is a referral (连锁介绍): who referred this account. */
function ReferralAwareFields({ form, children }: { form: SchemaForm<typeof AccountForm>; children: ReactNode }) {
  const { t } = useTranslation();
  const source = form.watch('source');
  const referralAccountId = form.watch('referralAccountId');
  const people = usePeopleOf(referralAccountId || null);
  return (
    <>
      {children}
      {source === 'referral' && (
        <>
          <AccountPickerField form={form} name="referralAccountId" label={t('fields.referralAccountId')} />
          <SelectField
            form={form}
            name="referralPersonId"
            label={t('fields.referralPersonId')}
            blank={referralAccountId ? t('common.notSet') : t('org.chooseReferralAccount')}
            options={people.people.map((p) => ({ value: p.id, label: p.name }))}
          />
        </>
      )}
      <TextareaField form={form} name="notes" label={t('fields.notes')} wide rows={4} />
    </>
  );
}

/** A section of records with an "add" action: its list, or a line saying there is none yet, and the add dialog. */
function AddableSection({
  title,
  addLabel,
  empty,
  addDialog,
  children,
}: {
  title: string;
  addLabel: string;
  /** What to say when there is nothing to list; null when there is. */
  empty: string | null;
  addDialog: (close: () => void) => ReactNode;
  children: ReactNode;
}) {
  const [adding, setAdding] = useState(false);
  return (
    <Section
      title={title}
      actions={
        <button type="button" className="button button-small" onClick={() => setAdding(true)}>
          {addLabel}
        </button>
      }
    >
      {empty === null ? children : <p className="section-empty">{empty}</p>}
      {adding && addDialog(() => setAdding(false))}
    </Section>
  );
}

function RowActions({ label, onEdit, onDelete }: { label: string; onEdit?: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  return (
    <span className="row-actions">
      {onEdit && (
        <button type="button" className="button button-small button-quiet" aria-label={t('common.editNamed', { name: label })} onClick={onEdit}>
          {t('common.edit')}
        </button>
      )}
      <button type="button" className="button button-small button-quiet button-danger" aria-label={t('common.deleteNamed', { name: label })} onClick={onDelete}>
        {t('common.delete')}
      </button>
    </span>
  );
}

function LevelsSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const enumOptions = useEnumOptions();
  const format = useFormat();
  const levels = useRecordList('levels', { accountId: account.id });
  const { create } = useRecordChanges('levels');
  const moveToBin = useMoveToBin();
  const history = [...(levels.data ?? [])].sort((a, b) => b.since.localeCompare(a.since) || b.createdAt.localeCompare(a.createdAt));

  return (
    <AddableSection
      title={t('org.levels.title')}
      addLabel={t('org.levels.add')}
      empty={history.length === 0 ? t('org.levels.empty') : null}
      addDialog={(close) => (
        <FormDialog
          title={t('org.levels.add')}
          schema={LevelForm}
          defaults={levelDefaults(account.level)}
          size="small"
          onClose={close}
          save={async (values) => {
            await create.mutateAsync({ accountId: account.id, ...values });
            return t('common.saved');
          }}
          render={(form) => (
            <>
              <SelectField form={form} name="level" label={t('fields.level')} required options={enumOptions('level', LEVELS)} />
              <TextField form={form} name="since" label={t('fields.since')} type="date" required />
              <TextField form={form} name="note" label={t('fields.note')} wide />
            </>
          )}
        />
      )}
    >
      <ol className="timeline-compact">
        {history.map((entry, index) => (
          <li key={entry.id}>
            <time dateTime={entry.since}>{format.date(entry.since)}</time>
            <span className="timeline-what">
              {enumLabel('level', entry.level)}
              {index === 0 && <span className="badge badge-accent">{t('org.levels.latest')}</span>}
            </span>
            {entry.note && <span className="muted">{entry.note}</span>}
            <RowActions
              label={`${enumLabel('level', entry.level)} ${format.date(entry.since)}`}
              onDelete={() => void moveToBin('levels', entry, enumLabel('level', entry.level))}
            />
          </li>
        ))}
      </ol>
    </AddableSection>
  );
}

function GroupSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const parent = useRecord('accounts', account.parentId);
  const children = useRecordList('accounts', { state: 'active', parentId: account.id });
  return (
    <Section title={t('org.group.title')}>
      <Facts
        rows={[
          [t('org.group.parent'), parent.data ? <Link to={`/accounts/${parent.data.id}/organisation`}>{parent.data.name}</Link> : null],
          [
            t('org.group.children'),
            (children.data ?? []).length === 0 ? null : (
              <ul className="inline-list">
                {(children.data ?? []).map((child) => (
                  <li key={child.id}>
                    <Link to={`/accounts/${child.id}/organisation`}>{child.name}</Link>
                  </li>
                ))}
              </ul>
            ),
          ],
        ]}
      />
    </Section>
  );
}

function InitiativesSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const enumOptions = useEnumOptions();
  const format = useFormat();
  const members = useMembers();
  const people = usePeopleOf(account.id);
  const initiatives = useRecordList('initiatives', { accountId: account.id });
  const { create, update } = useRecordChanges('initiatives');
  const moveToBin = useMoveToBin();
  const [editing, setEditing] = useState<RecordIn<'initiatives'> | 'new' | null>(null);
  const names = (ids: string[], nameOf: (id: string) => string | undefined) => ids.map((id) => nameOf(id) ?? t('common.unknown')).join('、');

  return (
    <Section
      title={t('org.initiatives.title')}
      className="section-wide"
      actions={
        <button type="button" className="button button-small" onClick={() => setEditing('new')}>
          {t('org.initiatives.add')}
        </button>
      }
    >
      {(initiatives.data ?? []).length === 0 ? (
        <p className="section-empty">{t('org.initiatives.empty')}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('org.name')}</th>
              <th scope="col">{t('fields.kind')}</th>
              <th scope="col">{t('fields.status')}</th>
              <th scope="col">{t('org.initiatives.dates')}</th>
              <th scope="col">{t('fields.ourParticipants')}</th>
              <th scope="col">{t('fields.theirParticipants')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(initiatives.data ?? []).map((initiative) => (
              <tr key={initiative.id}>
                <th scope="row">{initiative.title}</th>
                <td>{enumLabel('initiativeKind', initiative.kind)}</td>
                <td>
                  <span className="status-badge" data-status={initiative.status}>
                    {enumLabel('initiativeStatus', initiative.status)}
                  </span>
                </td>
                <td className="nowrap">{[format.date(initiative.startDate), format.date(initiative.endDate)].filter(Boolean).join(' – ')}</td>
                <td>{names(initiative.ourParticipants, members.nameOf)}</td>
                <td>{names(initiative.theirParticipants, people.nameOf)}</td>
                <td className="cell-actions">
                  <RowActions
                    label={initiative.title}
                    onEdit={() => setEditing(initiative)}
                    onDelete={() => void moveToBin('initiatives', initiative, initiative.title)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <FormDialog
          title={editing === 'new' ? t('org.initiatives.add') : t('org.initiatives.edit')}
          schema={InitiativeForm}
          defaults={initiativeFormValues(editing === 'new' ? undefined : editing)}
          size="large"
          onClose={() => setEditing(null)}
          save={async (values) => {
            const saved =
              editing === 'new' ? await create.mutateAsync({ accountId: account.id, ...values }) : await update.mutateAsync({ id: editing.id, ...values });
            return t('org.initiatives.saved', { name: saved.title });
          }}
          render={(form) => (
            <>
              <TextField form={form} name="title" label={t('org.name')} required wide />
              <SelectField
                form={form}
                name="kind"
                label={t('fields.kind')}
                required
                blank={t('common.choose')}
                options={enumOptions('initiativeKind', INITIATIVE_KINDS)}
              />
              <SelectField form={form} name="status" label={t('fields.status')} options={enumOptions('initiativeStatus', INITIATIVE_STATUSES)} />
              <TextField form={form} name="startDate" label={t('fields.startDate')} type="date" />
              <TextField form={form} name="endDate" label={t('fields.endDate')} type="date" />
              <CheckboxGroupField
                form={form}
                name="ourParticipants"
                label={t('fields.ourParticipants')}
                wide
                empty={t('common.noMembers')}
                options={members.active.map((m) => ({ value: m.id, label: m.name }))}
              />
              <CheckboxGroupField
                form={form}
                name="theirParticipants"
                label={t('fields.theirParticipants')}
                wide
                empty={t('people.none')}
                options={people.people.map((p) => ({ value: p.id, label: p.name }))}
              />
              <TextareaField form={form} name="notes" label={t('fields.notes')} wide />
            </>
          )}
        />
      )}
    </Section>
  );
}

function SponsorsSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const members = useMembers();
  const people = usePeopleOf(account.id);
  const sponsors = useRecordList('sponsors', { accountId: account.id });
  const { create } = useRecordChanges('sponsors');
  const moveToBin = useMoveToBin();

  return (
    <AddableSection
      title={t('org.sponsors.title')}
      addLabel={t('org.sponsors.add')}
      empty={(sponsors.data ?? []).length === 0 ? t('org.sponsors.empty') : null}
      addDialog={(close) => (
        <FormDialog
          title={t('org.sponsors.add')}
          schema={SponsorForm}
          defaults={sponsorDefaults}
          size="small"
          onClose={close}
          save={async (values) => {
            await create.mutateAsync({ accountId: account.id, ...values });
            return t('common.saved');
          }}
          render={(form) => (
            <>
              <SelectField
                form={form}
                name="memberId"
                label={t('org.sponsors.ours')}
                required
                blank={t('common.choose')}
                options={members.active.map((m) => ({ value: m.id, label: m.name }))}
              />
              <SelectField
                form={form}
                name="personId"
                label={t('org.sponsors.theirs')}
                required
                blank={t('common.choose')}
                options={people.people.map((p) => ({ value: p.id, label: p.title ? `${p.name} · ${p.title}` : p.name }))}
              />
              <TextField form={form} name="note" label={t('fields.note')} wide />
            </>
          )}
        />
      )}
    >
      <ul className="plain-list">
        {(sponsors.data ?? []).map((pair) => {
          const label = t('org.sponsors.pair', {
            ours: members.nameOf(pair.memberId) ?? t('common.unknown'),
            theirs: people.nameOf(pair.personId) ?? t('common.unknown'),
          });
          return (
            <li key={pair.id} className="plain-row">
              <span>
                {members.nameOf(pair.memberId) ?? t('common.unknown')}
                <span className="pair-arrow" aria-hidden="true">
                  {' ↔ '}
                </span>
                <span className="visually-hidden"> – </span>
                <Link to={`/people/${pair.personId}`}>{people.nameOf(pair.personId) ?? t('common.unknown')}</Link>
                {pair.note && <span className="muted"> · {pair.note}</span>}
              </span>
              <RowActions label={label} onDelete={() => void moveToBin('sponsors', pair, label)} />
            </li>
          );
        })}
      </ul>
    </AddableSection>
  );
}

function AgreementsSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const enumOptions = useEnumOptions();
  const format = useFormat();
  const agreements = useRecordList('agreements', { accountId: account.id });
  const { create, update } = useRecordChanges('agreements');
  const moveToBin = useMoveToBin();
  const [editing, setEditing] = useState<RecordIn<'agreements'> | 'new' | null>(null);

  const renewal = (date: string | null) => {
    if (!date) return null;
    const days = daysUntil(date);
    const note = days === undefined ? '' : days < 0 ? t('org.agreements.overdue') : days <= 90 ? t('org.agreements.renewsIn', { count: days }) : '';
    return (
      <>
        <time dateTime={date}>{format.date(date)}</time>
        {note && (
          <span className="renewal-note" data-overdue={days !== undefined && days < 0 ? true : undefined}>
            {' '}
            {note}
          </span>
        )}
      </>
    );
  };

  return (
    <Section
      title={t('org.agreements.title')}
      actions={
        <button type="button" className="button button-small" onClick={() => setEditing('new')}>
          {t('org.agreements.add')}
        </button>
      }
    >
      {(agreements.data ?? []).length === 0 ? (
        <p className="section-empty">{t('org.agreements.empty')}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('org.name')}</th>
              <th scope="col">{t('fields.kind')}</th>
              <th scope="col">{t('fields.startDate')}</th>
              <th scope="col">{t('fields.renewalDate')}</th>
              <th scope="col" className="numeric">
                {t('fields.value')}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(agreements.data ?? []).map((agreement) => (
              <tr key={agreement.id}>
                <th scope="row">{agreement.title}</th>
                <td>{enumLabel('agreementKind', agreement.kind)}</td>
                <td>{format.date(agreement.startDate)}</td>
                <td>{renewal(agreement.renewalDate)}</td>
                <td className="numeric">
                  {agreement.value === null
                    ? ''
                    : agreement.currency
                      ? format.number(agreement.value, { style: 'currency', currency: agreement.currency, maximumFractionDigits: 0 })
                      : format.number(agreement.value)}
                </td>
                <td className="cell-actions">
                  <RowActions
                    label={agreement.title}
                    onEdit={() => setEditing(agreement)}
                    onDelete={() => void moveToBin('agreements', agreement, agreement.title)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <FormDialog
          title={editing === 'new' ? t('org.agreements.add') : t('org.agreements.edit')}
          schema={AgreementForm}
          defaults={agreementFormValues(editing === 'new' ? undefined : editing)}
          onClose={() => setEditing(null)}
          save={async (values) => {
            const saved =
              editing === 'new' ? await create.mutateAsync({ accountId: account.id, ...values }) : await update.mutateAsync({ id: editing.id, ...values });
            return t('org.agreements.saved', { name: saved.title });
          }}
          render={(form) => (
            <>
              <TextField form={form} name="title" label={t('org.name')} required wide />
              <SelectField form={form} name="kind" label={t('fields.kind')} options={enumOptions('agreementKind', AGREEMENT_KINDS)} />
              <TextField form={form} name="startDate" label={t('fields.startDate')} type="date" />
              <TextField form={form} name="renewalDate" label={t('fields.renewalDate')} type="date" />
              <TextField form={form} name="value" label={t('fields.value')} type="number" min={0} step="any" inputMode="decimal" />
              <TextField form={form} name="currency" label={t('fields.currency')} placeholder="CNY" maxLength={10} />
            </>
          )}
        />
      )}
    </Section>
  );
}

function TeamSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const members = useMembers();
  const team = useRecordList('team', { accountId: account.id });
  const { create } = useRecordChanges('team');
  const moveToBin = useMoveToBin();

  return (
    <AddableSection
      title={t('org.team.title')}
      addLabel={t('org.team.add')}
      empty={(team.data ?? []).length === 0 ? t('org.team.empty') : null}
      addDialog={(close) => (
        <FormDialog
          title={t('org.team.add')}
          schema={TeamForm}
          defaults={teamDefaults}
          size="small"
          onClose={close}
          save={async (values) => {
            await create.mutateAsync({ accountId: account.id, ...values });
            return t('common.saved');
          }}
          render={(form) => (
            <>
              <SelectField
                form={form}
                name="memberId"
                label={t('fields.memberId')}
                required
                blank={t('common.choose')}
                options={members.active.map((m) => ({ value: m.id, label: m.name }))}
              />
              <TextField form={form} name="role" label={t('fields.role')} placeholder={t('org.team.rolePlaceholder')} />
            </>
          )}
        />
      )}
    >
      <ul className="plain-list">
        {(team.data ?? []).map((entry) => {
          const name = members.nameOf(entry.memberId) ?? t('common.unknown');
          return (
            <li key={entry.id} className="plain-row">
              <span>
                {name}
                {entry.role && <span className="muted"> · {entry.role}</span>}
              </span>
              <RowActions label={name} onDelete={() => void moveToBin('team', entry, name)} />
            </li>
          );
        })}
      </ul>
    </AddableSection>
  );
}
