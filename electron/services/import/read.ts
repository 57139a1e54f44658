/**
 * A file's bytes → one sheet of cells: CSV (any delimiter; UTF-8 with or without BOM, UTF-16 with
 * one, GB18030 as Chinese Excel saves it, or another encoding chardet recognises), XLSX (a chosen
 * or the first worksheet, title rows skipped, merged header cells, Date cells, formulas by their
 * saved result, rich text) or vCard (vcard.ts). What cannot be read is a `FileProblem` with a
 * catalog key: the caller words it and imports nothing.
 */
import chardet from 'chardet';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import type { ImportKind } from '../../../shared/import/fields';
import { findHeaderRow, headerScore, headerTexts } from '../../../shared/import/mapping';
import { cellText, isEmptyCell, type Cell, type ValueProblem } from '../../../shared/import/values';
import { readVCards } from './vcard';

export type Format = 'csv' | 'xlsx' | 'vcard';

export interface SheetRow {
  /** 1-based row number in the file (the sheet's row, the CSV record, the vCard's place). */
  row: number;
  cells: Cell[];
  /** Cells that could not be read (a formula without a saved result, an error value), by column. */
  cellProblems?: { column: number; problem: ValueProblem }[];
}

export interface Sheet {
  format: Format;
  encoding: string | null;
  sheets: string[];
  sheet: string | null;
  headerRow: number;
  headers: string[];
  rows: SheetRow[];
}

/** A file that cannot be imported at all: worded by `import.errors.<key>`. */
export class FileProblem extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(key);
  }
}

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

export function detectFormat(bytes: Uint8Array, fileName: string): Format {
  if (bytes.length === 0) throw new FileProblem('empty');
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) throw new FileProblem('oldExcel');
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) throw new FileProblem('notSheet', { name: fileName });
  // UTF-16 with its byte-order mark: Excel's "Unicode text" (tab-separated), some address books.
  const utf16 = utf16Of(bytes);
  // Other text has no NUL bytes.
  if (!utf16 && bytes.subarray(0, 8192).includes(0)) throw new FileProblem('notSheet', { name: fileName });
  const text = (utf16 ? iconv.decode(Buffer.from(bytes.subarray(0, 4096)), utf16) : new TextDecoder('latin1').decode(bytes.subarray(0, 2048)))
    .replace(/^\uFEFF|^ï»¿/, '')
    .trimStart();
  if (/^BEGIN:VCARD/i.test(text)) return 'vcard';
  return 'csv';
}

