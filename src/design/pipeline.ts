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
import { htmlReport, waferMapOf } from '../io/html/index.ts';
import { klayoutPng } from '../io/png/index.ts';
import { layerTable } from '../tech/index.ts';
import type { Technology } from '../tech/types.ts';
import { routeDie, drawRouting, type RouteResult } from '../route/index.ts';
import { buildWafer, type WaferBuild } from '../wafer/map.ts';
import { shotsToCsv, shotsToJson } from '../wafer/grid.ts';
import { dieCell } from './die.ts';
import { bumpStack } from '../../cells/index.ts';
import type { Design } from './types.ts';
import { verifyBuild, type VerifyReport } from './verify.ts';
import { buildStack, stackRouting, verifyStack, type StackBuild, type StackReport, type StackVerify } from '../stack/index.ts';
import { mechReport, type MaterialName, type MechReport } from '../mech/index.ts';

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
  /** buildToFiles only: also write <name>.png, the GDS rendered by KLayout with the .lyp (skipped, with a note, when KLayout is absent). */
  png?: boolean;
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
  /** Mechanics per ball (thermal-mismatch DNP table, post bending) and the seeds' range warnings (src/mech/report.ts). */
  mech: MechReport;
  /** The stack (tiers, TSVs, stack checks, seed-000 warnings), or null for a single-wafer design. */
  stack: StackReport | null;
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
  /** The stack's tiers, routes and intended nets, for a design with `stack`. */
  stack?: StackBuild;
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

/**
 * The report's mechanics section: every ball with the net the router gave it, the design's `mech`
 * inputs (MECH_DEFAULTS when absent), the post under the balls, the polymer and resin thicknesses.
 */
