/**
 * The thread that mends a printed PDF's text layer (pdf-text.ts; bundled to
 * out/electron/pdf-worker.cjs, started by the desktop app's main process for `print.pdf`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { mendPdfText } from './pdf-text';

void mendPdfText(workerData as Uint8Array).then((mended) => parentPort?.postMessage(mended));
