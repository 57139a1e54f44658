import { zodResolver } from '@hookform/resolvers/zod';
import { useForm, type DefaultValues, type FieldValues, type Path, type UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import { localizedErrorMap } from '../../shared/validation';
import { useTranslate } from '../i18n';
import { showCallError, useRevalidateOnLanguageChange } from '../views/formErrors';

/** A form over a zod object schema: what the inputs hold (`z.input`) and what a save gets (`z.output`). */
export type SchemaForm<S extends z.ZodObject> = UseFormReturn<z.input<S> & FieldValues, unknown, z.output<S>>;

/**
 * react-hook-form with the schema's resolver, errors worded in the user's language (and
 * re-worded when they switch), and `submit(save)`: a failed save keeps what the user typed and
 * shows the service's message, under the field it names when it names one.
 */
export function useSchemaForm<S extends z.ZodObject>(schema: S, defaultValues: z.input<S>) {
  const translate = useTranslate();
  const form = useForm<z.input<S> & FieldValues, unknown, z.output<S>>({
    resolver: zodResolver(schema as never, { error: localizedErrorMap(translate) }) as never,
    defaultValues: defaultValues as DefaultValues<z.input<S> & FieldValues>,
  });
  useRevalidateOnLanguageChange(form, translate);
  const fields = Object.keys(schema.shape) as Path<z.input<S> & FieldValues>[];
  const submit = (save: (values: z.output<S>) => Promise<unknown>) =>
    form.handleSubmit(async (values) => {
      try {
        await save(values);
      } catch (error) {
        showCallError(form, error, fields, translate);
      }
    });
  return { form, submit };
}
