import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useId, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/i18n';
import { localizedErrorMap } from '../../shared/validation';
import { useToast } from '../components/Toasts';
import { useLocale, useTranslate } from '../i18n';
import { AccountNameInput, useAccountChanges, type Account } from './accountQueries';
import { showCallError, useRevalidateOnLanguageChange } from './formErrors';

const formats = new Map<Locale, Intl.DateTimeFormat>();
/** One formatter per language for all rows (building one costs more than formatting with it). */
function dateTimeFormat(locale: Locale): Intl.DateTimeFormat {
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    formats.set(locale, format);
  }
  return format;
}

interface AccountRowProps {
  account: Account;
  /** In the "all" list a deleted account carries an "In the bin" badge. */
  markDeleted: boolean;
  busy: boolean;
  onDelete: (account: Account) => void;
  onRestore: (account: Account) => void;
}

export function AccountRow({ account, markDeleted, busy, onDelete, onRestore }: AccountRowProps) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [renaming, setRenaming] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const deleted = account.deletedAt !== null;

  useEffect(() => {
    if (!renaming && returnFocus.current) {
      returnFocus.current = false;
      renameButton.current?.focus();
    }
  }, [renaming]);

  const when = account.deletedAt ?? account.updatedAt;
  const whenText = dateTimeFormat(locale).format(new Date(when));

  return (
    <li className="account-row" data-deleted={deleted || undefined}>
      {renaming ? (
        <AccountRenameForm
          account={account}
          onClose={() => {
            returnFocus.current = true;
            setRenaming(false);
          }}
        />
      ) : (
        <>
          <div className="account-main">
            <span className="account-name">{account.name}</span>
            {deleted && markDeleted && <span className="badge">{t('accounts.inBin')}</span>}
            <span className="account-meta">
              <time dateTime={when}>
                {deleted ? t('accounts.deletedOn', { date: whenText }) : t('accounts.updatedOn', { date: whenText })}
              </time>
            </span>
          </div>
          <div className="account-actions">
            {deleted ? (
              <button type="button" className="button" disabled={busy} onClick={() => onRestore(account)}>
                {t('accounts.restore')}
              </button>
            ) : (
              <>
                <button type="button" className="button" ref={renameButton} onClick={() => setRenaming(true)}>
                  {t('accounts.rename')}
                </button>
                <button type="button" className="button button-danger" disabled={busy} onClick={() => onDelete(account)}>
                  {t('accounts.delete')}
                </button>
              </>
            )}
          </div>
        </>
      )}
    </li>
  );
}

function AccountRenameForm({ account, onClose }: { account: Account; onClose: () => void }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const toast = useToast();
  const { rename } = useAccountChanges();
  const form = useForm({
    resolver: zodResolver(AccountNameInput, { error: localizedErrorMap(translate) }),
    defaultValues: { name: account.name },
  });
  useRevalidateOnLanguageChange(form, translate);
  const { errors, isSubmitting } = form.formState;
  const inputId = useId();
  const errorId = `${inputId}-error`;
  const { ref: registerRef, ...nameField } = form.register('name');
  const input = useRef<HTMLInputElement | null>(null);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const onSubmit = form.handleSubmit(async (values) => {
    if (values.name === account.name) return onClose();
    try {
      const renamed = await rename.mutateAsync({ id: account.id, name: values.name });
      toast(t('accounts.renamed', { name: renamed.name }));
      onClose();
    } catch (error) {
      showCallError(form, error, ['name'], translate);
    }
  });

  return (
    <form
      className="rename-form"
      onSubmit={onSubmit}
      noValidate
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <label className="visually-hidden" htmlFor={inputId}>
        {t('accounts.renameLabel', { name: account.name })}
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
          {...nameField}
          ref={(element) => {
            registerRef(element);
            input.current = element;
          }}
        />
        <button type="submit" className="button button-primary" disabled={isSubmitting}>
          {t('accounts.save')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('accounts.cancel')}
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
