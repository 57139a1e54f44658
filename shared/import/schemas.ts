/** The import calls' inputs and answers (shared/contract.ts: `import.*`). */
import { z } from 'zod';
import { IMPORT_KINDS } from './fields';

export const ImportKind = z.enum(IMPORT_KINDS);

/** Bytes travel in chunks of at most this many (base64 in JSON stays under the browser bridge's 8 MB body cap). */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;
/** Files larger than this are refused with a message (a sheet this big is not an Excel island: split it). */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

export const ImportUploadInput = z
  .object({
    /** Absent on the first chunk: the core answers a new id. */
    uploadId: z.uuid().optional(),
    fileName: z.string().trim().min(1).max(255),
    /** Where this chunk starts: chunks arrive in order. */
    offset: z.number().int().min(0),
    /** The file's whole size, told with every chunk. */
    size: z.number().int().min(0),
    /** This chunk's bytes, base64. */
    data: z.string().max(Math.ceil((UPLOAD_CHUNK_BYTES * 4) / 3) + 4),
  })
  .strict();
export const ImportUploadResult = z.object({ uploadId: z.string(), received: z.number().int() });

/** Column i of the sheet fills this field (null: not imported). */
export const ColumnMapping = z.array(z.string().max(64).nullable()).max(500);

export const ImportRequest = z
  .object({
    /** A file sent with `import.upload`, or (command line only) a path on this machine. */
    uploadId: z.uuid().optional(),
    path: z.string().min(1).max(4096).optional(),
    kind: ImportKind,
    /** A worksheet's name (XLSX); the first one when absent. */
    sheet: z.string().max(200).optional(),
    /** The columns' fields; suggested from the headers (or the preset) when absent. */
    mapping: ColumnMapping.optional(),
    /** A saved mapping, applied by header name. */
    preset: z.string().trim().min(1).max(100).optional(),
    /** The field that identifies a record on re-import (else the name within the account). */
    keyField: z.string().max(64).optional(),
  })
  .strict()
  .refine((r) => (r.uploadId === undefined) !== (r.path === undefined), { params: { key: 'import.errors.noSource' } });
export type ImportRequest = z.infer<typeof ImportRequest>;

/** What is wrong with one row (or, with row 0, with the file or the mapping). */
export const RowProblem = z.object({ row: z.number().int(), column: z.string().nullable(), message: z.string() });
export type RowProblem = z.infer<typeof RowProblem>;

export const ImportPreview = z.object({
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx', 'vcard']),
  /** How the text was decoded (CSV, vCard). */
  encoding: z.string().nullable(),
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  /** The sheet row that holds the headers (1-based), after any title rows. */
  headerRow: z.number().int(),
  headers: z.array(z.string()),
  mapping: ColumnMapping,
  /** What the headers alone suggest. */
  suggested: ColumnMapping,
  keyField: z.string().nullable(),
  rows: z.number().int(),
  creates: z.number().int(),
  updates: z.number().int(),
  /** Rows with at least one problem (they are left out; the others import). */
  failing: z.number().int(),
  /** The first problems (at most 1000), row by row. */
  problems: z.array(RowProblem),
  /** Accounts the import would add because no account has that name. */
  newAccounts: z.array(z.string()),
  /** The first rows as they would be imported: the sheet row, the action, and each mapped field's value as text. */
  sample: z.array(z.object({ row: z.number().int(), action: z.enum(['create', 'update', 'skip']), values: z.record(z.string(), z.string()) })),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportResult = z.object({
  batchId: z.string(),
  kind: ImportKind,
  fileName: z.string(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  accountsCreated: z.number().int(),
  problems: z.array(RowProblem),
  seconds: z.number(),
  rowsPerSecond: z.number(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const ImportBatch = z.object({
  id: z.string(),
  at: z.string(),
  kind: ImportKind,
  fileName: z.string(),
  created: z.number().int(),
  updated: z.number().int(),
  state: z.enum(['done', 'undone']),
});
export type ImportBatch = z.infer<typeof ImportBatch>;

export const ImportUndoResult = z.object({
  batchId: z.string(),
  /** True when the batch was withdrawn before it synced: the store is exactly as before it. */
  exact: z.boolean(),
  /** Records the import had added: gone (exact) or moved to the bin. */
  removed: z.number().int(),
  /** Records the import had changed: their earlier values back. */
  restored: z.number().int(),
  /** Fields changed again after the import: left as they are now. */
  kept: z.number().int(),
});
export type ImportUndoResult = z.infer<typeof ImportUndoResult>;

export const ImportPreset = z
  .object({
    name: z.string().trim().min(1).max(100),
    kind: ImportKind,
    /** Normalised header → field. */
    columns: z.record(z.string().max(200), z.string().max(64)),
    keyField: z.string().max(64).nullable().optional(),
  })
  .strict();
export type ImportPreset = z.infer<typeof ImportPreset>;

export const ImportPresetSave = z
  .object({
    name: z.string().trim().min(1).max(100),
    kind: ImportKind,
    headers: z.array(z.string().max(500)).max(500),
    mapping: ColumnMapping,
    keyField: z.string().max(64).nullable().optional(),
  })
  .strict();
