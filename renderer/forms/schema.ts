/**
 * What a form's inputs hold (text, the value of a select, ticked ids) turned into what the
 * shared schemas check. Every form validates with the field schemas of shared/domain.ts, so a
 * rule (a required name, influence 1–5, an email's format) is written once and reads the same in
 * the form and in the service's answer.
 */
import { z } from 'zod';

/** Text typed or chosen: blank means “not set” (null), then the shared field's own rules. */
export function fromText<T extends z.ZodType>(field: T): z.ZodType<z.output<T>, string> {
  return z
    .string()
    .transform((value) => (value.trim() === '' ? null : value))
    .pipe(field as unknown as z.ZodType<z.output<T>, string | null>) as unknown as z.ZodType<z.output<T>, string>;
}

/** A number typed or chosen (“3”, “-1”, “45.5”); blank is null. */
export function fromNumber<T extends z.ZodType>(field: T): z.ZodType<z.output<T>, string> {
  return z
    .string()
    .transform((value) => (value.trim() === '' ? null : Number(value.trim().replace(',', '.'))))
    .pipe(field as unknown as z.ZodType<z.output<T>, number | null>) as unknown as z.ZodType<z.output<T>, string>;
}

/** Separators people type between list items, in either language. */
const LIST_SEPARATORS = /[,，、;；\n]/;

/** A list typed on one line (“采购部、财务部” or “Procurement, Finance”). */
export function fromList<T extends z.ZodType>(field: T): z.ZodType<z.output<T>, string> {
  return z
    .string()
    .transform((value) =>
      value
        .split(LIST_SEPARATORS)
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .pipe(field as unknown as z.ZodType<z.output<T>, string[]>) as unknown as z.ZodType<z.output<T>, string>;
}

/** `<input type="datetime-local">` (local wall time) as an ISO instant; blank is null. */
export function fromLocalDateTime<T extends z.ZodType>(field: T): z.ZodType<z.output<T>, string> {
  return z
    .string()
    .transform((value) => {
      if (value.trim() === '') return null;
      const date = new Date(value);
      return Number.isNaN(date.getTime()) ? value : date.toISOString();
    })
    .pipe(field as unknown as z.ZodType<z.output<T>, string | null>) as unknown as z.ZodType<z.output<T>, string>;
}

/** A stored value as an input shows it: null and undefined are blank. */
export function textOf(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** A stored list as one line, in the reader's separator. */
export function listText(values: readonly string[] | null | undefined, separator = ', '): string {
  return (values ?? []).join(separator);
}
