/**
 * Batch benchmark: 20 small designs (a 16-pad die on 20 die sizes) built by `wlpgen batch` with
 * --jobs 1 and --jobs 2, wall time of the real command, median of BENCH_REPS (default 3) runs each,
 * alternating 1, 2, 1, 2, ... so that a burst of load on the shared machine hits both alike. The
 * outputs of every run must be identical byte for byte.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { median } from './stats.ts';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'wlpgen.js');

/** A workload: 20 design files of one die family on 20 die sizes (um). */
interface Workload {
  label: string;
  design: (i: number) => string;
}

const WORKLOADS: Workload[] = [
  {
    label: '16-pad dies, 4 x 4 balls, 2.0-2.95 mm (about 0.25 s of work each: thread start-up dominates)',
    design: (i) => `name: batch-${i}\ntech: amkor-0.4\ndie:\n  size: [${2000 + 50 * i}, ${2000 + 50 * i}]\n  pads:\n    ring: { count: 16, pitch: 200, size: [80, 80], inset: 70 }\n  bumps:\n    pitch: 400\n    array: [4, 4]\n`,
  },
  {
    label: '36-pad dies, 6 x 6 balls, 3.0-3.95 mm (the demo die class)',
    design: (i) => `name: batch36-${i}\ntech: amkor-0.4\ndie:\n  size: [${3000 + 50 * i}, ${3000 + 50 * i}]\n  pads:\n    ring: { count: 36, pitch: 150, size: [80, 80], inset: 70 }\n  bumps:\n    pitch: 400\n    array: [6, 6]\n`,
  },
];

export function runBatchBench(): string {
  const reps = Number(process.env.BENCH_REPS ?? 3);
  const lines = [`batch: 20 designs per workload, routed and verified; wall time of \`wlpgen batch\` (process start included), median of ${reps}, runs alternating --jobs 1 and 2`];
  for (const w of WORKLOADS) lines.push(...runWorkload(w, reps));
  return lines.join('\n');
}

function runWorkload(w: Workload, reps: number): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-batch-bench-'));
  const files: string[] = [];
  for (let i = 0; i < 20; i++) {
    const f = path.join(dir, `d${String(i).padStart(2, '0')}.yaml`);
    fs.writeFileSync(f, w.design(i));
    files.push(f);
  }
  // Both runs write to 'out' under their own working folder, so the recorded commands are the same too.
  let runs = 0;
  const run = (jobs: number) => {
    const cwd = path.join(dir, `run-${jobs}-${runs++}`);
    fs.mkdirSync(cwd);
    const out = path.join(cwd, 'out');
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [BIN, 'batch', ...files, '--jobs', String(jobs), '--out', 'out'], { encoding: 'utf8', cwd });
    const s = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`batch --jobs ${jobs} exited ${r.status}: ${r.stdout}\n${r.stderr}`);
    return { s, out };
  };
  const ones: { s: number; out: string }[] = [];
  const twos: { s: number; out: string }[] = [];
  for (let i = 0; i < reps; i++) {
    ones.push(run(1));
    twos.push(run(2));
  }
  const ref = ones[0].out;
  const names = fs.readdirSync(ref).sort();
  let same = names.length > 0;
  for (const r of [...ones, ...twos]) {
    if (fs.readdirSync(r.out).sort().join() !== names.join()) same = false;
    for (const f of names) if (!fs.readFileSync(path.join(ref, f)).equals(fs.readFileSync(path.join(r.out, f)))) same = false;
  }
  const one = { s: median(ones.map((r) => r.s)) };
  const two = { s: median(twos.map((r) => r.s)) };
  fs.rmSync(dir, { recursive: true, force: true });
  return [
    `  ${w.label}`,
    `    --jobs 1 ${one.s.toFixed(1)} s (${ones.map((r) => r.s.toFixed(1)).join(', ')})   --jobs 2 ${two.s.toFixed(1)} s (${twos.map((r) => r.s.toFixed(1)).join(', ')})   speed-up ${(one.s / two.s).toFixed(2)}x   outputs identical: ${same ? 'yes' : 'NO'}`,
  ];
}
