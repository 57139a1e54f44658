/**
 * The team's communication strategy per buying-centre role (the defaults every person with the
 * role shows unless they have their own): the seven roles, each editable in place.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { BUYING_ROLES, RoleStrategy, type BuyingRole } from '../../../shared/domain';
import { isApiError } from '../../api/client';
import { useApi } from '../../api/context';
import { Section } from '../../components/Section';
import { useToast } from '../../components/Toasts';
import { useEnumLabel } from '../../enums';
import { FormActions, FormError, TextareaField } from '../../forms/Fields';
import { fromText } from '../../forms/schema';
import { useSchemaForm } from '../../forms/useSchemaForm';
import { useLocale } from '../../i18n';
import { useRefreshData } from '../queries';

const StrategyForm = z.object({ strategy: fromText(RoleStrategy.shape.strategy.min(1)) });

export function RoleStrategiesSection() {
  const { t } = useTranslation();
  const api = useApi();
  const enumLabel = useEnumLabel();
  const { locale } = useLocale();
  // Same key as a person's strategy section: templates nobody edited come in the caller's language.
  const strategies = useQuery({ queryKey: ['strategies', locale], queryFn: () => api['strategies.list']({}) });
  const [editing, setEditing] = useState<BuyingRole | null>(null);
  const textOf = (role: BuyingRole) => strategies.data?.find((s) => s.id === role)?.strategy ?? '';

  return (
    <Section title={t('roleStrategies.title')}>
      <p className="sync-intro">{t('roleStrategies.intro')}</p>
      {strategies.isError ? (
        <div className="list-note" role="alert">
          <p>{isApiError(strategies.error) ? strategies.error.message : t('errors.internal', { detail: String(strategies.error) })}</p>
          <button type="button" className="button" onClick={() => void strategies.refetch()}>
            {t('app.retry')}
          </button>
        </div>
      ) : !strategies.data ? (
        <p className="section-empty">{t('app.loading')}</p>
      ) : (
        <ul className="strategy-list" aria-label={t('roleStrategies.list')}>
          {BUYING_ROLES.map((role) => (
            <li key={role} className="strategy">
              <div className="strategy-head">
                <span className="role-badge" data-role={role}>
                  {enumLabel('role', role)}
                </span>
                {editing !== role && (
                  <button
                    type="button"
                    className="button button-small button-quiet"
                    aria-label={t('roleStrategies.editFor', { role: enumLabel('role', role) })}
                    onClick={() => setEditing(role)}
                  >
                    {t('common.edit')}
                  </button>
                )}
              </div>
              {editing === role ? (
                <TeamStrategyEditor role={role} initial={textOf(role)} onClose={() => setEditing(null)} />
              ) : (
                <p className="strategy-text">{textOf(role)}</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function TeamStrategyEditor({ role, initial, onClose }: { role: BuyingRole; initial: string; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const toast = useToast();
  const enumLabel = useEnumLabel();
  const refresh = useRefreshData();
  const update = useMutation({
    mutationFn: (strategy: string) => api['strategies.update']({ id: role, strategy }),
    onSuccess: refresh,
    onError: () => void refresh(),
  });
  const { form, submit } = useSchemaForm(StrategyForm, { strategy: initial });

  const onSubmit = submit(async ({ strategy }) => {
    await update.mutateAsync(strategy);
    toast(t('roleStrategies.saved', { role: enumLabel('role', role) }));
    onClose();
  });

  return (
    <form className="form strategy-form" onSubmit={onSubmit} noValidate>
      <TextareaField form={form} name="strategy" label={t('roleStrategies.label', { role: enumLabel('role', role) })} rows={3} />
      <FormError form={form} />
      <FormActions busy={form.formState.isSubmitting} onCancel={onClose} />
    </form>
  );
}
