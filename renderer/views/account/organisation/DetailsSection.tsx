/** The account's own facts (industry, tier, owner, how the relationship began…) and the dialog that edits them. */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LEVELS, SOURCES, STAGES, TIERS } from '../../../../shared/domain';
import { AccountPickerField } from '../../../components/AccountPicker';
import { Section } from '../../../components/Section';
import { useEnumLabel, useEnumOptions } from '../../../enums';
import { SelectField, TextareaField, TextField } from '../../../forms/Fields';
import { FormDialog } from '../../../forms/FormDialog';
import type { SchemaForm } from '../../../forms/useSchemaForm';
import { useFormat } from '../../../format';
import type { Account } from '../../accountQueries';
import { useMembers, usePeopleOf, useRecord, useRecordChanges } from '../../queries';
import { AccountLink, Facts } from './Facts';
import { AccountForm, accountFormValues } from './orgForms';

export function DetailsSection({ account }: { account: Account }) {
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
        referralAccount.data && <AccountLink key="account" account={referralAccount.data} />,
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
          [t('fields.parentId'), parent.data ? <AccountLink account={parent.data} /> : null],
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
          <SelectField form={form} name="ownerId" label={t('fields.ownerId')} blank={t('common.notSet')} options={members.options} />
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
            options={people.options}
          />
        </>
      )}
      <TextareaField form={form} name="notes" label={t('fields.notes')} wide rows={4} />
    </>
  );
}
