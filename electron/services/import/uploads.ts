/**
 * How a file's bytes reach the core: in chunks (`import.upload`, at most 4 MB each, so base64 in
 * JSON stays under the browser bridge's 8 MB body cap and no single IPC message is large), written
 * in order to a file under the data folder's `imports/`; the import reads it from there. The
 * command line names a path instead (`import.run` with `path`, allowed in CLI mode only: a
 * window must not read any file of the machine by name). Uploads older than a day are removed.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { MAX_IMPORT_BYTES, type ImportRequest } from '../../../shared/import/schemas';
import { CallFailure, type ServiceContext } from '../context';
import { FileProblem } from './read';

const DAY_MS = 86_400_000;
const uploadsDir = (ctx: ServiceContext) => join(ctx.store.dataDir, 'imports');
const fileOf = (ctx: ServiceContext, id: string) => join(uploadsDir(ctx), `${id}.upload`);
const nameOf = (ctx: ServiceContext, id: string) => join(uploadsDir(ctx), `${id}.name`);

export function receiveChunk(
  ctx: ServiceContext,
  input: { uploadId?: string; fileName: string; offset: number; size: number; data: string },
): { uploadId: string; received: number } {
  if (input.size > MAX_IMPORT_BYTES)
    throw fileFailure(ctx, new FileProblem('tooLarge', { megabytes: Math.ceil(input.size / 1048576), max: MAX_IMPORT_BYTES / 1048576 }));
  const dir = uploadsDir(ctx);
  mkdirSync(dir, { recursive: true });
  let id = input.uploadId;
  if (!id) {
    removeOld(dir);
    id = randomUUID();
  }
  const file = fileOf(ctx, id);
  const have = existsSync(file) ? statSync(file).size : 0;
  if (input.uploadId && !existsSync(file)) throw fileFailure(ctx, new FileProblem('noUpload'));
  if (input.offset !== have) throw new CallFailure('conflict', { received: have }, 'import_chunk_order');
  const bytes = Buffer.from(input.data, 'base64');
  if (have + bytes.length > input.size)
    throw fileFailure(ctx, new FileProblem('tooLarge', { megabytes: Math.ceil((have + bytes.length) / 1048576), max: MAX_IMPORT_BYTES / 1048576 }));
  const fd = openSync(file, 'a');
  try {
    writeSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
  if (!input.uploadId) writeFileName(ctx, id, input.fileName);
  return { uploadId: id, received: have + bytes.length };
}

function writeFileName(ctx: ServiceContext, id: string, name: string): void {
  const fd = openSync(nameOf(ctx, id), 'w');
  try {
    writeSync(fd, basename(name));
  } finally {
    closeSync(fd);
  }
}

function removeOld(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > DAY_MS) rmSync(path, { force: true });
    } catch {
      // Gone meanwhile.
    }
  }
}

/** The file's bytes and name, from an upload or (CLI) a path; a file too big is refused before it is read. */
export function bytesOf(ctx: ServiceContext, request: Pick<ImportRequest, 'uploadId' | 'path'>): { bytes: Uint8Array; fileName: string } {
  if (request.path !== undefined) {
    if (ctx.mode !== 'cli') throw new CallFailure('forbidden');
    if (!existsSync(request.path)) throw new FileProblem('noFile', { path: request.path });
    const size = statSync(request.path).size;
    if (size > MAX_IMPORT_BYTES) throw new FileProblem('tooLarge', { megabytes: Math.ceil(size / 1048576), max: MAX_IMPORT_BYTES / 1048576 });
    return { bytes: readFileSync(request.path), fileName: basename(request.path) };
  }
  const file = fileOf(ctx, request.uploadId ?? '');
  if (!request.uploadId || !existsSync(file)) throw new FileProblem('noUpload');
  const fileName = existsSync(nameOf(ctx, request.uploadId)) ? readFileSync(nameOf(ctx, request.uploadId), 'utf8') : 'import';
  return { bytes: readFileSync(file), fileName };
}

/** An upload no longer needed (imported). */
export function dropUpload(ctx: ServiceContext, uploadId: string | undefined): void {
  if (!uploadId) return;
  rmSync(fileOf(ctx, uploadId), { force: true });
  rmSync(nameOf(ctx, uploadId), { force: true });
}

/** A file problem as the call's failure, worded in the caller's language. */
export function fileFailure(ctx: ServiceContext, problem: FileProblem): CallFailure {
  return new CallFailure('validation', { detail: ctx.t(`import.errors.${problem.key}`, problem.params) }, 'import_file');
}
