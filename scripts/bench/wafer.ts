/**
 * Full-wafer benchmark (issue 5): a 300 mm wafer (3 mm edge exclusion, notch) of a routed 5 x 5 mm
 * die (36 peripheral pads -> 6 x 6 balls at 400 um, amkor-0.4, plating ties), 80 um street, 40 um
 * saw, plated (20 um bus, 2 mm ring), dummy partial sites, 5 x 6 dies per shot.
 *
 * Hierarchical: build (buildWafer) + verify (checkDicing) + write (GDSII), median of BENCH_REPS runs
 * (default 3) after one warm-up; target < 5 s. Flat: the same build + verify, then the streamed flat
 * export, in a child process of its own so its peak RSS is its own; target < 30 s and < 1 GB.
 * The die is routed once per process and not counted (it is the die's build, not the wafer's).
 *
 * `runWaferBench()` returns the table. Run alone: `npx tsx scripts/bench/wafer.ts`.
 * Worker mode (used by the benchmark and the tests):
 *   `tsx scripts/bench/wafer.ts --flat-worker OUT.gds [--sides N]` prints one JSON line.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { bumpStack, dieOutline, padStackCell, sealRing } from '../../cells/index.ts';
import { Cell } from '../../src/core/cell.ts';
import { writeGds } from '../../src/io/gds/index.ts';
import { ringArrayCase } from '../../src/route/cases.ts';
import { drawRouting, routeDie, type RouteBump, type RoutePad, type RouteResult } from '../../src/route/index.ts';
import { preset } from '../../src/tech/index.ts';
import { checkDicing } from '../../src/wafer/dicing.ts';
import { writeFlatGds } from '../../src/wafer/flat.ts';
import { buildWafer, type WaferBuild } from '../../src/wafer/map.ts';
import type { PlatingTie } from '../../src/wafer/plating.ts';
import { fmt, median, peakRssMb } from './stats.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(HERE, '..', '..', 'out', 'bench');
const DIE = 5_000_000;
const TIE_WIDTH = 10_000;

/** The routed benchmark die and its tie ends; `sides` sets the round features' polygon sides (default: the cells' and router's own). */
export function benchDie(sides?: number): { cell: Cell; ties: PlatingTie[]; routeMs: number; route: RouteResult; pads: readonly RoutePad[]; bumps: readonly RouteBump[] } {
  const tech = preset('amkor-0.4');
  const t0 = performance.now();
  const { pads, bumps } = ringArrayCase({ die: [DIE, DIE], pads: 36, padPitch: 300_000, padSize: 80_000, padInset: 100_000, cols: 6, rows: 6, pitch: 400_000 });
  const r = routeDie({ die: { width: DIE, height: DIE }, pads, bumps, tech, options: { ties: { width: TIE_WIDTH }, ...(sides ? { circleVertices: sides } : {}) } });
  if (r.routed !== 36 || r.ties.routed !== 36) throw new Error(`bench die: routed ${r.routed}/36 nets, ${r.ties.routed}/36 ties`);
  const cell = new Cell('BENCH_DIE');
  cell.addRef(dieOutline(tech, { width: DIE, height: DIE }));
  cell.addRef(sealRing(tech, { width: DIE, height: DIE }));
  for (const p of pads) cell.addRef(padStackCell(tech, { width: p.w, height: p.h }), { x: p.x, y: p.y });
  const bump = bumpStack(tech, sides ? { sides } : {});
  for (const b of bumps) cell.addRef(bump, { x: b.x, y: b.y });
  drawRouting(cell, r, tech);
  const ties = r.nets.map((n) => {
    const [x, y] = n.tie![n.tie!.length - 1];
    return { net: n.net, x: Math.round(x * 1000), y: Math.round(y * 1000), width: TIE_WIDTH };
  });
  return { cell, ties, routeMs: performance.now() - t0, route: r, pads, bumps };
}

/** The benchmark wafer of a bench die (the verification benchmark checks the same wafer). */
export function buildBenchWafer(die: { cell: Cell; ties: PlatingTie[] }): WaferBuild {
  return buildWafer({
    name: 'BENCH300',
    tech: preset('amkor-0.4'),
    die: die.cell,
    dieSize: [DIE, DIE],
    wafer: { diameterMm: 300, edgeExclusionMm: 3, street: 80_000, saw: 40_000, notch: true, offset: 'auto', partial: 'dummy', reticle: [5, 6] },
    plating: { bus: 20_000, ring: 2_000_000, ties: die.ties },
  });
}

