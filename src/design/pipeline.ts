/**
 * The build pipeline, shared by the library API, `wlpgen build/check` and `batch`:
 * design -> tech + cells -> route -> wafer -> verify -> outputs. `build` works in memory and returns
 * the library, the report and the bytes of every output; `buildToFiles` writes them atomically
 * (temporary names, renamed only when every file is complete), so an error leaves nothing behind.
 * Output is deterministic: timings go into the report only when asked for.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Library } from '../core/library.ts';
import type { Cell } from '../core/cell.ts';
import { gdsBytes } from '../io/gds/writer.ts';
import { GdsStreamWriter } from '../io/gds/writer.ts';
import { AtomicFileSink, GzipSink, MemorySink, type ByteSink } from '../io/gds/sink.ts';
import { flatPolygons, flatLabels, flatPaths } from '../core/hierarchy.ts';
import { writeLyp } from '../io/lyp/index.ts';
import { daisyChainCsv, planDaisyChain, type DaisyChainPlan } from './chain.ts';
import { cellToSvg, type LayerStyle } from '../io/svg/index.ts';
import { layerTable } from '../tech/index.ts';
import type { Technology } from '../tech/types.ts';
import { routeDie, drawRouting, type RouteResult } from '../route/index.ts';
import { buildWafer, type WaferBuild } from '../wafer/map.ts';
import { shotsToCsv, shotsToJson } from '../wafer/grid.ts';
import { dieCell } from './die.ts';
import { bumpStack } from '../../cells/index.ts';
import type { Design } from './types.ts';
import { verifyBuild, type VerifyReport } from './verify.ts';

export interface BuildOptions {
  /** Write the GDS flattened (streamed); default hierarchical. */
  flat?: boolean;
  /** gzip the GDS (.gds.gz). */
  gz?: boolean;
  /** The command line recorded in the report (default: the equivalent `wlpgen build`). */
  command?: string;
  /** Record stage timings in the report (they differ run to run, so outputs are then not byte-identical). */
  timings?: boolean;
  /** Skip verification (the report says so); for quick previews. */
  skipVerify?: boolean;
}

/** The report (`<name>.report.json`), fields as DESIGN.md defines them. */
export interface BuildReport {
  name: string;
  design: string | null;
  command: string;
  tech: string;
  layers: Record<string, [number, number]>;
  die: { sizeUm: [number, number]; pads: number; bumps: number; pitchUm: number; array: [number, number]; padSource: string; post?: { diameterUm: number; heightUm: number } };
  wafer: null | {
    diameterMm: number; diesPlaced: number; partialSites: number; dummySites: number; offsetMode: string; offsetUm: [number, number];
    pitchUm: [number, number]; variants: { centered: number; streetCentered: number }; arrays: number; singles: number; shots?: number;
  };
  routing: {
    nets: number; routed: number; failed: number; failures: { net: string; reason: string }[];
    wirelengthUm: number; lowerBoundUm: number; ratio: number;
    unassigned: { pads: string[]; bumps: string[] };
    ties: { requested: boolean; routed: number; failed: string[] };
    table: { net: string; pads: string[]; bumps: string[]; lengthUm: number; routed: boolean }[];
  };
  drc: VerifyReport['drc'];
  lvs: VerifyReport['lvs'];
  plating: VerifyReport['plating'];
  clean: boolean;
  /** The daisy chain through every joint (designs with die.bumps.chain: daisy); the balls in order are in <name>.chain.csv. */
  chain?: Omit<DaisyChainPlan, 'steps'>;
  timings?: Record<string, number>;
}

export interface BuildResult {
  design: Design;
  library: Library;
  /** The top cell (the wafer, or the die when the design has no wafer). */
  top: Cell;
  die: Cell;
  route: RouteResult;
  wafer?: WaferBuild;
  report: BuildReport;
  clean: boolean;
  /** Output file name (within the output folder) -> bytes. */
  files: Map<string, Uint8Array>;
}

/** Layer styles for the SVG preview, from the technology (the same colours as the .lyp). */
export function svgLayers(tech: Technology): LayerStyle[] {
  return Object.values(tech.layers).map((l) => ({
    layer: l.layer,
    datatype: l.datatype,
    name: l.name,
    color: l.color,
    ...(l.purpose === 'documentation' ? { outlineOnly: true } : {}),
  }));
}

