/**
 * The `import.*` calls: upload (uploads.ts), preview, run (run.ts, a job), undo (undo.ts), the
 * batches made here, and the saved mappings (presets.ts).
 */
import type { z } from 'zod';
import { fieldsOf, type ImportKind } from '../../../shared/import/fields';
import { mappingFromPreset, presetColumns, suggestMapping } from '../../../shared/import/mapping';
import type { ImportBatch, ImportPresetSave, ImportPreview, ImportRequest, ImportResult, ImportUndoResult } from '../../../shared/import/schemas';
import { cellText } from '../../../shared/import/values';
import { importBatches } from '../../store/import-batches';
import { CallFailure, type ServiceContext } from '../context';
import { keyFieldOf, mappingProblems, planOf, planRow, Resolver } from './plan';
import { FileProblem, readSheet, type Sheet } from './read';
import { accountsChecker, peopleChecker } from '../duplicates';
import { importWork, type DuplicateCheck } from './run';
import { bytesOf, dropUpload, fileFailure } from './uploads';
import { findPreset, savePreset } from './presets';
import { undoBatch } from './undo';

/** The first problems a preview lists (the counts cover all). */
const PREVIEW_PROBLEMS = 1000;
const PREVIEW_SAMPLE = 50;

interface Prepared {
  sheet: Sheet;
  fileName: string;
  mapping: (string | null)[];
  suggested: (string | null)[];
  keyField: string | null;
}

async function prepare(ctx: ServiceContext, request: ImportRequest): Promise<Prepared> {
  let sheet: Sheet;
  let fileName: string;
  try {
    const file = bytesOf(ctx, request);
    fileName = file.fileName;
    sheet = await readSheet(file.bytes, { kind: request.kind, fileName, sheet: request.sheet });
  } catch (error) {
    if (error instanceof FileProblem) throw fileFailure(ctx, error);
    throw error;
  }
  const suggested = suggestMapping(request.kind, sheet.headers);
  let mapping = suggested;
  let keyWanted = request.keyField;
  if (request.preset !== undefined) {
    const preset = findPreset(ctx, request.preset);
    if (!preset) throw fileFailure(ctx, new FileProblem('noPreset', { name: request.preset }));
    if (preset.kind !== request.kind) throw fileFailure(ctx, new FileProblem('presetKind', { name: preset.name, kind: ctx.t(`import.kinds.${preset.kind}`) }));
    mapping = mappingFromPreset(preset, sheet.headers);
    keyWanted ??= preset.keyField ?? undefined;
  }
  if (request.mapping) mapping = sheet.headers.map((_, i) => request.mapping?.[i] ?? null);
  return { sheet, fileName, mapping, suggested, keyField: keyFieldOf(request.kind, keyWanted, mapping) };
}

export async function previewImport(ctx: ServiceContext, request: ImportRequest): Promise<ImportPreview> {
  const { sheet, fileName, mapping, suggested, keyField } = await prepare(ctx, request);
  const problems = mappingProblems(request.kind, sheet.headers, mapping, ctx.t);
  const preview: ImportPreview = {
    fileName,
    format: sheet.format,
    encoding: sheet.encoding,
    sheets: sheet.sheets,
    sheet: sheet.sheet,
    headerRow: sheet.headerRow,
    headers: sheet.headers,
    mapping,
    suggested,
    keyField,
    rows: sheet.rows.length,
    creates: 0,
    updates: 0,
    failing: 0,
    problems,
    newAccounts: [],
    sample: [],
  };
  if (problems.length > 0) return preview;
  const plan = planOf(request.kind, sheet, mapping, keyField);
  const resolver = new Resolver(ctx.store.sqlite, request.kind, keyField);
  const newAccounts = new Map<string, string>();
  const managers: { row: number; accountId: string; name: string }[] = [];
  for (const source of sheet.rows) {
    const planned = planRow(plan, resolver, source, ctx.t);
    let action: 'create' | 'update' | 'skip' = 'skip';
    if (!planned.ok) {
      preview.failing++;
      for (const p of planned.problems) if (preview.problems.length < PREVIEW_PROBLEMS) preview.problems.push(p);
    } else {
      const row = planned.planned;
      // The preview learns what the import would add, so later rows naming it match it as the import will.
      let input = row.input;
      if (row.account && 'name' in row.account) {
        const stand = `new:${newAccounts.size + 1}`;
        newAccounts.set(row.account.name, stand);
        resolver.learnAccount(row.account.name, stand);
        input = { ...input, accountId: stand };
      }
      const match = row.matchId ?? resolver.match(input);
      action = match ? 'update' : 'create';
      if (match) preview.updates++;
      else {
        preview.creates++;
        resolver.learn(input, `row:${row.row}`);
      }
      if (request.kind === 'people' && typeof input.accountId === 'string') {
        resolver.learnPerson(input.accountId, String(input.name), `row:${row.row}`);
        if (row.reportsTo) managers.push({ row: row.row, accountId: input.accountId, name: row.reportsTo });
      }
    }
    if (preview.sample.length < PREVIEW_SAMPLE) preview.sample.push({ row: source.row, action, values: sampleValues(request.kind, mapping, source.cells) });
  }
  // A manager named nowhere in the account: the person imports without the reporting line (told, not counted as failing).
  for (const m of managers) {
    if (!resolver.person(m.accountId, m.name) && preview.problems.length < PREVIEW_PROBLEMS)
      preview.problems.push({ row: m.row, column: null, message: ctx.t('import.problems.noManager', { name: m.name }) });
  }
  preview.newAccounts = [...newAccounts.keys()].slice(0, 200);
  return preview;
}

