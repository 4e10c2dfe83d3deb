/** Small timing helpers for the benchmarks: median of repeated runs, a sink against dead-code elimination. */
import { performance } from 'node:perf_hooks';

export let sink: unknown = null;
export function keep(v: unknown): void {
  sink = v;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `fn` `reps` times (after `warmup` untimed runs) and returns each run's seconds. */
export function timeRuns(reps: number, fn: () => unknown, warmup = 0): number[] {
  for (let i = 0; i < warmup; i++) keep(fn());
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    // Drop the previous run's result first, so runs do not pay for each other's garbage.
    keep(null);
    const t0 = performance.now();
    keep(fn());
    out.push((performance.now() - t0) / 1000);
  }
  return out;
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function fmt(v: number, digits = 3): string {
  return v.toPrecision(digits);
}
