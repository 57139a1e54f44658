import type { ReactNode } from 'react';
import type { z } from 'zod';
import { Dialog } from '../components/Dialog';
import { useToast } from '../components/Toasts';
import { FormActions, FormError } from './Fields';
import { useSchemaForm, type SchemaForm } from './useSchemaForm';

/**
 * A record's add or edit form in a dialog: validated by `schema`, saved by `save` (which returns
 * the confirmation to show); a failed save keeps the dialog open with what was typed.
 */
export function FormDialog<S extends z.ZodObject>({
  title,
  schema,
  defaults,
  save,
  onClose,
  render,
  size = 'medium',
}: {
  title: string;
  schema: S;
  defaults: z.input<S>;
  save: (values: z.output<S>) => Promise<string>;
  onClose: () => void;
  render: (form: SchemaForm<S>) => ReactNode;
  size?: 'small' | 'medium' | 'large';
}) {
  const toast = useToast();
  const { form, submit } = useSchemaForm(schema, defaults);
  const onSubmit = submit(async (values) => {
    const message = await save(values);
    toast(message);
    onClose();
  });
  return (
    <Dialog title={title} onClose={onClose} size={size}>
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="form-grid">{render(form)}</div>
        <FormError form={form} />
        <FormActions busy={form.formState.isSubmitting} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
