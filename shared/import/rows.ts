/**
 * One sheet row → the input of a create or update call, checked with the same zod schemas as the
 * forms (shared/kinds.ts): each mapped cell read as its field's type (values.ts), then the whole
 * record parsed. Names that stand for records (the account, a manager, participants, an owner)
 * are handed back for the core to resolve.
 */
import Papa from 'papaparse';
import { areaKinds } from '../kinds';
import type { Translate } from '../i18n';
import { localizedErrorMap } from '../validation';
import { composeName, fieldsOf, type ImportField, type ImportKind } from './fields';
import type { RowProblem } from './schemas';
import { coerce, isEmptyCell, type Cell } from './values';

export interface ReadRow {
  /** The sheet's row number (1-based), as the user sees it in Excel. */
  row: number;
  /** Mapped, non-empty cells read as their field's type. */
  values: Record<string, unknown>;
  /** Names to resolve: `account`, `reportsTo`, `participants`, `person`, `owner`. */
  names: Record<string, string | string[]>;
  problems: RowProblem[];
}

/** The fields a mapping names, by column; fields of other kinds are refused by the caller. */
export function mappedFields(kind: ImportKind, mapping: readonly (string | null)[]): (ImportField | null)[] {
  const byName = new Map(fieldsOf(kind).map((f) => [f.field, f]));
  return mapping.map((m) => (m ? (byName.get(m) ?? null) : null));
}

/** Reads a row's mapped cells. `headers` name the columns in problems. */
export function readRow(fields: readonly (ImportField | null)[], headers: readonly string[], cells: readonly Cell[], row: number, t: Translate): ReadRow {
  const out: ReadRow = { row, values: {}, names: {}, problems: [] };
  fields.forEach((field, i) => {
    const cell = cells[i] ?? null;
    if (!field || isEmptyCell(cell)) return;
    const read = coerce(field, cell);
    if (!read.ok) {
      out.problems.push({ row, column: headers[i] ?? null, message: t(`import.problems.${read.problem.key}`, read.problem.params) });
      return;
    }
    if (field.resolves) out.names[field.field] = read.value as string | string[];
    else out.values[field.field] = read.value;
  });
  // A name given in parts (Outlook, Google Contacts) is put together, unless the name is there too.
  const parts: Record<string, Record<string, string>> = {};
  for (const field of fields) {
    if (!field?.partOf) continue;
    const value = out.values[field.field];
    delete out.values[field.field];
    if (typeof value === 'string') (parts[field.partOf] ??= {})[field.field] = value;
  }
  for (const [whole, given] of Object.entries(parts)) {
    const composed = composeName(given);
    if (out.values[whole] === undefined && composed) out.values[whole] = composed;
  }
  return out;
}

/** The record's input as a create would parse it (defaults applied), or the problems, field by field. */
export function checkInput(
  kind: ImportKind,
  input: Record<string, unknown>,
  row: number,
  headerOf: (field: string) => string | null,
  t: Translate,
): { ok: true; input: Record<string, unknown> } | { ok: false; problems: RowProblem[] } {
  const schema = areaKinds[kind].entity.create;
  const parsed = schema.safeParse(input, { error: localizedErrorMap(t) });
  if (parsed.success) return { ok: true, input: parsed.data as Record<string, unknown> };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const field = String(issue.path[0] ?? '');
      const label = t(`import.fields.${field}`);
      return {
        row,
        column: headerOf(field),
        message: t('import.problems.field', { field: label === `import.fields.${field}` ? field : label, message: issue.message }),
      };
    }),
  };
}

/** The error report as CSV (UTF-8 with BOM, so Excel opens Chinese text right): row, column, problem. */
export function problemsCsv(problems: readonly RowProblem[], t: Translate): string {
  const csv = Papa.unparse(
    {
      fields: [t('import.report.row'), t('import.report.column'), t('import.report.problem')],
      data: problems.map((p) => [p.row === 0 ? '' : String(p.row), p.column ?? '', p.message]),
    },
    { newline: '\r\n' },
  );
  return `\uFEFF${csv}\r\n`;
}