function mechOf(design: Design, route: RouteResult): MechReport {
  const netOf = new Map<string, string>();
  for (const n of route.nets) for (const b of n.bumps) netOf.set(b, n.net);
  const m = design.mech;
  const post = design.die.post;
  const polymer = m?.polymerUm;
  const projection = post && polymer !== undefined ? post.height / 1000 - polymer : undefined;
  return mechReport({
    balls: design.die.bumps.map((b) => ({ name: b.name, net: netOf.get(b.name) ?? null, xUm: b.x / 1000, yUm: b.y / 1000 })),
    ...(m ? { deltaTK: m.deltaTK, substrate: m.substrate as MaterialName, board: m.board as MaterialName, boundary: m.boundary } : {}),
    ...(post ? { post: { diameterUm: post.diameter / 1000, heightUm: post.height / 1000 } } : {}),
    dimensions: {
      ...(polymer !== undefined ? { polymerThicknessUm: polymer } : {}),
      ...(projection !== undefined && projection > 0 ? { postProjectionUm: projection } : {}),
      ...(m?.resinTotalUm !== undefined ? { resinTotalThicknessUm: m.resinTotalUm } : {}),
    },
  });
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

  // Die: cells, then routing. A stack builds and routes every tier (src/stack); `route` is its top tier's.
  const stackBuild = design.stack ? buildStack(design) : undefined;
  const die = stackBuild ? stackBuild.die : dieCell(design);
  lap('cellsMs');
  // The router must keep its space from the capture pad exactly as the bump cell draws it.
  const topMetal = tech.layers[tech.construction.topMetal];
  const capture = bumpStack(tech).polygons.find((p) => p.layer === topMetal.layer && p.datatype === topMetal.datatype);
  const route = stackBuild ? stackBuild.tiers[stackBuild.tiers.length - 1].route : routeDie({
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
  if (!stackBuild) drawRouting(die, route, tech);
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
  const verify: VerifyReport = stackBuild ? verifyStack(stackBuild, top, options.skipVerify ?? false) : verifyBuild({ design, library, top, die, route, wafer, skip: options.skipVerify ?? false });
  lap('verifyMs');

  // A daisy chain is planned on the balls the router gave each link (a link that is not routed makes the build unclean anyway).
  const chain = design.die.chain === 'daisy' && route.unassigned.bumps.length === 0
    ? planDaisyChain(route.nets.filter((n) => n.bumps.length === 2).map((n) => ({ net: n.net, balls: [n.bumps[0], n.bumps[1]] as const })), design.die.bumps)
    : undefined;
  const routingFailures = route.nets.filter((n) => !n.routed).map((n) => ({ net: n.net, reason: n.reason ?? 'not routed' }));
  const routingReport = stackBuild ? stackRouting(stackBuild) : undefined;
  const routed = routingReport ?? route;
  const clean = verify.clean && routed.failed === 0 && routed.unassigned.pads.length === 0 && routed.unassigned.bumps.length === 0;
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
    routing: routingReport ?? {
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
    mech: mechOf(design, route),
    stack: stackBuild ? (verify as StackVerify).stack : null,
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
  // Labels are drawn at their GDS size (die IDs, net names); those too small to read at the preview's size are left out.
  files.set(`${design.name}.svg`, enc.encode(cellToSvg(top, { layers: svgLayers(tech), title: design.name })));
  // The wafer map a person reads (statuses, IDs, shots, plating), drawn from the wafer model.
  if (wafer) files.set(`${design.name}.map.svg`, enc.encode(waferMapOf(wafer, design.name, verify.drc.violations)));
  files.set(`${design.name}.lyp`, enc.encode(writeLyp(tech)));
  if (chain) files.set(`${design.name}.chain.csv`, enc.encode(daisyChainCsv(chain)));
  if (wafer?.shots) {
    files.set(`${design.name}.shots.csv`, enc.encode(shotsToCsv(wafer.shots)));
    files.set(`${design.name}.shots.json`, enc.encode(shotsToJson(wafer.shots)));
  }
  lap('outputMs');
  if (options.timings) report.timings = t;
  // After the timings, so the report page shows them; one self-contained page (see io/html).
  files.set(`${design.name}.html`, enc.encode(htmlReport({ report, source: design.source, die, layers: svgLayers(tech), nets: route.nets, ...(wafer ? { wafer } : {}) })));
  files.set(`${design.name}.report.json`, enc.encode(JSON.stringify(report, null, 2) + '\n'));
  return { design, library, top, die, route, wafer, ...(stackBuild ? { stack: stackBuild } : {}), report, clean, files };
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
  /** Why <name>.png was not written although options.png asked for it (KLayout missing or failing). */
  pngSkipped?: string;
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
  // The KLayout picture is rendered from the files just written; a missing KLayout only leaves a note.
  let pngSkipped: string | undefined;
  if (options.png) {
    const gds = pending.map((p) => p.final).find((f) => /\.gds(\.gz)?$/.test(f))!;
    const png = klayoutPng(gds, path.join(outDir, `${design.name}.lyp`));
    if (png.ok) {
      const final = path.join(outDir, `${design.name}.png`);
      const tmp = path.join(outDir, `.${design.name}.png.${process.pid}.tmp`);
      fs.writeFileSync(tmp, png.bytes);
      fs.renameSync(tmp, final);
      pending.push({ tmp, final });
    } else pngSkipped = png.reason;
  }
  const r = result.report;
  const problems: string[] = [];
  if (r.routing.failed) problems.push(`${r.routing.failed} nets unrouted`);
  if (r.routing.unassigned.pads.length || r.routing.unassigned.bumps.length) problems.push(`${r.routing.unassigned.pads.length} pads and ${r.routing.unassigned.bumps.length} balls unassigned`);
  if (r.drc.total) problems.push(`${r.drc.total} DRC violations`);
  if (!r.lvs.ok) problems.push(`LVS: ${r.lvs.opens} opens, ${r.lvs.shorts} shorts`);
  if (r.stack?.violationCount) problems.push(`${r.stack.violationCount} stack (TSV) violations`);
  if (r.plating && !(r.plating.connectedBeforeDicing && r.plating.isolatedAfterDicing)) problems.push('plating/dicing check failed');
  return { clean: result.clean, summary: problems.length ? problems.join('; ') : 'clean', files: pending.map((p) => p.final), result, ...(pngSkipped ? { pngSkipped } : {}) };
}
