/**
 * Sends a file to the core in chunks (`import.upload`, 4 MB each: base64 in JSON stays under the
 * browser bridge's 8 MB body cap), telling how far it is. The core refuses files over its limit
 * on the first chunk, before the rest travels.
 */
import type { Api } from '../../../shared/contract';
import { UPLOAD_CHUNK_BYTES } from '../../../shared/import/schemas';

function base64Of(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(blob);
  });
}

export async function uploadFile(api: Api, file: File, onProgress: (fraction: number) => void): Promise<string> {
  let uploadId: string | undefined;
  let offset = 0;
  do {
    const chunk = file.slice(offset, offset + UPLOAD_CHUNK_BYTES);
    const data = await base64Of(chunk);
    const answer = await api['import.upload']({ ...(uploadId ? { uploadId } : {}), fileName: file.name, offset, size: file.size, data });
    uploadId = answer.uploadId;
    offset = answer.received;
    onProgress(file.size > 0 ? offset / file.size : 1);
  } while (offset < file.size);
  return uploadId;
}
