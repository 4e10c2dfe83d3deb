/**
 * `wlpgen batch <designs...> [--out DIR] [--jobs N]`: many designs (and every variant of a sweep) in
 * parallel worker threads. One failing design does not stop the others; a progress bar on a terminal,
 * plain lines otherwise; a summary table at the end; the exit code is the worst of all.
 */
import type { Argv } from 'yargs';
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { InputError } from '../../core/errors.ts';
import { loadDesign } from '../../design/load.ts';
import { buildJob, type BatchJob, type BatchResult } from '../batch-job.ts';
import { EXIT_BAD_INPUT, EXIT_OK } from '../exit.ts';

interface BatchArgs {
  designs: string[];
  out: string;
  jobs: number;
  gz: boolean;
  flat: boolean;
}

/** Expands design files into jobs, one per variant; a file that does not load is one (failing) job. */
export function expandJobs(files: string[], outDir: string, opts: { gz: boolean; flat: boolean }): BatchJob[] {
  const jobs: BatchJob[] = [];
  for (const file of files) {
    let variants = 1;
    try {
      variants = loadDesign(file).length;
    } catch {
      variants = 1; // the worker reports the error
    }
    for (let v = 0; v < variants; v++) {
      // Each design records the command that builds it alone, so batch and one-by-one outputs are identical.
      const command = `wlpgen build ${file}${outDir !== 'out' ? ` --out ${outDir}` : ''}${opts.gz ? ' --gz' : ''}${opts.flat ? ' --flat' : ''}`;
      jobs.push({ file, variant: v, outDir, gz: opts.gz, flat: opts.flat, command });
    }
  }
  return jobs;
}

class Progress {
  private done = 0;
  private readonly start = performance.now();
  constructor(private readonly total: number, private readonly tty: boolean, private readonly write: (s: string) => void) {}
  report(r: BatchResult): void {
    this.done++;
    const status = r.exit === 0 ? 'clean' : r.exit === 1 ? 'violations' : r.exit === 2 ? 'bad input' : 'internal error';
    if (this.tty) {
      const width = 30;
      const filled = Math.round((width * this.done) / this.total);
      const elapsed = ((performance.now() - this.start) / 1000).toFixed(1);
      this.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total}  ${elapsed} s  last: ${r.name} (${status})`);
      if (this.done === this.total) this.write('\n');
    } else {
      this.write(`[${this.done}/${this.total}] ${r.name}: ${status} (${r.seconds.toFixed(2)} s)\n`);
    }
  }
}

/**
 * Runs the jobs on `workers` lanes and returns results in job order. This thread is one lane (its
 * modules are already loaded and warm); the others are worker threads, which take a second or two to
 * load the toolkit, so this thread builds designs meanwhile instead of waiting for them. All lanes
 * take the next job from one shared counter, so a slow design never holds up the queue.
 */
export async function runBatch(jobs: BatchJob[], workers: number, onResult: (r: BatchResult) => void): Promise<BatchResult[]> {
  const results: BatchResult[] = new Array(jobs.length);
  let next = 0;
  const boot = new URL('../batch-boot.mjs', import.meta.url);
  const module = new URL('../batch-worker.ts', import.meta.url).href;
  const threadLanes = Array.from({ length: Math.max(0, Math.min(workers, jobs.length) - 1) }, () => new Promise<void>((resolve, reject) => {
    const w = new Worker(boot, { workerData: { module } });
    let current = -1;
    const feed = () => {
      if (next >= jobs.length) {
        w.postMessage(null);
        return;
      }
      current = next++;
      w.postMessage(jobs[current]);
    };
    w.on('message', (r: BatchResult) => {
      results[current] = r;
      onResult(r);
      feed();
    });
    w.on('error', reject);
    w.on('exit', () => resolve());
    w.on('online', feed);
  }));
  const ownLane = (async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await buildJob(jobs[i]);
      onResult(results[i]);
      // Let the worker threads' results and requests for their next job through between builds.
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  await Promise.all([ownLane, ...threadLanes]);
  return results;
}

export function formatSummary(results: BatchResult[]): string {
  const rows = results.map((r) => [r.name, r.exit === 0 ? 'clean' : r.exit === 1 ? 'violations' : r.exit === 2 ? 'bad input' : 'internal', `${r.seconds.toFixed(2)} s`, r.exit === 0 ? r.message : r.message.split('\n')[0]]);
  const head = ['design', 'result', 'time', 'notes'];
  const widths = head.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.slice(0, widths[i]).padEnd(widths[i]))).join('  ');
  const worst = Math.max(0, ...results.map((r) => r.exit));
  const counts = [0, 1, 2, 3].map((e) => results.filter((r) => r.exit === e).length);
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', `${results.length} designs: ${counts[0]} clean, ${counts[1]} with violations, ${counts[2]} bad input, ${counts[3]} internal errors; exit ${worst}`].join('\n') + '\n';
}

export function batchCommand(yargs: Argv) {
  return yargs.command<BatchArgs>(
    'batch <designs..>',
    'Build many designs (and every variant of a sweep) in parallel; a summary table at the end',
    (y) =>
      y
        .positional('designs', { type: 'string', array: true, describe: 'design files (.yaml, .yml, .json)', demandOption: true })
        .option('out', { type: 'string', default: 'out', describe: 'output folder' })
        .option('jobs', { type: 'number', default: os.availableParallelism(), describe: 'worker threads (default: the core count)' })
        .option('gz', { type: 'boolean', default: false, describe: 'write .gds.gz' })
        .option('flat', { type: 'boolean', default: false, describe: 'write flattened GDS (streamed)' })
        .example('$0 batch designs/*.yaml --jobs 2 --out out/sweep', 'build a folder of designs on two threads') as unknown as Argv<BatchArgs>,
    async (args) => {
      if (!Number.isInteger(args.jobs) || args.jobs < 1 || args.jobs > 256) throw new InputError('E_ARG', `--jobs: ${args.jobs} is not allowed (allowed: an integer 1..256)`);
      const outDir = args.out;
      const jobs = expandJobs(args.designs.map(String), outDir, { gz: args.gz, flat: args.flat });
      const progress = new Progress(jobs.length, Boolean(process.stderr.isTTY), (s) => process.stderr.write(s));
      const results = await runBatch(jobs, args.jobs, (r) => progress.report(r));
      process.stdout.write(formatSummary(results));
      for (const r of results) if (r.exit >= EXIT_BAD_INPUT) process.stderr.write(`wlpgen: ${r.name}: ${r.message}\n`);
      process.exitCode = Math.max(EXIT_OK, ...results.map((r) => r.exit));
    },
  );
}