const utf16Of = (bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null =>
  startsWith(bytes, [0xff, 0xfe]) ? 'utf-16le' : startsWith(bytes, [0xfe, 0xff]) ? 'utf-16be' : null;

/** Below this a guess of the encoding says too little: GB18030 is taken, as Chinese Excel saves "CSV". */
const SURE_ENOUGH = 30;

/**
 * The text of a CSV or vCard file: UTF-16 by its byte-order mark; UTF-8 when the bytes are valid
 * UTF-8 (BOM or not); else the encoding chardet finds likeliest when it is fairly sure (Big5 from
 * Taiwan, Windows-1252 from a Western Outlook, Shift_JIS…), else GB18030 (a superset of GBK).
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf16 = utf16Of(bytes);
  if (utf16) return { text: iconv.decode(buffer, utf16), encoding: utf16 };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: 'utf-8' };
  } catch {
    const [likeliest] = chardet.analyse(buffer.subarray(0, 256 * 1024));
    const guessed = likeliest && likeliest.confidence >= SURE_ENOUGH ? likeliest.name.toLowerCase() : 'gb18030';
    // Latin-1 as Windows writes it: the same letters, and curly quotes and dashes besides.
    const encoding = guessed === 'iso-8859-1' ? 'windows-1252' : iconv.encodingExists(guessed) ? guessed : 'gb18030';
    return { text: iconv.decode(buffer, encoding), encoding };
  }
}

export interface ReadOptions {
  kind: ImportKind;
  fileName: string;
  sheet?: string;
}

export async function readSheet(bytes: Uint8Array, options: ReadOptions): Promise<Sheet> {
  const format = detectFormat(bytes, options.fileName);
  if (format === 'xlsx') return readXlsx(bytes, options);
  const { text, encoding } = decodeText(bytes);
  if (format === 'vcard') return { ...readVCards(text), format, encoding, sheets: [], sheet: null };
  return readCsv(text, encoding, options);
}

function readCsv(text: string, encoding: string, options: ReadOptions): Sheet {
  // Papa's delimiter guess (comma, semicolon, tab, pipe…); quoted fields may hold commas and new lines.
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy', delimitersToGuess: [',', ';', '\t', '|', '，'] });
  const fatal = parsed.errors.find((e) => e.code === 'MissingQuotes');
  if (fatal) throw new FileProblem('badCsv', { row: (fatal.row ?? 0) + 1 });
  return fromRows(
    'csv',
    encoding,
    [],
    null,
    parsed.data.map((cells, i) => ({ row: i + 1, cells: cells.map((c) => c) })),
    options.kind,
  );
}

/** Finds the header row, takes the rows below it that hold anything, and names the columns. */
function fromRows(format: Format, encoding: string | null, sheets: string[], sheet: string | null, all: SheetRow[], kind: ImportKind): Sheet {
  const rows = all.filter((r) => r.cells.some((c) => !isEmptyCell(c)));
  if (rows.length === 0) throw new FileProblem('noRows');
  const at = findHeaderRow(
    kind,
    rows.map((r) => r.cells),
  );
  const header = rows[at]!;
  const width = Math.max(...rows.map((r) => r.cells.length));
  let headers = headerTexts(Array.from({ length: width }, (_, i) => header.cells[i] ?? null));
  // A header in two rows (联系方式 over 手机 | 邮箱, with 职位 only in the upper row): each column
  // takes the lower name, else the upper; used when together they name more fields than the lower alone.
  const upper = at > 0 ? rows[at - 1]! : null;
  if (upper && upper.row === header.row - 1 && upper.cells.every((c) => c === null || typeof c === 'string')) {
    const names = new Set(upper.cells.filter((c): c is string => typeof c === 'string' && c.trim() !== ''));
    const combined = headers.map((h, i) => h || cellText(upper.cells[i] ?? null));
    if (names.size >= 2 && headerScore(kind, combined) > headerScore(kind, headers)) headers = combined;
  }
  const data = rows.slice(at + 1);
  if (data.length === 0) throw new FileProblem('noRows');
  return { format, encoding, sheets, sheet, headerRow: header.row, headers, rows: data };
}

async function readXlsx(bytes: Uint8Array, options: ReadOptions): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    throw new FileProblem('badXlsx', { name: options.fileName });
  }
  const sheets = workbook.worksheets.map((w) => w.name);
  const worksheet = options.sheet === undefined ? workbook.worksheets[0] : workbook.getWorksheet(options.sheet);
  if (!worksheet)
    throw options.sheet === undefined ? new FileProblem('noRows') : new FileProblem('noSheet', { sheet: options.sheet, sheets: sheets.join(', ') });
  const rows: SheetRow[] = [];
  const width = worksheet.columnCount;
  worksheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: Cell[] = [];
    const cellProblems: SheetRow['cellProblems'] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      // A merged cell's other parts carry the master's value: a header merged over two columns names both.
      const source = cell.isMerged && cell.master ? cell.master : cell;
      const read = cellValue(source.value);
      if ('problem' in read) {
        cells.push(null);
        cellProblems.push({ column: c - 1, problem: read.problem });
      } else cells.push(read.value);
    }
    rows.push({ row: number, cells, ...(cellProblems.length > 0 ? { cellProblems } : {}) });
  });
  const sheet = fromRows('xlsx', null, sheets, worksheet.name, rows, options.kind);
  return mergeTwoRowHeader(sheet);
}

/**
 * A header in two rows (联系方式 merged over 手机 | 邮箱 on the row below): the lower row names the
 * columns it fills, the upper the rest, and the data starts below both.
 */
function mergeTwoRowHeader(sheet: Sheet): Sheet {
  const next = sheet.rows[0];
  if (!next || next.row !== sheet.headerRow + 1) return sheet;
  if (next.cells.some((c) => c !== null && typeof c !== 'string')) return sheet;
  const upper = sheet.headers;
  const texts = upper.map((_, i) => String(next.cells[i] ?? '').trim());
  // Columns under a header merged across them (its value repeated by the merge).
  const grouped = upper.map((h, i) => h !== '' && (upper[i - 1] === h || upper[i + 1] === h));
  if (!grouped.some(Boolean) || grouped.some((g, i) => g && texts[i] === '')) return sheet;
  const headers = upper.map((h, i) => (grouped[i] ? texts[i]! : h || texts[i]!));
  return { ...sheet, headerRow: next.row, headers, rows: sheet.rows.slice(1) };
}

type Read = { value: Cell } | { problem: ValueProblem };

function cellValue(value: ExcelJS.CellValue): Read {
  if (value === null || value === undefined) return { value: null };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { value };
  if (value instanceof Date) return { value };
  if (typeof value === 'object') {
    if ('richText' in value) return { value: value.richText.map((r) => r.text).join('') };
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: unknown }).result;
      if (result === undefined || result === null) return { problem: { key: 'formula', params: { formula: (value as { formula?: string }).formula ?? '' } } };
      if (typeof result === 'object' && result !== null && 'error' in result) return { problem: { key: 'cellError', params: { value: String(result.error) } } };
      return cellValue(result as ExcelJS.CellValue);
    }
    if ('error' in value) return { problem: { key: 'cellError', params: { value: String(value.error) } } };
    if ('text' in value) {
      const text = value.text as unknown;
      return typeof text === 'string' ? { value: text } : cellValue(text as ExcelJS.CellValue);
    }
  }
  return { value: cellText(String(value)) };
}