function round(v: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Builds a design in memory: every output's bytes, the library and the report. */
export function build(design: Design, options: BuildOptions = {}): BuildResult {
  const tech = design.tech;
  const t: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    t[name] = round(now - t0, 1);
    t0 = now;
  };

  // Die: cells, then routing.
  const die = dieCell(design);
  lap('cellsMs');
  // The router must keep its space from the capture pad exactly as the bump cell draws it.
  const topMetal = tech.layers[tech.construction.topMetal];
  const capture = bumpStack(tech).polygons.find((p) => p.layer === topMetal.layer && p.datatype === topMetal.datatype);
  const route = routeDie({
    die: { width: design.die.width, height: design.die.height },
    pads: design.die.pads,
    bumps: design.die.bumps,
    tech,
    options: {
      assignment: design.die.assignment === 'map' ? 'fixed' : 'auto',
      layer: tech.construction.topMetal,
      ...(capture ? { capturePolygon: capture.points } : {}),
      ...(design.plating ? { ties: { width: design.plating.tie } } : {}),
    },
  });
  drawRouting(die, route, tech);
  lap('routeMs');

  // Wafer.
  let wafer: WaferBuild | undefined;
  let library: Library;
  let top: Cell;
  if (design.wafer) {
    const ties = design.plating
      ? route.nets.filter((n) => n.tie && n.tie.length > 0).map((n) => {
        const end = n.tie![n.tie!.length - 1];
        return { net: n.net, x: Math.round(end[0] * 1000), y: Math.round(end[1] * 1000), width: design.plating!.tie };
      })
      : undefined;
    wafer = buildWafer({
      name: design.name,
      tech,
      die,
      dieSize: [design.die.width, design.die.height],
      wafer: design.wafer,
      ...(design.plating && ties ? { plating: { bus: design.plating.bus, ring: design.plating.ring, ties } } : {}),
    });
    library = wafer.library;
    top = wafer.top;
  } else {
    library = new Library(design.name).add(die);
    top = die;
  }
  lap('waferMs');

  // Verification.
  const verify = verifyBuild({ design, library, top, die, route, wafer, skip: options.skipVerify ?? false });
  lap('verifyMs');

  // A daisy chain is planned on the balls the router gave each link (a link that is not routed makes the build unclean anyway).
  const chain = design.die.chain === 'daisy' && route.unassigned.bumps.length === 0
    ? planDaisyChain(route.nets.filter((n) => n.bumps.length === 2).map((n) => ({ net: n.net, balls: [n.bumps[0], n.bumps[1]] as const })), design.die.bumps)
    : undefined;
  const routingFailures = route.nets.filter((n) => !n.routed).map((n) => ({ net: n.net, reason: n.reason ?? 'not routed' }));
  const clean = verify.clean && route.failed === 0 && route.unassigned.pads.length === 0 && route.unassigned.bumps.length === 0;
  const report: BuildReport = {
    name: design.name,
    design: design.file ?? null,
    command: options.command ?? `wlpgen build ${design.file ?? '<design>'}`,
    tech: tech.name,
    layers: layerTable(tech),
    die: {
      sizeUm: [design.die.width / 1000, design.die.height / 1000],
      pads: design.die.pads.length,
      bumps: design.die.bumps.length,
      pitchUm: design.die.pitch / 1000,
      array: [design.die.array[0], design.die.array[1]],
      padSource: design.die.padSource,
      ...(design.die.post ? { post: { diameterUm: design.die.post.diameter / 1000, heightUm: design.die.post.height / 1000 } } : {}),
    },
    wafer: wafer
      ? (() => {
        const { buildMs: _b, plating: _p, dieUm: _d, ...w } = wafer.report;
        return { ...w, diameterMm: wafer.report.diameterMm };
      })()
      : null,
    routing: {
      nets: route.nets.length,
      routed: route.routed,
      failed: route.failed,
      failures: routingFailures,
      wirelengthUm: round(route.wirelengthUm),
      lowerBoundUm: round(route.lowerBoundUm),
      ratio: round(route.ratio, 4),
      unassigned: route.unassigned,
      ties: route.ties,
      table: route.nets.map((n) => ({ net: n.net, pads: n.pads, bumps: n.bumps, lengthUm: round(n.lengthUm), routed: n.routed })),
    },
    drc: verify.drc,
    lvs: verify.lvs,
    plating: verify.plating,
    clean,
    ...(chain ? { chain: (({ steps: _s, ...c }) => c)(chain) } : {}),
  };

  // Outputs.
  const files = new Map<string, Uint8Array>();
  const enc = new TextEncoder();
  if (!options.flat) {
    const bytes = gdsBytes(library);
    if (options.gz) {
      const mem = new MemorySink();
      const gz = new GzipSink(mem);
      gz.write(bytes);
      gz.close();
      files.set(`${design.name}.gds.gz`, mem.bytes());
    } else files.set(`${design.name}.gds`, bytes);
  }
  // Wafer previews leave out the text labels: thousands of die IDs would bury the map (the GDS keeps them).
  files.set(`${design.name}.svg`, enc.encode(cellToSvg(top, { layers: svgLayers(tech), title: design.name, ...(wafer ? { labels: false } : {}) })));
  files.set(`${design.name}.lyp`, enc.encode(writeLyp(tech)));
  if (chain) files.set(`${design.name}.chain.csv`, enc.encode(daisyChainCsv(chain)));
  if (wafer?.shots) {
    files.set(`${design.name}.shots.csv`, enc.encode(shotsToCsv(wafer.shots)));
    files.set(`${design.name}.shots.json`, enc.encode(shotsToJson(wafer.shots)));
  }
  lap('outputMs');
  if (options.timings) report.timings = t;
  files.set(`${design.name}.report.json`, enc.encode(JSON.stringify(report, null, 2) + '\n'));
  return { design, library, top, die, route, wafer, report, clean, files };
}

