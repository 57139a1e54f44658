/**
 * Choose an account by typing part of its name or alias: a combobox over `portfolio.list`, so it
 * stays quick with 10,000 accounts (the store filters; only the first matches come back).
 * Arrow keys move through the matches, Enter picks one, Escape closes the list.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useController, type FieldValues, type Path, type UseFormReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context';
import { FieldShell, useFieldState } from '../forms/Fields';
import { useLocale } from '../i18n';
import { useRecord } from '../views/queries';
import { useActiveOption } from './useActiveOption';

const MATCHES = 8;

export interface AccountPickerProps {
  id: string;
  value: string | null;
  onChange: (accountId: string | null) => void;
  onBlur?: () => void;
  invalid?: boolean;
  describedBy?: string;
  required?: boolean;
  /** Accounts that may not be picked (the account itself, as its own parent). */
  exclude?: readonly string[];
  autoFocus?: boolean;
  inputRef?: (element: HTMLInputElement | null) => void;
}

export function AccountPicker({ id, value, onChange, onBlur, invalid, describedBy, required, exclude = [], autoFocus, inputRef }: AccountPickerProps) {
  const { t } = useTranslation();
  const api = useApi();
  const { locale } = useLocale();
  const listId = useId();
  const selected = useRecord('accounts', value);
  const [text, setText] = useState('');
  const [editing, setEditing] = useState(false);

  const query = editing ? text.trim() : '';
  const matches = useQuery({
    queryKey: ['portfolio', locale, 'picker', query],
    queryFn: () => api['portfolio.list']({ text: query, sort: 'name', limit: MATCHES + exclude.length }),
    enabled: editing,
    placeholderData: keepPreviousData,
  });
  const options = (matches.data?.rows ?? []).filter((row) => !exclude.includes(row.id)).slice(0, MATCHES);
  const { active, setActive, move } = useActiveOption(query, options.length);

  const selectedName = value ? (selected.data?.name ?? '') : '';
  const pick = (accountId: string) => {
    onChange(accountId);
    setEditing(false);
    setText('');
  };
  const open = editing && options.length > 0;
  const optionId = (index: number) => `${listId}-option-${index}`;

  return (
    <div className="picker">
      <input
        id={id}
        ref={inputRef}
        className="input"
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        data-autofocus={autoFocus || undefined}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open ? optionId(active) : undefined}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        aria-required={required || undefined}
        placeholder={t('picker.typeToSearch')}
        value={editing ? text : selectedName}
        onFocus={() => {
          setEditing(true);
          setText('');
        }}
        onBlur={() => {
          setEditing(false);
          onBlur?.();
        }}
        onChange={(event) => {
          setEditing(true);
          setText(event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            move(event.key === 'ArrowDown' ? 1 : -1);
          } else if (event.key === 'Enter' && open) {
            event.preventDefault();
            const option = options[active];
            if (option) pick(option.id);
          } else if (event.key === 'Escape' && open) {
            // Close the list, not the dialog around it.
            event.preventDefault();
            event.stopPropagation();
            setEditing(false);
          }
        }}
      />
      {value && !required && !editing && (
        <button
          type="button"
          className="button button-icon picker-clear"
          aria-label={t('picker.clear')}
          title={t('picker.clear')}
          onClick={() => onChange(null)}
        >
          <span aria-hidden="true">×</span>
        </button>
      )}
      <ul id={listId} role="listbox" className="picker-list" hidden={!open} aria-label={t('picker.matches')}>
        {options.map((option, index) => (
          <li
            key={option.id}
            id={optionId(index)}
            role="option"
            className="picker-option"
            aria-selected={index === active}
            // mousedown, not click: the input's blur would close the list before a click lands.
            onMouseDown={(event) => {
              event.preventDefault();
              pick(option.id);
            }}
            onMouseEnter={() => setActive(index)}
          >
            {option.name}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The picker as a labelled react-hook-form field whose value is an account id ('' when none). */
export function AccountPickerField<T extends FieldValues>({
  form,
  name,
  label,
  hint,
  required,
  wide,
  exclude,
  autoFocus,
}: {
  form: UseFormReturn<T, any, any>;
  name: Path<T>;
  label: string;
  hint?: string;
  required?: boolean;
  wide?: boolean;
  exclude?: readonly string[];
  autoFocus?: boolean;
}) {
  const { field } = useController({ control: form.control, name });
  const state = useFieldState(form, name, hint);
  return (
    <FieldShell {...state} label={label} hint={hint} required={required} wide={wide}>
      <AccountPicker
        id={state.id}
        value={typeof field.value === 'string' && field.value ? field.value : null}
        onChange={(accountId) => field.onChange(accountId ?? '')}
        onBlur={field.onBlur}
        inputRef={field.ref}
        invalid={state.invalid}
        describedBy={state.describedBy}
        required={required}
        exclude={exclude}
        autoFocus={autoFocus}
      />
    </FieldShell>
  );
}
