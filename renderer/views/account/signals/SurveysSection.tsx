/** Satisfaction answers: NPS 0–10, CSAT 1–5, CES 1–7 (at least one), from a person or for the account as a whole. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DataTable } from '../../../components/DataTable';
import { RecordsSection } from '../../../components/RecordsSection';
import { RowActions } from '../../../components/RowActions';
import { useToday } from '../../../components/useNow';
import { SelectField, TextareaField, TextField } from '../../../forms/Fields';
import { FormDialog } from '../../../forms/FormDialog';
import { useFormat } from '../../../format';
import type { Account } from '../../accountQueries';
import { useMoveToBin, usePeopleOf, useRecordChanges, useRecordList, type RecordIn } from '../../queries';
import { SurveyForm, surveyFormValues } from './signalForms';

export function SurveysSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const format = useFormat();
  const today = useToday();
  const people = usePeopleOf(account.id);
  const surveys = useRecordList('surveys', { accountId: account.id });
  const { create, update } = useRecordChanges('surveys');
  const moveToBin = useMoveToBin();
  const labelOf = (survey: RecordIn<'surveys'>) => t('signals.surveys.label', { date: format.date(survey.answeredOn) });

  return (
    <RecordsSection<RecordIn<'surveys'>>
      title={t('signals.surveys.title')}
      className="section-wide"
      addLabel={t('signals.surveys.add')}
      query={surveys}
      empty={t('signals.surveys.empty')}
      dialog={(survey, close) => (
        <FormDialog
          title={survey ? t('signals.surveys.edit') : t('signals.surveys.add')}
          schema={SurveyForm}
          defaults={surveyFormValues(survey, today)}
          onClose={close}
          save={async (values) => {
            const saved = survey ? await update.mutateAsync({ id: survey.id, ...values }) : await create.mutateAsync({ accountId: account.id, ...values });
            return t('signals.surveys.saved', { date: format.date(saved.answeredOn) });
          }}
          render={(form) => (
            <>
              <TextField form={form} name="answeredOn" label={t('fields.answeredOn')} type="date" max={today} required />
              <SelectField form={form} name="personId" label={t('fields.personId')} blank={t('signals.surveys.wholeAccount')} options={people.options} />
              <TextField
                form={form}
                name="nps"
                label={t('fields.nps')}
                hint={t('signals.surveys.scoresHint')}
                type="number"
                min={0}
                max={10}
                step={1}
                inputMode="numeric"
              />
              <TextField form={form} name="csat" label={t('fields.csat')} type="number" min={1} max={5} step={1} inputMode="numeric" />
              <TextField form={form} name="ces" label={t('fields.ces')} type="number" min={1} max={7} step={1} inputMode="numeric" />
              <TextareaField form={form} name="comment" label={t('fields.comment')} wide />
            </>
          )}
        />
      )}
    >
      {(edit) => (
        <DataTable
          columns={[
            { label: t('fields.answeredOn') },
            { label: t('fields.nps'), numeric: true },
            { label: t('fields.csat'), numeric: true },
            { label: t('fields.ces'), numeric: true },
            { label: t('fields.personId') },
            { label: t('fields.comment') },
          ]}
        >
          {(surveys.data ?? []).map((survey) => (
            <tr key={survey.id}>
              <th scope="row" className="nowrap">
                {format.date(survey.answeredOn)}
              </th>
              <td className="numeric">{format.number(survey.nps)}</td>
              <td className="numeric">{format.number(survey.csat)}</td>
              <td className="numeric">{format.number(survey.ces)}</td>
              <td>
                {survey.personId ? (
                  <Link to={`/people/${survey.personId}`}>{people.displayName(survey.personId)}</Link>
                ) : (
                  <span className="muted">{t('signals.surveys.wholeAccount')}</span>
                )}
              </td>
              <td className="prewrap">{survey.comment}</td>
              <td className="cell-actions">
                <RowActions label={labelOf(survey)} onEdit={() => edit(survey)} onDelete={() => void moveToBin('surveys', survey, labelOf(survey))} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </RecordsSection>
  );
}
