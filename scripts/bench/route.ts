/**
 * Router benchmark (issue 4): three generated dies, each routed 3 times on one core; reports nets,
 * routed %, median time, wirelength / lower bound, and the tightest channel cut.
 *   (a) 36 peripheral pads -> 6 x 6 balls, 3 x 3 mm die, amkor-0.4 (target < 1 s)
 *   (b) 196 pads -> 14 x 14 balls, 6 x 6 mm die, amkor-0.4 (target < 2 s)
 *   (c) 1,000 pads -> a perimeter array 4-5 rows deep at 200 um pitch, 13 x 13 mm die, fine-10
 *       10/10 um rules (target < 10 s)
 * Run alone: `npx tsx scripts/bench/route.ts [a|b|c ...]`.
 */
import { fileURLToPath } from 'node:url';
import { ringArrayCase, type RingArraySpec } from '../../src/route/cases.ts';
import { routeDie } from '../../src/route/index.ts';
import type { RouteResult } from '../../src/route/types.ts';
import { preset } from '../../src/tech/index.ts';

export interface RouteBenchCase {
  readonly name: string;
  readonly tech: string;
  readonly spec: RingArraySpec;
  readonly targetMs: number;
}

export const ROUTE_BENCH_CASES: readonly RouteBenchCase[] = [
  {
    name: 'a: 36 pads -> 6x6, 3x3 mm, amkor-0.4',
    tech: 'amkor-0.4',
    spec: { die: [3_000_000, 3_000_000], pads: 36, padPitch: 200_000, padSize: 80_000, padInset: 100_000, cols: 6, rows: 6, pitch: 400_000 },
    targetMs: 1000,
  },
  {
    name: 'b: 196 pads -> 14x14, 6x6 mm, amkor-0.4',
    tech: 'amkor-0.4',
    spec: { die: [6_000_000, 6_000_000], pads: 196, padPitch: 110_000, padSize: 80_000, padInset: 100_000, cols: 14, rows: 14, pitch: 400_000 },
    targetMs: 2000,
  },
  {
    name: 'c: 1000 pads -> 5-row perimeter array, fine-10',
    tech: 'fine-10',
    spec: { die: [13_000_000, 13_000_000], pads: 1000, padPitch: 50_000, padSize: 30_000, padInset: 60_000, cols: 63, rows: 63, pitch: 200_000, depopulate: (c, r) => Math.min(c, r, 62 - c, 62 - r) >= 5, maxBumps: 1000 },
    targetMs: 10000,
  },
];

export interface RouteBenchRow {
  name: string;
  nets: number;
  routed: number;
  medianMs: number;
  /** CPU time of the median run, ms (robust against other load on the machine). */
  cpuMs: number;
  ratio: number;
  targetMs: number;
  result: RouteResult;
}

export function benchCase(c: RouteBenchCase, reps = 3): RouteBenchRow {
  const tech = preset(c.tech);
  const { pads, bumps } = ringArrayCase(c.spec);
  const runs: { ms: number; cpu: number }[] = [];
  let result!: RouteResult;
  for (let k = 0; k < reps; k++) {
    const u0 = process.cpuUsage();
    const t0 = performance.now();
    result = routeDie({ die: { width: c.spec.die[0], height: c.spec.die[1] }, pads, bumps, tech });
    const u = process.cpuUsage(u0);
    runs.push({ ms: performance.now() - t0, cpu: (u.user + u.system) / 1000 });
  }
  runs.sort((a, b) => a.ms - b.ms);
  const med = runs[Math.floor(runs.length / 2)];
  return { name: c.name, nets: result.nets.length, routed: result.routed, medianMs: med.ms, cpuMs: med.cpu, ratio: result.ratio, targetMs: c.targetMs, result };
}

export function formatRouteBench(rows: readonly RouteBenchRow[]): string {
  const lines = [
    'RDL router: median of 3 runs, one thread (wall time; CPU time of that run in brackets)',
    'case                                            nets  routed   time (cpu)          target  WL/LB  tightest cut: demand / free tracks',
  ];
  for (const r of rows) {
    const cut = r.result.tightestCut;
    lines.push(
      `${r.name.slice(0, 46).padEnd(46)} ${String(r.nets).padStart(5)} ${((100 * r.routed) / Math.max(1, r.nets)).toFixed(1).padStart(6)}%  ${(r.medianMs / 1000).toFixed(2).padStart(5)} s (${(r.cpuMs / 1000).toFixed(2)} s)  < ${(r.targetMs / 1000).toFixed(0).padStart(2)} s  ${r.ratio.toFixed(3)}  ${cut ? `${cut.demand} / ${cut.capacity} (${((100 * cut.demand) / cut.capacity).toFixed(0)} %)` : '-'}`,
    );
  }
  return lines.join('\n');
}

/** Runs the three cases and returns the formatted table. */
export function runRouteBench(names?: readonly string[]): string {
  const cases = ROUTE_BENCH_CASES.filter((c) => !names || names.length === 0 || names.includes(c.name[0]));
  return formatRouteBench(cases.map((c) => benchCase(c)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(runRouteBench(process.argv.slice(2)) + '\n');
}
