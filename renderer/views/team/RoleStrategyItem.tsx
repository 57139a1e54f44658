/**
 * One buying-centre role's communication strategy, as the team's defaults (Settings) and a
 * person's own strategies (the person page) both list them: the role, the text, and Edit, which
 * turns the text into its editor in place.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { BuyingRole } from '../../../shared/domain';
import { useToast } from '../../components/Toasts';
import { useEnumLabel } from '../../enums';
import { FormActions, FormError, TextareaField } from '../../forms/Fields';
import { useSchemaForm } from '../../forms/useSchemaForm';

export function RoleStrategyItem({
  role,
  text,
  badge,
  editLabel,
  onEdit,
  editor,
}: {
  role: BuyingRole;
  text: string;
  /** Beside the role: whose strategy this is (the person's own, or the team's default). */
  badge?: ReactNode;
  /** The Edit button's accessible name, naming the role. */
  editLabel: string;
  onEdit: () => void;
  /** The editor while this role's strategy is being edited, else null. */
  editor: ReactNode;
}) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  return (
    <li className="strategy">
      <div className="strategy-head">
        <span className="role-badge" data-role={role}>
          {enumLabel('role', role)}
        </span>
        {badge}
        {!editor && (
          <button type="button" className="button button-small button-quiet" aria-label={editLabel} onClick={onEdit}>
            {t('common.edit')}
          </button>
        )}
      </div>
      {editor ?? <p className="strategy-text">{text}</p>}
    </li>
  );
}

/** The strategy form: a strategy text checked by its record's own field schema. */
export type StrategySchema = z.ZodObject<{ strategy: z.ZodType<string, string> }>;

/**
 * Edits one strategy text in place; `save` stores it and returns the confirmation to show. Other
 * buttons (“use the team's default”) go before Cancel and Save.
 */
export function StrategyEditor({
  schema,
  label,
  initial,
  save,
  onClose,
  children,
}: {
  schema: StrategySchema;
  label: string;
  initial: string;
  save: (strategy: string) => Promise<string>;
  onClose: () => void;
  children?: ReactNode;
}) {
  const toast = useToast();
  const { form, submit } = useSchemaForm(schema, { strategy: initial });
  const onSubmit = submit(async ({ strategy }) => {
    toast(await save(strategy));
    onClose();
  });
  const actions = <FormActions busy={form.formState.isSubmitting} onCancel={onClose} />;
  return (
    <form className="form strategy-form" onSubmit={onSubmit} noValidate>
      <TextareaField form={form} name="strategy" label={label} rows={3} />
      <FormError form={form} />
      {children ? (
        <div className="form-actions">
          {children}
          {actions}
        </div>
      ) : (
        actions
      )}
    </form>
  );
}
