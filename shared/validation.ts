/**
 * Turns zod issues into sentences in the user's language. The same error map is used by the
 * renderer's forms (through the resolver) and by the main process when a call's input fails, so a
 * field reads the same message wherever it was checked.
 */
import type { z } from 'zod';
import type { Translate } from './i18n';
import type { FieldIssue } from './result';

type RawIssue = Parameters<z.core.$ZodErrorMap>[0];

/** The catalog's word for a code (`validation.types.int` → 整数), or the code itself when it has none. */
const wordFor = (t: Translate, key: string, code: string): string => {
  const word = t(`${key}.${code}`);
  return word === `${key}.${code}` ? code : word;
};

export function issueMessage(iss: RawIssue, t: Translate): string {
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined || iss.input === null
        ? t('validation.required')
        : t('validation.wrongType', { expected: wordFor(t, 'validation.types', iss.expected) });
    case 'too_small': {
      const minimum = Number(iss.minimum);
      if (iss.origin === 'string') return minimum <= 1 ? t('validation.required') : t('validation.tooShort', { minimum });
      if (iss.origin === 'array' || iss.origin === 'set') return t('validation.tooFew', { minimum });
      return t('validation.tooLow', { minimum });
    }
    case 'too_big': {
      const maximum = Number(iss.maximum);
      if (iss.origin === 'string') return t('validation.tooLong', { maximum });
      if (iss.origin === 'array' || iss.origin === 'set') return t('validation.tooMany', { maximum });
      return t('validation.tooHigh', { maximum });
    }
    case 'invalid_value':
      // A choice left empty is a missing field, not a wrong choice.
      return iss.input === undefined || iss.input === null ? t('validation.required') : t('validation.oneOf', { values: iss.values.map(String).join(', ') });
    case 'invalid_format':
      return t('validation.format', { format: wordFor(t, 'validation.formats', iss.format) });
    case 'unrecognized_keys':
      return t('validation.unknownKeys', { keys: iss.keys.join(', ') });
    case 'custom': {
      const key = (iss.params as { key?: string } | undefined)?.key;
      return key ? t(key, iss.params) : t('validation.invalid');
    }
    default:
      return t('validation.invalid');
  }
}

/** A zod error map that words every issue with `t`. */
export const localizedErrorMap =
  (t: Translate): z.core.$ZodErrorMap =>
  (iss) =>
    issueMessage(iss, t);

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** `Name: Use at most 200 characters.` — the field's label, when the catalog has one, then the message. */
export function describeIssues(issues: FieldIssue[], t: Translate): string {
  return issues
    .map((i) => {
      const field = i.path
        .split('.')
        .filter((p) => !/^\d+$/.test(p))
        .pop();
      const label = field ? t(`fields.${field}`) : '';
      return label && label !== `fields.${field}` ? t('validation.labelled', { label, message: i.message }) : i.message;
    })
    .join(' ');
}
