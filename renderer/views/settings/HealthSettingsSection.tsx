/**
 * The team's account health rules on the Settings page: each indicator's weight and on/off, and
 * the main thresholds (purchases falling, decider silence, renewal). Team settings, shared through
 * sync; saving (`health.configure`) recomputes every account. The form holds the whole settings
 * object, so what it does not show is sent back unchanged.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm, type Path, type UseFormReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { DEFAULT_HEALTH_SETTINGS, HealthSettings, INDICATOR_CODES, type HealthSettingsInput } from '../../../shared/health';
import { localizedErrorMap } from '../../../shared/validation';
import { useApi } from '../../api/context';
import { ListState } from '../../components/LoadState';
import { Section } from '../../components/Section';
import { useToast } from '../../components/Toasts';
import { FieldShell, useFieldState } from '../../forms/Fields';
import { useTranslate } from '../../i18n';
import { showCallError, useRevalidateOnLanguageChange } from '../formErrors';
import { useRefreshData } from '../queries';

export const HEALTH_SETTINGS_KEY = ['health.settings'] as const;

type Form = UseFormReturn<HealthSettingsInput, unknown, HealthSettings>;
type FieldName = Path<HealthSettingsInput>;

/** The thresholds shown, by schema path, with their label's key (and whether blank means "never"). */
const THRESHOLDS = [
  { name: 'purchases_down.watchMonths', label: 'me.health.watchMonths' },
  { name: 'purchases_down.alertMonths', label: 'me.health.alertMonths' },
  { name: 'purchases_down.minDropPct', label: 'me.health.minDropPct' },
  { name: 'decider_silent.days', label: 'me.health.deciderDays' },
  { name: 'renewal.watchDays', label: 'me.health.renewalWatchDays' },
  { name: 'renewal.alertDays', label: 'me.health.renewalAlertDays', nullable: true },
] as const satisfies readonly { name: FieldName; label: string; nullable?: boolean }[];

/** Every field the form shows: the service's issues about them go under them. */
const FIELDS: readonly FieldName[] = [
  ...INDICATOR_CODES.flatMap((code) => [`${code}.weight`, `${code}.enabled`] as FieldName[]),
  ...THRESHOLDS.map((threshold) => threshold.name),
];

/** A number input's text as the schema's value: blank is null (a switched-off threshold, or "required"). */
const numberOf = (text: unknown) => (text === '' || text === null || text === undefined ? null : Number(text));

export function HealthSettingsSection() {
  const { t } = useTranslation();
  const api = useApi();
  const settings = useQuery({ queryKey: HEALTH_SETTINGS_KEY, queryFn: () => api['health.settings']({}) });
  return (
    <Section title={t('me.health.title')} className="health-settings-section">
      <p className="settings-intro">{t('me.health.shared')}</p>
      <ListState query={settings} noteClassName="list-note" errorClassName="list-note">
        {settings.data && <HealthSettingsForm settings={settings.data} />}
      </ListState>
    </Section>
  );
}

function HealthSettingsForm({ settings }: { settings: HealthSettings }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const toast = useToast();
  const api = useApi();
  const queryClient = useQueryClient();
  const refreshed = useRefreshData();
  const configure = useMutation({
    mutationFn: (input: HealthSettings) => api['health.configure'](input),
    onSuccess: async (saved) => {
      queryClient.setQueryData(HEALTH_SETTINGS_KEY, saved);
      await refreshed();
    },
  });
  const form: Form = useForm<HealthSettingsInput, unknown, HealthSettings>({
    resolver: zodResolver(HealthSettings, { error: localizedErrorMap(translate) }) as never,
    defaultValues: settings,
  });
  useRevalidateOnLanguageChange(form, translate);
  const { isSubmitting, errors } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const saved = await configure.mutateAsync(values);
      form.reset(saved);
      toast(t('me.health.saved'), { subject: 'health-settings' });
    } catch (error) {
      showCallError(form, error, FIELDS, translate);
    }
  });

  const restoreDefaults = () => {
    // Filled in, not saved: the team's rules change (and every account is recomputed) on Save.
    form.reset(DEFAULT_HEALTH_SETTINGS, { keepDefaultValues: true });
    toast(t('me.health.restored'), { subject: 'health-settings' });
  };

  return (
    <form className="form health-settings-form" onSubmit={onSubmit} noValidate>
      <table className="health-settings-table">
        <thead>
          <tr>
            <th scope="col">{t('me.health.indicator')}</th>
            <th scope="col">{t('me.health.weight')}</th>
            <th scope="col">{t('me.health.enabled')}</th>
          </tr>
        </thead>
        <tbody>
          {INDICATOR_CODES.map((code) => {
            const name = t(`health.indicators.${code}`);
            return (
              <tr key={code}>
                <th scope="row">{name}</th>
                <td>
                  <NumberInput form={form} name={`${code}.weight`} label={t('me.health.weightOf', { name })} min={0} max={100} step="any" />
                </td>
                <td>
                  <input type="checkbox" aria-label={t('me.health.enabledOf', { name })} {...form.register(`${code}.enabled`)} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h3 className="form-section-title">{t('me.health.thresholds')}</h3>
      <div className="form-grid">
        {THRESHOLDS.map((threshold) => (
          <ThresholdField
            key={threshold.name}
            form={form}
            name={threshold.name}
            label={t(threshold.label)}
            hint={'nullable' in threshold ? t('me.health.blankNever') : undefined}
          />
        ))}
      </div>

      {errors.root?.server && (
        <p role="alert" className="form-error">
          {errors.root.server.message}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button" disabled={isSubmitting} onClick={restoreDefaults}>
          {t('me.health.restore')}
        </button>
        <button type="submit" className="button button-primary" disabled={isSubmitting}>
          {isSubmitting ? t('me.health.saving') : t('me.health.save')}
        </button>
      </div>
    </form>
  );
}

/** A number in a table cell: labelled for screen readers, its error under it. */
function NumberInput({ form, name, label, ...input }: { form: Form; name: FieldName; label: string; min?: number; max?: number; step?: string }) {
  const state = useFieldState(form, name, undefined);
  return (
    <>
      <input
        id={state.id}
        className="input input-compact health-weight"
        type="number"
        inputMode="decimal"
        aria-label={label}
        aria-invalid={state.invalid}
        aria-describedby={state.describedBy}
        {...input}
        {...form.register(name, { setValueAs: numberOf })}
      />
      {state.error && (
        <p id={state.errorId} className="field-error">
          {state.error}
        </p>
      )}
    </>
  );
}

function ThresholdField({ form, name, label, hint }: { form: Form; name: FieldName; label: string; hint?: string }) {
  const state = useFieldState(form, name, hint);
  return (
    <FieldShell {...state} label={label} hint={hint}>
      <input
        id={state.id}
        className="input"
        type="number"
        inputMode="decimal"
        step="any"
        aria-invalid={state.invalid}
        aria-describedby={state.describedBy}
        {...form.register(name, { setValueAs: numberOf })}
      />
    </FieldShell>
  );
}
