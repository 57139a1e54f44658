/** The relationship level over time (transactional supplier → … → strategic partner), newest first. */
import { useTranslation } from 'react-i18next';
import { LEVELS } from '../../../../shared/domain';
import { RecordsSection } from '../../../components/RecordsSection';
import { RowActions } from '../../../components/RowActions';
import { useEnumLabel, useEnumOptions } from '../../../enums';
import { SelectField, TextField } from '../../../forms/Fields';
import { FormDialog } from '../../../forms/FormDialog';
import { useFormat } from '../../../format';
import type { Account } from '../../accountQueries';
import { useMoveToBin, useRecordChanges, useRecordList } from '../../queries';
import { LevelForm, levelDefaults } from './orgForms';

export function LevelsSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const enumOptions = useEnumOptions();
  const format = useFormat();
  const levels = useRecordList('levels', { accountId: account.id });
  const { create } = useRecordChanges('levels');
  const moveToBin = useMoveToBin();
  const history = [...(levels.data ?? [])].sort((a, b) => b.since.localeCompare(a.since) || b.createdAt.localeCompare(a.createdAt));

  return (
    <RecordsSection
      title={t('org.levels.title')}
      addLabel={t('org.levels.add')}
      query={levels}
      empty={t('org.levels.empty')}
      dialog={(_record, close) => (
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
    </RecordsSection>
  );
}
