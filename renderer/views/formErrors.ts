import { useEffect, useRef } from 'react';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import type { Translate } from '../../shared/i18n';
import { isApiError } from '../api/client';

/** What to tell the user about a failed call: the service's own words, or the internal-error line with its detail. */
export function callErrorText(error: unknown, t: Translate): string {
  return isApiError(error) ? error.message : t('errors.internal', { detail: error instanceof Error ? error.message : String(error) });
}

/**
 * Shows a failed save in the form: issues the service tied to one of the form's fields go under
 * that field, anything else (not found, service gone…) above the buttons as `root.server`.
 * The form keeps what the user typed, so they can correct it or simply try again.
 */
export function showCallError<T extends FieldValues>(form: UseFormReturn<T, any, any>, error: unknown, fields: readonly Path<T>[], t: Translate): void {
  if (!isApiError(error)) {
    form.setError('root.server', { type: 'internal', message: callErrorText(error, t) });
    return;
  }
  const fieldIssues = error.issues.filter((issue) => (fields as readonly string[]).includes(issue.path));
  for (const issue of fieldIssues) form.setError(issue.path as Path<T>, { type: 'server', message: issue.message }, { shouldFocus: true });
  if (fieldIssues.length === 0) form.setError('root.server', { type: error.code, message: error.message });
}

/** Re-words the form's own (client-side) field errors when the user switches language. */
export function useRevalidateOnLanguageChange<T extends FieldValues>(form: UseFormReturn<T, any, any>, t: Translate): void {
  const wordedWith = useRef(t);
  const { trigger } = form;
  const { isSubmitted } = form.formState;
  useEffect(() => {
    if (wordedWith.current === t) return;
    wordedWith.current = t;
    // Before the first submit no error is shown, so there is nothing to re-word.
    if (isSubmitted) void trigger();
  }, [t, isSubmitted, trigger]);
}