function sampleValues(kind: ImportKind, mapping: readonly (string | null)[], cells: readonly unknown[]): Record<string, string> {
  const known = new Set(fieldsOf(kind).map((f) => f.field));
  const values: Record<string, string> = {};
  mapping.forEach((field, i) => {
    if (field && known.has(field)) values[field] = cellText((cells[i] ?? null) as Parameters<typeof cellText>[0]);
  });
  return values;
}

/**
 * A record the import adds that looks like one already there (services/duplicates.ts, as the create
 * forms warn) is added with a warning in the report, naming the likely twin: merging is the user's
 * call, from the duplicates view.
 */
function duplicateWarning(ctx: ServiceContext): DuplicateCheck {
  const people = peopleChecker(ctx);
  const accounts = accountsChecker(ctx);
  const warning = (best: { name: string; score: number } | undefined) =>
    best ? ctx.t('import.problems.likelyDuplicate', { name: best.name, score: Math.round(best.score * 100) }) : null;
  const personOf = (input: Record<string, unknown>) => ({
    accountId: input.accountId as string,
    name: input.name as string,
    phone: typeof input.phone === 'string' ? input.phone : null,
    email: typeof input.email === 'string' ? input.email : null,
  });
  const checked = (kind: string, input: Record<string, unknown>) =>
    (kind === 'accounts' || kind === 'people') &&
    typeof input.name === 'string' &&
    input.name.trim() !== '' &&
    (kind === 'accounts' || typeof input.accountId === 'string');
  return {
    warn: (kind, input) => {
      if (!checked(kind, input)) return null;
      return warning(kind === 'accounts' ? accounts.check(input.name as string)[0] : people.check(personOf(input))[0]);
    },
    added: (kind, input, id) => {
      if (!checked(kind, input)) return;
      if (kind === 'people') people.added({ id, ...personOf(input) });
      else accounts.added({ id, name: input.name as string, aliases: Array.isArray(input.aliases) ? (input.aliases as string[]) : null });
    },
  };
}

export async function runImport(ctx: ServiceContext, request: ImportRequest): Promise<ImportResult> {
  const { sheet, fileName, mapping, keyField } = await prepare(ctx, request);
  const problems = mappingProblems(request.kind, sheet.headers, mapping, ctx.t);
  if (problems.length > 0) throw new CallFailure('validation', { detail: problems.map((p) => p.message).join(' ') }, 'import_file');
  const { work, total } = importWork(ctx, { kind: request.kind, fileName, sheet, mapping, keyField, duplicateCheck: duplicateWarning(ctx) });
  try {
    const result = await ctx.jobs.run('import', work, total, ctx.tellChanges);
    // The batch refreshed its accounts' health as its last steps (so undo takes alerts back too).
    ctx.healthKept();
    dropUpload(ctx, request.uploadId);
    return result;
  } catch (error) {
    if (error instanceof CallFailure && error.code === 'cancelled') throw new CallFailure('cancelled', {}, 'import_cancelled');
    throw error;
  }
}

export function undoImport(ctx: ServiceContext, input: { batchId: string }): ImportUndoResult {
  return undoBatch(ctx, input.batchId);
}

export function listBatches(ctx: ServiceContext): ImportBatch[] {
  return importBatches.list(ctx.store.sqlite).map((b) => ({
    id: b.id,
    at: b.at,
    kind: b.kind as ImportKind,
    fileName: b.fileName,
    created: b.created,
    updated: b.updated,
    state: b.state === 'undone' ? 'undone' : 'done',
  }));
}

export function saveMapping(ctx: ServiceContext, input: z.output<typeof ImportPresetSave>) {
  return savePreset(ctx, { name: input.name, kind: input.kind, columns: presetColumns(input.headers, input.mapping), keyField: input.keyField ?? null });
}
