/**
 * One unit of batch work: a design file and (for sweeps) one variant of it, built and written to
 * the output folder. Shared by the worker threads and the in-process path (--jobs 1), so both give
 * the same bytes.
 */
import { performance } from 'node:perf_hooks';
import { WlpgenError } from '../core/errors.ts';
import { loadDesign } from '../design/load.ts';
import { buildToFiles } from '../design/pipeline.ts';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_VIOLATIONS } from './exit.ts';

export interface BatchJob {
  file: string;
  /** Index into the file's variants (0 when it has none). */
  variant: number;
  outDir: string;
  gz: boolean;
  flat: boolean;
  /** The command line recorded in the report. */
  command: string;
}

export interface BatchResult {
  file: string;
  name: string;
  exit: number;
  /** One line: 'clean', 'N violations', or the error. */
  message: string;
  seconds: number;
  files: string[];
}

export async function buildJob(job: BatchJob): Promise<BatchResult> {
  const t0 = performance.now();
  let name = job.file;
  try {
    const designs = loadDesign(job.file);
    const design = designs[job.variant];
    name = design.name;
    const r = await buildToFiles(design, { outDir: job.outDir, gz: job.gz, flat: job.flat, command: job.command });
    return { file: job.file, name, exit: r.clean ? EXIT_OK : EXIT_VIOLATIONS, message: r.summary, seconds: (performance.now() - t0) / 1000, files: r.files };
  } catch (err) {
    const bad = err instanceof WlpgenError;
    const message = bad ? (err as Error).message : `internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
    return { file: job.file, name, exit: bad ? EXIT_BAD_INPUT : EXIT_INTERNAL, message, seconds: (performance.now() - t0) / 1000, files: [] };
  }
}
