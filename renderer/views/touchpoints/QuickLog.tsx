/**
 * Log a touchpoint from anywhere: Ctrl+L (⌘L on a Mac) or the header's button opens a dialog
 * with the account already chosen when the page is about one (an account, or a person, who is
 * then ticked as a participant). The same dialog, given a logged touchpoint, edits it.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMatch } from 'react-router';
import { CHANNELS, TOUCHPOINT_KINDS } from '../../../shared/domain';
import { AccountPickerField } from '../../components/AccountPicker';
import { Dialog } from '../../components/Dialog';
import { useToast } from '../../components/Toasts';
import { useEnumOptions } from '../../enums';
import { CheckboxGroupField, FormActions, FormError, SelectField, TextareaField, TextField } from '../../forms/Fields';
import { useSchemaForm } from '../../forms/useSchemaForm';
import { useMembers, usePeopleOf, useRecord, useRecordChanges, type TouchpointRecord } from '../queries';
import { TouchpointForm, touchpointDefaults, touchpointFormValues, touchpointInputs } from './touchpointForm';

export interface QuickLogPreset {
  accountId?: string;
  personIds?: string[];
  /** A logged touchpoint to edit (saved with touchpoints.update) instead of logging a new one. */
  touchpoint?: TouchpointRecord;
}

type OpenQuickLog = (preset?: QuickLogPreset) => void;
const QuickLogContext = createContext<OpenQuickLog | null>(null);

const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform);

/** How the shortcut reads on this machine, and its aria-keyshortcuts value. */
export function quickLogShortcut(): { label: string; aria: string } {
  return isMac() ? { label: '⌘L', aria: 'Meta+L' } : { label: 'Ctrl+L', aria: 'Control+L' };
}

export function QuickLogProvider({ children }: { children: ReactNode }) {
  const [preset, setPreset] = useState<QuickLogPreset | null>(null);
  const accountId = useMatch('/accounts/:accountId/*')?.params.accountId;
  const personId = useMatch('/people/:personId')?.params.personId;
  const person = useRecord('people', personId);

  const pagePreset = useMemo<QuickLogPreset>(() => {
    if (accountId) return { accountId };
    if (person.data && personId === person.data.id) return { accountId: person.data.accountId, personIds: [person.data.id] };
    return {};
  }, [accountId, personId, person.data]);

  const open = useCallback<OpenQuickLog>((given) => setPreset(given ?? pagePreset), [pagePreset]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // Ctrl+L also focuses a browser's address bar; in Rapport it logs a touchpoint instead.
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        setPreset((current) => current ?? pagePreset);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pagePreset]);

  return (
    <QuickLogContext.Provider value={open}>
      {children}
      {preset && <QuickLogDialog preset={preset} onClose={() => setPreset(null)} />}
    </QuickLogContext.Provider>
  );
}

export function useQuickLog(): OpenQuickLog {
  const open = useContext(QuickLogContext);
  if (!open) throw new Error('useQuickLog() needs a <QuickLogProvider> above it');
  return open;
}

