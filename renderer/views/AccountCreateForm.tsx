import { zodResolver } from '@hookform/resolvers/zod';
import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { localizedErrorMap } from '../../shared/validation';
import { useToast } from '../components/Toasts';
import { useTranslate } from '../i18n';
import { AccountNameInput, useAccountChanges, type Account } from './accountQueries';
import { showCallError, useRevalidateOnLanguageChange } from './formErrors';

export function AccountCreateForm({ onCreated }: { onCreated?: (account: Account) => void }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const toast = useToast();
  const { create } = useAccountChanges();
  const form = useForm({
    resolver: zodResolver(AccountNameInput, { error: localizedErrorMap(translate) }),
    defaultValues: { name: '' },
  });
  useRevalidateOnLanguageChange(form, translate);
  const { errors, isSubmitting } = form.formState;
  const inputId = useId();
  const errorId = `${inputId}-error`;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const account = await create.mutateAsync(values);
      form.reset({ name: '' });
      toast(t('accounts.created', { name: account.name }));
      onCreated?.(account);
    } catch (error) {
      showCallError(form, error, ['name'], translate);
    }
  });

  return (
    <form className="create-form" onSubmit={onSubmit} noValidate>
      <label className="field-label" htmlFor={inputId}>
        {t('accounts.newName')}
      </label>
      <div className="field-row">
        <input
          id={inputId}
          className="input"
          type="text"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? errorId : undefined}
          {...form.register('name')}
        />
        <button type="submit" className="button button-primary" disabled={isSubmitting}>
          {t('accounts.add')}
        </button>
      </div>
      {errors.name && (
        <p id={errorId} className="field-error">
          {errors.name.message}
        </p>
      )}
      {errors.root?.server && (
        <p role="alert" className="form-error">
          {errors.root.server.message}
        </p>
      )}
    </form>
  );
}
