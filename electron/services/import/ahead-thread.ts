/**
 * The thread that checks an import's rows ahead of the job (ahead.ts), bundled as
 * out/electron/import-worker.cjs. It works through the rows in order and sends them a batch at a
 * time, as JSON text (cheaper to take in than a structured clone of many small objects).
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { mappedFields } from '../../../shared/import/rows';
import { resolveLocale, translator } from '../../../shared/i18n';
import { AHEAD_BATCH, rowAhead, type Ahead, type AheadJob } from './ahead';

const job = workerData as AheadJob & { port: MessagePort };
const t = translator(resolveLocale(job.locale));
const fields = mappedFields(job.kind, job.mapping);
for (let from = 0; from < job.rows.length; from += AHEAD_BATCH) {
  const rows: (Ahead | null)[] = [];
  for (const source of job.rows.slice(from, from + AHEAD_BATCH)) {
    try {
      rows.push(rowAhead(job.kind, fields, job.headers, source, t));
    } catch {
      rows.push(null); // the job works it out, and says what is wrong
    }
  }
  job.port.postMessage(JSON.stringify({ from, rows }));
}
job.port.close();
