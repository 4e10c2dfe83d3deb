/**
 * Batch benchmark: 20 small designs (a 16-pad die on 20 die sizes) built by `wlpgen batch` with
 * --jobs 1 and --jobs 2, wall time of the real command; the outputs of both runs must be identical.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

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
  const run = (jobs: number) => {
    const cwd = path.join(dir, `run-${jobs}`);
    fs.mkdirSync(cwd);
    const out = path.join(cwd, 'out');
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [BIN, 'batch', ...files, '--jobs', String(jobs), '--out', 'out'], { encoding: 'utf8', cwd });
    const s = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`batch --jobs ${jobs} exited ${r.status}: ${r.stdout}\n${r.stderr}`);
    return { s, out };
  };
  const one = run(1);
  const two = run(2);
  let same = true;
  for (const f of fs.readdirSync(one.out)) {
    const a = fs.readFileSync(path.join(one.out, f));
    const b = fs.readFileSync(path.join(two.out, f));
    if (!a.equals(b)) same = false;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return [
    'batch: 20 designs (16-pad WLCSP dies, routed and verified), wall time of `wlpgen batch`',
    `  --jobs 1 ${one.s.toFixed(1)} s   --jobs 2 ${two.s.toFixed(1)} s   speed-up ${(one.s / two.s).toFixed(2)}x   outputs identical: ${same ? 'yes' : 'NO'}`,
  ].join('\n');
}
