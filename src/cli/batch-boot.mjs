// Worker-thread entry for `wlpgen batch`: Node 20 has no TypeScript type stripping, so each worker
// registers tsx before loading the TypeScript worker module named in workerData.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.module);
