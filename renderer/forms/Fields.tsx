/**
 * Labelled inputs for react-hook-form: each has its label, an optional hint and its error, tied
 * to the input with aria-describedby, so the error is read out with the field and tests find the
 * input by its label.
 */
import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';
import { get, useController, type FieldValues, type Path, type UseFormReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';

/** Any form over `T`: the fields do not care about its context or what a save receives. */
type AnyForm<T extends FieldValues> = UseFormReturn<T, any, any>;

interface FieldProps<T extends FieldValues> {
  form: AnyForm<T>;
  name: Path<T>;
  label: string;
  hint?: string;
  required?: boolean;
  /** Spans the whole row of a two-column form. */
  wide?: boolean;
}

export function useFieldState<T extends FieldValues>(form: AnyForm<T>, name: Path<T>, hint: string | undefined) {
  const id = useId();
  const error = get(form.formState.errors, name) as { message?: string } | undefined;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error?.message ? errorId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  return { id, error: error?.message, errorId, hintId, describedBy, invalid: error ? true : undefined };
}

type FieldState = ReturnType<typeof useFieldState>;

/** What ties a native input, select or textarea to its label, hint and error. */
const controlProps = (state: FieldState, required: boolean | undefined) => ({
  id: state.id,
  'aria-required': required || undefined,
  'aria-invalid': state.invalid,
  'aria-describedby': state.describedBy,
});

export function FieldShell({
  id,
  label,
  required,
  hint,
  hintId,
  error,
  errorId,
  wide,
  children,
}: {
  id: string;
  label: string;
  required?: boolean;
  hint?: string;
  hintId: string;
  error?: string;
  errorId: string;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="field" data-wide={wide || undefined}>
      <label className="field-label" htmlFor={id}>
        {label}
        {required && (
          <span className="field-required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {children}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField<T extends FieldValues>({
  form,
  name,
  label,
  hint,
  required,
  wide,
  ...input
}: FieldProps<T> & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'form'>) {
  const state = useFieldState(form, name, hint);
  return (
    <FieldShell {...state} label={label} hint={hint} required={required} wide={wide}>
      <input {...controlProps(state, required)} className="input" type="text" autoComplete="off" {...input} {...form.register(name)} />
    </FieldShell>
  );
}

export function TextareaField<T extends FieldValues>({
  form,
  name,
  label,
  hint,
  required,
  wide,
  ...input
}: FieldProps<T> & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name' | 'form'>) {
  const state = useFieldState(form, name, hint);
  return (
    <FieldShell {...state} label={label} hint={hint} required={required} wide={wide}>
      <textarea {...controlProps(state, required)} className="input textarea" rows={3} {...input} {...form.register(name)} />
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
}

/**
 * A select over the form's value. Controlled (not `register`ed): `register` puts the value into
 * the select once, when it mounts, and a value whose option arrives later (the colleagues of a
 * person page opened by its address, whose list was not cached yet) was shown as the blank choice,
 * “Nobody”, although the form still held it. A value with no option at all (a manager in the
 * bin) shows as “Unknown” rather than as another choice.
 */
export function SelectField<T extends FieldValues>({
  form,
  name,
  label,
  hint,
  required,
  wide,
  options,
  blank,
}: FieldProps<T> & {
  options: readonly Option[];
  /** The label of the empty choice (“not set”); without it there is none. */
  blank?: string;
}) {
  const { t } = useTranslation();
  const {
    field: { ref, value: fieldValue, ...field },
  } = useController({ control: form.control, name });
  const state = useFieldState(form, name, hint);
  const value = typeof fieldValue === 'string' ? fieldValue : String(fieldValue ?? '');
  const missing = value !== '' && !options.some((option) => option.value === value);
  return (
    <FieldShell {...state} label={label} hint={hint} required={required} wide={wide}>
      <select {...controlProps(state, required)} className="input select" {...field} ref={ref} value={value}>
        {blank !== undefined && <option value="">{blank}</option>}
        {missing && <option value={value}>{t('common.unknown')}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** Several choices ticked at once (roles, owners, participants): the value is the list of ticked values. */
export function CheckboxGroupField<T extends FieldValues>({
  form,
  name,
  label,
  hint,
  wide,
  options,
  empty,
}: FieldProps<T> & {
  options: readonly Option[];
  /** Shown instead of the boxes when there is nothing to choose. */
  empty?: string;
}) {
  const { t } = useTranslation();
  const { field } = useController({ control: form.control, name });
  const state = useFieldState(form, name, hint);
  const value = (Array.isArray(field.value) ? field.value : []) as string[];
  const toggle = (option: string, checked: boolean) => field.onChange(checked ? [...value, option] : value.filter((v) => v !== option));
  return (
    <fieldset className="field checkbox-group" data-wide={wide || undefined} aria-invalid={state.invalid} aria-describedby={state.describedBy}>
      <legend className="field-label">{label}</legend>
      {options.length === 0 ? (
        <p className="field-hint">{empty ?? t('common.nothingToChoose')}</p>
      ) : (
        <div className="checkbox-list">
          {options.map((option, index) => (
            <label key={option.value} className="checkbox">
              <input
                type="checkbox"
                value={option.value}
                checked={value.includes(option.value)}
                onChange={(event) => toggle(option.value, event.target.checked)}
                onBlur={field.onBlur}
                ref={index === 0 ? field.ref : undefined}
              />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
      )}
      {hint && (
        <p id={state.hintId} className="field-hint">
          {hint}
        </p>
      )}
      {state.error && (
        <p id={state.errorId} className="field-error">
          {state.error}
        </p>
      )}
    </fieldset>
  );
}

/** A failure that is not about one field (not found, service gone…), above the buttons. */
export function FormError<T extends FieldValues>({ form }: { form: AnyForm<T> }) {
  const message = form.formState.errors.root?.server?.message;
  if (!message) return null;
  return (
    <p role="alert" className="form-error">
      {message}
    </p>
  );
}

export function FormActions({ submitLabel, busy, onCancel }: { submitLabel?: string; busy: boolean; onCancel?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      {onCancel && (
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      )}
      <button type="submit" className="button button-primary" disabled={busy}>
        {submitLabel ?? t('common.save')}
      </button>
    </div>
  );
}
