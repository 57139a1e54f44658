/** The inputs of the person form, shared by the key-people dialog and the person's own page. */
import { useTranslation } from 'react-i18next';
import { BUYING_ROLES, CHANNELS, PERSON_STATUSES, STANCES } from '../../../shared/domain';
import { useEnumOptions } from '../../enums';
import { CheckboxGroupField, SelectField, TextField } from '../../forms/Fields';
import type { SchemaForm } from '../../forms/useSchemaForm';
import { personOption, useMembers, type PersonRecord } from '../queries';
import type { PersonForm } from './personForm';

const SCORES = ['1', '2', '3', '4', '5'];

export function PersonFields({
  form,
  colleagues,
  selfId,
}: {
  form: SchemaForm<typeof PersonForm>;
  /** The account's people: the choices for reports-to and successor. */
  colleagues: readonly PersonRecord[];
  selfId?: string;
}) {
  const { t } = useTranslation();
  const enumOptions = useEnumOptions();
  const members = useMembers();
  const others = colleagues.filter((person) => person.id !== selfId).map(personOption);
  const status = form.watch('status');
  const scores = SCORES.map((score) => ({ value: score, label: t('people.scoreOf', { score }) }));

  return (
    <>
      <TextField form={form} name="name" label={t('fields.name')} required />
      <TextField form={form} name="title" label={t('fields.title')} />
      <TextField form={form} name="department" label={t('fields.department')} />
      <SelectField form={form} name="reportsToId" label={t('fields.reportsToId')} blank={t('common.nobody')} options={others} />
      <CheckboxGroupField form={form} name="roles" label={t('fields.roles')} wide options={enumOptions('role', BUYING_ROLES)} />
      <SelectField form={form} name="stance" label={t('fields.stance')} options={enumOptions('stance', STANCES)} />
      <SelectField form={form} name="influence" label={t('fields.influence')} options={scores} />
      <SelectField form={form} name="strength" label={t('fields.strength')} options={scores} />
      <SelectField
        form={form}
        name="preferredChannel"
        label={t('fields.preferredChannel')}
        blank={t('common.notSet')}
        options={enumOptions('channel', CHANNELS)}
      />
      <CheckboxGroupField
        form={form}
        name="ownerIds"
        label={t('fields.ownerIds')}
        hint={t('people.ownersHint')}
        wide
        empty={t('common.noMembers')}
        options={members.options}
      />
      <TextField form={form} name="cadence" label={t('fields.cadence')} placeholder={t('people.cadencePlaceholder')} />
      <TextField form={form} name="phone" label={t('fields.phone')} type="tel" />
      <TextField form={form} name="email" label={t('fields.email')} type="email" />
      <SelectField form={form} name="status" label={t('fields.status')} options={enumOptions('personStatus', PERSON_STATUSES)} />
      {status !== 'active' && <SelectField form={form} name="successorId" label={t('fields.successorId')} blank={t('common.nobody')} options={others} />}
    </>
  );
}
