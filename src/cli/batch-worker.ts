/**
 * One `wlpgen batch` worker thread: builds the designs it is sent, one at a time, and answers with a
 * summary each. A failing design is reported, never fatal to the worker.
 */
import { parentPort } from 'node:worker_threads';
import { buildJob, type BatchJob } from './batch-job.ts';

parentPort!.on('message', async (job: BatchJob | null) => {
  if (job === null) {
    parentPort!.close();
    return;
  }
  parentPort!.postMessage(await buildJob(job));
});