export interface WaferRun {
  buildS: number;
  verifyS: number;
  writeS: number;
  totalS: number;
  bytes: number;
  dies: number;
  ok: boolean;
}

/** One hierarchical run: build + verify + write to `file`. */
function hierRun(die: { cell: Cell; ties: PlatingTie[] }, file: string): WaferRun {
  const t0 = performance.now();
  const b = buildBenchWafer(die);
  const t1 = performance.now();
  const c = checkDicing(b);
  const t2 = performance.now();
  const bytes = writeGds(b.library, file);
  const t3 = performance.now();
  return { buildS: (t1 - t0) / 1000, verifyS: (t2 - t1) / 1000, writeS: (t3 - t2) / 1000, totalS: (t3 - t0) / 1000, bytes, dies: b.report.diesPlaced, ok: c.ok && c.islandsBefore === 1 && c.netIslandsAfter === 36 * b.report.diesPlaced };
}

export interface FlatRun extends WaferRun {
  flatBytes: number;
  flatPolygons: number;
  peakRssMB: number;
}

/** The flat worker: route, then build + verify + flat write, timed; peak RSS of this process. */
function flatWorker(file: string, sides?: number): FlatRun {
  const die = benchDie(sides);
  const t0 = performance.now();
  const b = buildBenchWafer(die);
  const t1 = performance.now();
  const c = checkDicing(b);
  const t2 = performance.now();
  const f = writeFlatGds(b.library, file);
  const t3 = performance.now();
  return {
    buildS: (t1 - t0) / 1000,
    verifyS: (t2 - t1) / 1000,
    writeS: (t3 - t2) / 1000,
    totalS: (t3 - t0) / 1000,
    bytes: f.bytes,
    dies: b.report.diesPlaced,
    ok: c.ok,
    flatBytes: f.bytes,
    flatPolygons: f.polygons,
    peakRssMB: peakRssMb(),
  };
}

/** Runs the benchmark and returns the table. */
export function runWaferBench(reps = Number(process.env.BENCH_REPS ?? 3)): string {
  fs.mkdirSync(OUT, { recursive: true });
  const die = benchDie();
  const file = path.join(OUT, 'bench-wafer300.gds');
  hierRun(die, file); // warm-up
  const runs: WaferRun[] = [];
  for (let i = 0; i < reps; i++) runs.push(hierRun(die, file));
  const hierRss = peakRssMb();
  const m = (k: keyof WaferRun) => median(runs.map((r) => r[k] as number));
  const flatFile = path.join(OUT, 'bench-wafer300-flat.gds');
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--flat-worker', flatFile], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`flat worker failed (exit ${child.status}):\n${child.stderr}`);
  const flat = JSON.parse(child.stdout.trim().split('\n').pop()!) as FlatRun;
  fs.rmSync(flatFile, { force: true });
  const ok = runs.every((r) => r.ok) && flat.ok;
  return [
    `Full wafer: 300 mm, ${runs[0].dies} routed 5 x 5 mm dies (36 nets, amkor-0.4), plated, dummy edge sites; die routed once in ${fmt(die.routeMs / 1000)} s (not counted)`,
    '| case | build | verify | write | total (target) | output | peak RSS |',
    '|---|---|---|---|---|---|---|',
    `| hierarchical (median of ${reps}) | ${fmt(m('buildS'))} s | ${fmt(m('verifyS'))} s | ${fmt(m('writeS'))} s | ${fmt(m('totalS'))} s (< 5 s) | ${fmt(runs[0].bytes / 1e6)} MB GDS (< 10 MB) | ${fmt(hierRss)} MB |`,
    `| flat (one run, own process) | ${fmt(flat.buildS)} s | ${fmt(flat.verifyS)} s | ${fmt(flat.writeS)} s | ${fmt(flat.totalS)} s (< 30 s) | ${fmt(flat.flatBytes / 1e6)} MB, ${flat.flatPolygons.toLocaleString('en-US')} polygons | ${fmt(flat.peakRssMB)} MB (< 1024 MB) |`,
    `dicing check: ${ok ? 'clean (1 island before dicing, 36 x dies after)' : 'FAILED'}`,
  ].join('\n');
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const w = args.indexOf('--flat-worker');
  if (w >= 0) {
    const s = args.indexOf('--sides');
    process.stdout.write(JSON.stringify(flatWorker(args[w + 1], s >= 0 ? Number(args[s + 1]) : undefined)) + '\n');
  } else {
    process.stdout.write(runWaferBench() + '\n');
  }
}
