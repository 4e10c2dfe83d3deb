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

export function runBatchBench(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-batch-bench-'));
  const files: string[] = [];
  for (let i = 0; i < 20; i++) {
    const size = 2000 + 50 * i;
    const f = path.join(dir, `d${String(i).padStart(2, '0')}.yaml`);
    fs.writeFileSync(f, `name: batch-${i}\ntech: amkor-0.4\ndie:\n  size: [${size}, ${size}]\n  pads:\n    ring: { count: 16, pitch: 200, size: [80, 80], inset: 70 }\n  bumps:\n    pitch: 400\n    array: [4, 4]\n`);
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
  const reps = Number(process.env.BENCH_REPS ?? 3);
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
    `batch: 20 designs (16-pad WLCSP dies, routed and verified), wall time of \`wlpgen batch\`, median of ${reps}`,
    `  --jobs 1 ${one.s.toFixed(1)} s (${ones.map((r) => r.s.toFixed(1)).join(', ')})   --jobs 2 ${two.s.toFixed(1)} s (${twos.map((r) => r.s.toFixed(1)).join(', ')})   speed-up ${(one.s / two.s).toFixed(2)}x   outputs identical: ${same ? 'yes' : 'NO'}`,
  ].join('\n');
}
