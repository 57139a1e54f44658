/**
 * The core's thread (bundled to out/electron/core-worker.cjs): opens the core (core.ts) with the
 * options it was started with and answers the routing thread (core-client.ts has the protocol).
 * Calls are answered as they come; a long job lets them in between its chunks (services/jobs.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { resolveLocale, translator } from '../../shared/i18n';
import type { Result } from '../../shared/result';
import { openCore, type Core, type CoreOptions } from './core';
import type { FromCore, ToCore } from './core-client';

const port = parentPort;
if (!port) throw new Error('core-worker.ts runs only as a worker thread (see core-client.ts).');
const options = workerData as CoreOptions;
const post = (message: FromCore) => port.postMessage(message);

let core: Core | null = null;
try {
  core = openCore(options);
} catch (error) {
  // The routing thread tells the user (desktop: a dialog; browser mode: the command's error); this thread ends.
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}

if (core) {
  const opened = core;
  opened.onEvent((event) => post({ type: 'event', event }));
  port.on('message', (message: ToCore) => {
    if (message.type === 'call') {
      const { id, method, input, meta } = message;
      opened.dispatch(method, input, meta).then(
        (result) => post({ type: 'result', id, result }),
        // The dispatcher answers every failure with an envelope; this is for a bug in it.
        (error: unknown): void => {
          const t = translator(resolveLocale(meta.locale ?? options.defaultLocale));
          const result: Result<never> = { ok: false, error: { code: 'internal', message: t('errors.internal', { detail: String(error) }) } };
          post({ type: 'result', id, result });
        },
      );
    } else {
      void opened
        .stop()
        .catch((error: unknown) => console.error('[rapport] the core did not close cleanly:', error))
        .finally(() => {
          post({ type: 'stopped' });
          port.close();
        });
    }
  });
  post({ type: 'ready' });
}
