/**
 * An import's rows checked on a thread of their own, ahead of the job that writes them: each row's
 * cells read as their fields' types, its record checked with the form's zod schema, and the
 * duplicate keys of its name (pinyin) worked out. That is a third of an import's time, and none of
 * it needs the store: the job (run.ts) takes each row's result when it has arrived and does the
 * rest (names resolved to records, the write), or works the row out itself when it has not.
 *
 * The thread checks a record with a stand-in for each record it names (its account, owner,
 * person): the job then puts the real ids in. That is the job's own check exactly, because the
 * schemas check an id field alone (a string) and no rule of a schema compares two fields. A row the
 * thread cannot check so (a touchpoint's participants: their count depends on which names are one
 * person), or whose check fails (the job words the problems, with its columns), is checked by the
 * job. Nothing waits for the thread: without it (no bundle, a thread that fails) the job does it all.
 */
import { existsSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { companyKeys, personKeys, type CompanyKeys, type PersonKeys } from '../../../shared/dedupe/normalize';
import type { ImportKind } from '../../../shared/import/fields';
import { checkInput, readRow, type mappedFields, type ReadRow } from '../../../shared/import/rows';
import type { Translate } from '../../../shared/i18n';
import type { SheetRow } from './read';

/** What the thread worked out for one row. */
export interface Ahead {
  read: ReadRow;
  /** The record as the create call takes it, with STAND_IN for each record it names; null when the job checks it. */
  checked: Record<string, unknown> | null;
  /** The duplicate keys of the record's name (people and accounts), else null. */
  keys: { kind: 'accounts' | 'people'; name: string; keys: PersonKeys | CompanyKeys } | null;
}

/** The id a record named by a row is checked with before it is known (plan.ts: an account the import is to add; the thread: every one). */
export const STAND_IN = 'new-account';

/** The fields that name a record, which the job fills in. */
export const ID_FIELDS = ['accountId', 'ownerId', 'personId'] as const;

/** What the thread is given: the sheet's rows and how to read them. */
export interface AheadJob {
  kind: ImportKind;
  mapping: (string | null)[];
  headers: string[];
  rows: SheetRow[];
  locale: string;
}

/** Rows per message from the thread. */
export const AHEAD_BATCH = 500;

/** One row, as the thread works it out (also run here by the tests); null when its result would not cross intact. */
export function rowAhead(kind: ImportKind, fields: ReturnType<typeof mappedFields>, headers: string[], source: SheetRow, t: Translate): Ahead | null {
  const read = readRow(fields, headers, source.cells, source.row, t);
  let checked: Record<string, unknown> | null = null;
  let keys: Ahead['keys'] = null;
  if (read.problems.length === 0 && !Array.isArray(read.names.participants)) {
    // As plan.ts builds it, each named record a stand-in.
    const input: Record<string, unknown> = { ...read.values };
    if (kind !== 'accounts' && String(read.names.account ?? '').trim()) input.accountId = STAND_IN;
    if (typeof read.names.owner === 'string') input.ownerId = STAND_IN;
    if (typeof read.names.person === 'string') input.personId = STAND_IN;
    const result = checkInput(kind, input, source.row, () => null, t);
    if (result.ok) {
      checked = result.input;
      const name = checked.name;
      if (typeof name === 'string' && kind === 'people') keys = { kind, name, keys: personKeys(name) };
      if (typeof name === 'string' && kind === 'accounts') keys = { kind, name, keys: companyKeys(name) };
    }
  }
  const ahead = { read, checked, keys };
  return crossesIntact(ahead) ? ahead : null;
}

/** Whether JSON carries the value unchanged: no dates, no undefined, no NaN (a row from an XLSX with dates goes the job's way). */
function crossesIntact(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(crossesIntact);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).every(crossesIntact);
  return false;
}

/** Where the bundled thread is (out/electron/import-worker.cjs); unset: the job works every row out itself. */
let workerFile: string | undefined;

export function useImportWorker(file: string | undefined): void {
  workerFile = file;
}

/** The job's side: the thread's results as they arrive, taken row by row. */
export class RowsAhead {
  private readonly results: (Ahead | null | undefined)[] = [];
  private arrived = 0;
  private readonly port: MessagePort | null = null;
  private readonly worker: Worker | null = null;

  constructor(job: AheadJob) {
    const file = workerFile;
    if (!file || !existsSync(file)) return;
    const { port1, port2 } = new MessageChannel();
    try {
      this.worker = new Worker(file, { workerData: { ...job, port: port2 }, transferList: [port2] });
    } catch (error) {
      console.error('[rapport] the thread to check import rows did not start; the import checks them itself:', (error as Error).message);
      return;
    }
    // The import goes on without it: what has not arrived, the job works out itself.
    this.worker.on('error', (error) => console.error('[rapport] the thread checking import rows stopped:', error.message));
    this.port = port1;
  }

  /** Row `index`'s result when the thread has sent it, once; undefined otherwise. */
  take(index: number): Ahead | undefined {
    while (this.port && index >= this.arrived) {
      const received = receiveMessageOnPort(this.port);
      if (!received) break;
      const { from, rows } = JSON.parse(received.message as string) as { from: number; rows: (Ahead | null)[] };
      rows.forEach((row, k) => (this.results[from + k] = row));
      this.arrived = from + rows.length;
    }
    const ahead = this.results[index];
    this.results[index] = undefined;
    return ahead ?? undefined;
  }

  stop(): void {
    this.port?.close();
    void this.worker?.terminate();
  }
}
