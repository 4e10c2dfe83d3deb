/**
 * Verification benchmark (issue 6): DRC of a full 300 mm wafer of 5 x 5 mm dies plus LVS, on the
 * hierarchy. The wafer is the wafer benchmark's (scripts/bench/wafer.ts: the routed 36-net die,
 * 6 x 6 balls at 400 um, amkor-0.4, 80 um street, plated with bus, ring and kerf bridges, dummy
 * partial sites), built once and not counted.
 *
 * What is timed, each from cold caches (a new checker per run), median of BENCH_REPS (default 3)
 * after one warm-up:
 * - DRC: every rule of amkor-0.4 on the wafer's top cell (runDrc): the die checked once, the wafer
 *   level only in interaction zones, keyed by placement context and window (drc.ts);
 * - LVS: the die's extracted nets against the intended netlist (the router's pad <-> ball
 *   assignment as asked for, not the drawn metal). Wafer-level nets through the hierarchy are not
 *   in this figure: they are checked by the dicing check below (every die net joined to the ring
 *   before the saw, isolated after it);
 * - plating/dicing (reported apart, not in DRC + LVS): the wafer's window-reusing dicing check
 *   (src/wafer/dicing.ts), whose wafer-level network is the nets through the hierarchy that plating
 *   needs: every die net joined to the contact ring before the saw, isolated after it.
 * Run: `npm run bench -- verify` or `npx tsx scripts/bench/verify.ts`.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { summarizeDrc } from '../../src/design/verify.ts';
import { preset } from '../../src/tech/index.ts';
import { runDrc, type DrcRunResult } from '../../src/verify/drc.ts';
import { lvs, type IntendedNetlist, type LvsResult } from '../../src/verify/netlist.ts';
import { checkDicing } from '../../src/wafer/dicing.ts';
import { benchDie, buildBenchWafer } from './wafer.ts';
import { fmt, median, peakRssMb } from './stats.ts';

/** The intended netlist: the router's pad <-> ball assignment of the bench die, at the design's coordinates. */
function intendedNetlist(die: ReturnType<typeof benchDie>): IntendedNetlist {
  const padAt = new Map(die.pads.map((p) => [p.name, p]));
  const bumpAt = new Map(die.bumps.map((b) => [b.name, b]));
  return {
    nets: die.route.nets.map((n) => ({
      name: n.net,
      pads: n.pads.map((name) => ({ name, xUm: padAt.get(name)!.x / 1000, yUm: padAt.get(name)!.y / 1000 })),
      bumps: n.bumps.map((name) => ({ name, xUm: bumpAt.get(name)!.x / 1000, yUm: bumpAt.get(name)!.y / 1000 })),
    })),
  };
}

interface VerifyRun {
  drcS: number;
  lvsS: number;
  dicingS: number;
  drc: DrcRunResult;
  lvs: LvsResult;
  dicingOk: boolean;
}

/** Runs the benchmark and returns the table. */
export function runVerifyBench(reps = Number(process.env.BENCH_REPS ?? 3)): string {
  const tech = preset('amkor-0.4');
  const die = benchDie();
  const netlist = intendedNetlist(die);
  const t0 = performance.now();
  const wafer = buildBenchWafer(die);
  const buildS = (performance.now() - t0) / 1000;
  const top = wafer.library.topCells()[0];
  const once = (): VerifyRun => {
    const a = performance.now();
    const drc = runDrc(top, tech);
    const b = performance.now();
    const l = lvs(die.cell, tech, netlist);
    const c = performance.now();
    const d = checkDicing(wafer);
    const e = performance.now();
    return { drcS: (b - a) / 1000, lvsS: (c - b) / 1000, dicingS: (e - c) / 1000, drc, lvs: l, dicingOk: d.ok };
  };
  once(); // warm-up
  const runs: VerifyRun[] = [];
  for (let i = 0; i < reps; i++) runs.push(once());
  const m = (f: (r: VerifyRun) => number) => median(runs.map(f));
  const last = runs[runs.length - 1];
  // Violations per rule as the build report counts them (merged marker groups x placements).
  const { byRule } = summarizeDrc(last.drc, 0);
  const s = last.drc.stats;
  const counts = Object.entries(byRule).sort((x, y) => (x[0] < y[0] ? -1 : 1));
  return [
    `Verification: 300 mm wafer, ${wafer.report.diesPlaced} routed 5 x 5 mm dies (36 nets, amkor-0.4), plated, dummy edge sites; built in ${fmt(buildS)} s (not counted); ${os.cpus()[0]?.model ?? 'cpu'} x ${os.cpus().length}, Node ${process.version}`,
    '| phase (median of ' + reps + ') | seconds | result |',
    '|---|---:|---|',
    `| DRC, ${last.drc.rules.length} rules, whole wafer | ${fmt(m((r) => r.drcS))} | ${counts.length ? counts.map(([id, n]) => `${id}: ${n}`).join(', ') : 'clean (0 for every rule)'}; ${s.cellsChecked} cells, ${s.contexts} placement contexts (${s.contextCacheHits} reused), ${s.zones} zones, ${s.windows} windows (${s.windowCacheHits} cached) |`,
    `| LVS, die netlist vs intended (not wafer-level nets) | ${fmt(m((r) => r.lvsS))} | ${last.lvs.ok ? 'ok' : 'FAILED'}: ${last.lvs.matched}/${last.lvs.intendedNets} nets, ${last.lvs.opens.length} opens, ${last.lvs.shorts.length} shorts |`,
    `| **DRC + LVS** | **${fmt(m((r) => r.drcS + r.lvsS))}** | target < 5 s |`,
    `| plating/dicing (wafer network, apart) | ${fmt(m((r) => r.dicingS))} | ${last.dicingOk ? 'ok' : 'FAILED'} |`,
    `peak RSS ${fmt(peakRssMb())} MB`,
  ].join('\n');
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) process.stdout.write(runVerifyBench() + '\n');
