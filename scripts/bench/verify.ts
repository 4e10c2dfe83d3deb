/**
 * Verification benchmark: DRC + connectivity + LVS + plating/dicing of a full 300 mm wafer of 5 x 5 mm
 * dies (80 um streets, ~2,500 die placements by AREF, die of ~600 shapes: 144 bump stacks, 12 pad
 * stacks, traces, ties, seal ring), on the hierarchy: the die is checked and extracted once, the
 * wafer level only where placements and kerf shapes interact.
 *
 * `runVerifyBench(lib?)` takes any Library (e.g. the wafer module's build once it exists) with
 * `top`, `tech`, `netlist`, `netlistCell` options; without one it builds the synthetic wafer of
 * test/verify/fixtures.ts. Prints one table: phase, seconds, and what was found.
 * Run: `npx tsx scripts/bench/verify.ts` (or through `npm run bench` once the lead wires the case).
 */
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Library } from '../../src/core/index.ts';
import { preset, type Technology } from '../../src/tech/index.ts';
import { checkLibrary, type IntendedNetlist } from '../../src/verify/index.ts';
import { bumpedDie, waferOf } from '../../test/verify/fixtures.ts';
import { fmt, peakRssMb } from './stats.ts';

export interface VerifyBenchInput {
  lib: Library;
  tech: Technology;
  top?: string;
  netlist?: IntendedNetlist;
  /** The cell the netlist's coordinates refer to (the die). */
  netlistCell?: string;
  stubLimitUm?: number;
}

/** The default input: the synthetic 300 mm wafer under amkor-0.4. */
export function syntheticWafer(): VerifyBenchInput & { dies: number; buildS: number } {
  const t0 = performance.now();
  const tech = preset('amkor-0.4');
  const d = bumpedDie(tech);
  const w = waferOf(tech, d, {});
  return { lib: w.lib, tech, netlist: d.netlist, netlistCell: d.die.name, stubLimitUm: 25, dies: w.dies, buildS: (performance.now() - t0) / 1000 };
}

export function runVerifyBench(input?: VerifyBenchInput): string {
  const inp = input ?? syntheticWafer();
  const t0 = performance.now();
  const res = checkLibrary(inp.lib, inp.tech, {
    top: inp.top,
    netlist: inp.netlist,
    netlistCell: inp.netlistCell,
    plating: { stubLimitUm: inp.stubLimitUm },
  });
  const total = (performance.now() - t0) / 1000;
  const r = res.report;
  const tm = r.timings;
  const drcLvs = (tm.drc ?? 0) + (tm.connectivity ?? 0) + (tm.lvs ?? 0);
  const lines: string[] = [];
  const syn = inp as Partial<{ dies: number; buildS: number }>;
  lines.push(`verify: ${r.top} (${r.tech})${syn.dies !== undefined ? `, ${syn.dies} die placements, built in ${fmt(syn.buildS ?? 0)} s` : ''}`);
  lines.push(`  ${os.cpus()[0]?.model ?? 'cpu'} x ${os.cpus().length}, Node ${process.version}`);
  lines.push('');
  lines.push('| phase | seconds | result |');
  lines.push('|---|---:|---|');
  const s = r.drc.stats;
  lines.push(`| DRC (${r.drc.rules.length} rules) | ${fmt(tm.drc ?? 0)} | ${r.drc.violations.length} violations; ${s.cellsChecked} cells, ${s.zones} zones, ${s.windows} windows (${s.windowCacheHits} cached) |`);
  lines.push(`| connectivity | ${fmt(tm.connectivity ?? 0)} | ${r.connectivity?.nets ?? 0} nets on the wafer |`);
  if (r.lvs) lines.push(`| LVS (die) | ${fmt(tm.lvs ?? 0)} | ${r.lvs.ok ? 'ok' : 'FAILED'}: ${r.lvs.matched}/${r.lvs.intendedNets} nets |`);
  if (r.plating) lines.push(`| plating + dicing | ${fmt(tm.plating ?? 0)} | ${r.plating.features} features, connected ${r.plating.connectedBeforeDicing}, isolated ${r.plating.isolatedAfterDicing}, ${r.plating.windowsEvaluated} distinct die windows |`);
  lines.push(`| **DRC + LVS** | **${fmt(drcLvs)}** | target < 5 s |`);
  lines.push(`| total | ${fmt(total)} | peak RSS ${fmt(peakRssMb())} MB |`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(runVerifyBench() + '\n');
}
