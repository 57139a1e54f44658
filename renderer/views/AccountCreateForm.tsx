import { useTranslation } from 'react-i18next';
import { useToast } from '../components/Toasts';
import { FormError, useFieldState } from '../forms/Fields';
import { useSchemaForm } from '../forms/useSchemaForm';
import { AccountNameInput, useCreateAccount, type Account } from './accountQueries';
import { DuplicateWarning } from './duplicates/DuplicateWarning';

/** The quick “add account” form: just the name, the input and its button on one row. */
export function AccountCreateForm({ onCreated }: { onCreated?: (account: Account) => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const create = useCreateAccount();
  const { form, submit } = useSchemaForm(AccountNameInput, { name: '' });
  const name = useFieldState(form, 'name', undefined);
  const typed = form.watch('name');

  const onSubmit = submit(async (values) => {
    const account = await create.mutateAsync(values);
    form.reset({ name: '' });
    toast(t('accounts.created', { name: account.name }));
    onCreated?.(account);
  });

  return (
    <form className="create-form" onSubmit={onSubmit} noValidate>
      <label className="field-label" htmlFor={name.id}>
        {t('accounts.newName')}
      </label>
      <div className="field-row">
        <input
          id={name.id}
          className="input"
          type="text"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={name.invalid}
          aria-describedby={name.describedBy}
          {...form.register('name')}
        />
        <button type="submit" className="button button-primary" disabled={form.formState.isSubmitting}>
          {t('accounts.add')}
        </button>
      </div>
      {name.error && (
        <p id={name.errorId} className="field-error">
          {name.error}
        </p>
      )}
      <DuplicateWarning input={typed?.trim() ? { kind: 'accounts', name: typed.trim().slice(0, 200) } : null} />
      <FormError form={form} />
    </form>
  );
}