/** Streams the flattened top cell as GDSII into a sink: bounded memory however large the wafer. */
export function writeFlatGds(library: Library, top: Cell, sink: ByteSink): void {
  const w = new GdsStreamWriter(sink);
  w.beginLibrary(library.name, library.userUnit, library.metreUnit);
  w.beginCell(top.name);
  for (const p of flatPolygons(top)) w.polygon(p.layer, p.datatype, p.points);
  for (const { path: p, transform } of flatPaths(top)) {
    w.path({ ...p, points: transform.applyToCoords(p.points), width: Math.round(p.width * transform.magnification) });
  }
  for (const { label, transform } of flatLabels(top)) w.label({ ...label, transform: transform.compose(label.transform) });
  w.endCell();
  w.endLibrary();
}

export interface FilesResult {
  clean: boolean;
  /** One line for summaries: 'clean' or what is wrong. */
  summary: string;
  /** Paths written. */
  files: string[];
  result: BuildResult;
}

/** Builds and writes every output into `outDir` (created if missing), atomically. */
export async function buildToFiles(design: Design, options: BuildOptions & { outDir?: string } = {}): Promise<FilesResult> {
  const outDir = options.outDir ?? 'out';
  const result = build(design, options);
  fs.mkdirSync(outDir, { recursive: true });
  // Write every file under a temporary name first; rename them all only when all are complete.
  const pending: { tmp: string; final: string }[] = [];
  try {
    const writeTmp = (name: string, produce: (sink: ByteSink) => void) => {
      const final = path.join(outDir, name);
      const tmp = path.join(outDir, `.${name}.${process.pid}.tmp`);
      const raw = new AtomicFileSink(tmp);
      const sink = name.endsWith('.gz') ? new GzipSink(raw) : raw;
      try {
        produce(sink);
        sink.close();
      } catch (err) {
        sink.abort();
        throw err;
      }
      pending.push({ tmp, final });
    };
    if (options.flat) writeTmp(`${design.name}.gds${options.gz ? '.gz' : ''}`, (sink) => writeFlatGds(result.library, result.top, sink));
    for (const [name, bytes] of result.files) writeTmp(name, (sink) => sink.write(bytes));
    for (const p of pending) fs.renameSync(p.tmp, p.final);
  } catch (err) {
    for (const p of pending) fs.rmSync(p.tmp, { force: true });
    throw err;
  }
  const r = result.report;
  const problems: string[] = [];
  if (r.routing.failed) problems.push(`${r.routing.failed} nets unrouted`);
  if (r.routing.unassigned.pads.length || r.routing.unassigned.bumps.length) problems.push(`${r.routing.unassigned.pads.length} pads and ${r.routing.unassigned.bumps.length} balls unassigned`);
  if (r.drc.total) problems.push(`${r.drc.total} DRC violations`);
  if (!r.lvs.ok) problems.push(`LVS: ${r.lvs.opens} opens, ${r.lvs.shorts} shorts`);
  if (r.plating && !(r.plating.connectedBeforeDicing && r.plating.isolatedAfterDicing)) problems.push('plating/dicing check failed');
  return { clean: result.clean, summary: problems.length ? problems.join('; ') : 'clean', files: pending.map((p) => p.final), result };
}