function QuickLogDialog({ preset, onClose }: { preset: QuickLogPreset; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const touchpoints = useRecordChanges('touchpoints');
  const followUps = useRecordChanges('followups');
  // The touchpoint once logged: when only its follow-up failed, trying again must not log it twice.
  const [logged, setLogged] = useState<TouchpointRecord | null>(null);
  const enumOptions = useEnumOptions();
  const members = useMembers();
  const editing = preset.touchpoint;
  const { form, submit } = useSchemaForm(TouchpointForm, editing ? touchpointFormValues(editing) : touchpointDefaults(preset));
  const accountId = form.watch('accountId');
  const { list: peopleList, people, options: peopleOptions, nameOf: personName } = usePeopleOf(accountId || null);
  const account = useRecord('accounts', accountId || null);

  // Participants belong to one account: choosing another account clears them.
  const { setValue, getValues } = form;
  useEffect(() => {
    const ticked = getValues('theirParticipants') ?? [];
    if (peopleList.data && ticked.some((id) => !personName(id)))
      setValue(
        'theirParticipants',
        ticked.filter((id) => personName(id)),
      );
  }, [peopleList.data, personName, getValues, setValue]);

  const knownDepartments = useMemo(() => [...new Set(people.map((person) => person.department).filter((d): d is string => !!d))].sort(), [people]);
  const addDepartment = (department: string) => {
    const current = getValues('departments');
    const items = current
      .split(/[,，、;；]/)
      .map((item) => item.trim())
      .filter(Boolean);
    if (!items.includes(department)) setValue('departments', [...items, department].join(', '), { shouldDirty: true });
  };

  const onSubmit = submit(async (values) => {
    const { touchpoint, followUp } = touchpointInputs(values);
    const created =
      logged ?? (await (editing ? touchpoints.update.mutateAsync({ id: editing.id, ...touchpoint }) : touchpoints.create.mutateAsync(touchpoint)));
    setLogged(created);
    if (followUp) await followUps.create.mutateAsync({ ...followUp, accountId: created.accountId, touchpointId: created.id });
    toast(editing ? t('quickLog.edited') : t('quickLog.logged', { account: account.data?.name ?? '' }), { subject: created.id });
    onClose();
  });

  const shortcut = quickLogShortcut();
  return (
    <Dialog
      title={editing ? t('quickLog.editTitle') : t('quickLog.title')}
      size="large"
      onClose={onClose}
      description={t('quickLog.description', { shortcut: shortcut.label })}
    >
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="form-grid">
          <AccountPickerField form={form} name="accountId" label={t('fields.accountId')} required autoFocus={!preset.accountId && !editing} />
          <SelectField
            form={form}
            name="kind"
            label={t('fields.kind')}
            required
            blank={t('common.choose')}
            options={enumOptions('touchpointKind', TOUCHPOINT_KINDS)}
          />
          <TextareaField
            form={form}
            name="summary"
            label={t('fields.summary')}
            required
            wide
            rows={3}
            data-autofocus={preset.accountId || editing ? true : undefined}
          />
        </div>

        <h3 className="form-section-title">{t('quickLog.optional')}</h3>
        <div className="form-grid">
          <TextField form={form} name="at" label={t('fields.at')} type="datetime-local" />
          <SelectField form={form} name="channel" label={t('fields.channel')} blank={t('common.notSet')} options={enumOptions('channel', CHANNELS)} />
          <CheckboxGroupField
            form={form}
            name="theirParticipants"
            label={t('fields.theirParticipants')}
            wide
            empty={accountId ? t('quickLog.noPeople') : t('quickLog.chooseAccountFirst')}
            options={peopleOptions}
          />
          <CheckboxGroupField
            form={form}
            name="ourParticipants"
            label={t('fields.ourParticipants')}
            wide
            empty={t('common.noMembers')}
            options={members.options}
          />
          <div className="field-stack" data-wide>
            <TextField form={form} name="departments" label={t('fields.departments')} hint={t('common.listHint')} />
            {knownDepartments.length > 0 && (
              <div className="chip-row" role="group" aria-label={t('quickLog.addDepartment')}>
                {knownDepartments.map((department) => (
                  <button key={department} type="button" className="chip" onClick={() => addDepartment(department)}>
                    + {department}
                  </button>
                ))}
              </div>
            )}
          </div>
          <SelectField
            form={form}
            name="sentiment"
            label={t('fields.sentiment')}
            blank={t('common.notSet')}
            options={enumOptions('sentiment', [2, 1, 0, -1, -2])}
          />
          <TextareaField form={form} name="needs" label={t('fields.needs')} wide rows={2} />
        </div>

        <h3 className="form-section-title">{t('quickLog.followUp')}</h3>
        <div className="form-grid">
          <TextField form={form} name="followUpTask" label={t('fields.task')} wide />
          <TextField form={form} name="followUpDue" label={t('fields.dueDate')} type="date" />
          <SelectField form={form} name="followUpOwnerId" label={t('quickLog.followUpOwner')} blank={t('common.notSet')} options={members.options} />
        </div>

        <FormError form={form} />
        <FormActions busy={form.formState.isSubmitting} onCancel={onClose} submitLabel={editing ? t('common.save') : t('quickLog.save')} />
      </form>
    </Dialog>
  );
}
