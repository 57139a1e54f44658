// Browser mode runs TypeScript sources: register tsx on this worker thread, then run the sync worker.
import { register } from 'tsx/esm/api';

register();
await import('../sync/worker.ts');
