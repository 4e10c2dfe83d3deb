/**
 * `npm run bench [-- CASE ...]`: the benchmarks whose figures the README records. Each case runs in
 * a child process of its own so that its peak RSS is its own. Cases: gds, route, dpw, batch, wafer,
 * verify, html (default: all).
 * Environment: BENCH_GDS_N (polygons, default 1,000,000), BENCH_REPS (default 3).
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBatchBench } from './bench/batch.ts';
import { runDpwBench } from './bench/dpw.ts';
import { formatGdsBench, runGdsBench } from './bench/gds.ts';
import { runRouteBench } from './bench/route.ts';
import { runVerifyBench } from './bench/verify.ts';
import { runWaferBench } from './bench/wafer.ts';
import { runHtmlBench } from './bench/html.ts';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out', 'bench');
const reps = Number(process.env.BENCH_REPS ?? 3);

const cases: Record<string, () => string | Promise<string>> = {
  gds: () => formatGdsBench(runGdsBench(Number(process.env.BENCH_GDS_N ?? 1_000_000), reps, OUT)),
  route: () => runRouteBench(),
  dpw: () => runDpwBench(),
  batch: () => runBatchBench(),
  wafer: () => runWaferBench(),
  verify: () => runVerifyBench(),
  html: () => runHtmlBench(),
};

const args = process.argv.slice(2);
if (args[0] === '--case') {
  const name = args[1];
  process.stdout.write((await cases[name]()) + '\n');
} else {
  const names = args.length ? args : Object.keys(cases);
  for (const n of names) if (!cases[n]) throw new Error(`unknown bench case '${n}' (cases: ${Object.keys(cases).join(', ')})`);
  process.stdout.write(`wlpgen benchmarks: ${os.cpus()[0]?.model ?? 'cpu'} x ${os.cpus().length}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n\n`);
  for (const n of names) {
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--case', n], { stdio: 'inherit' });
    if (r.status !== 0) process.exitCode = 1;
    process.stdout.write('\n');
  }
}
